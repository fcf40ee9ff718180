/// The small word lists `entity.rules` types names with, written for TaskFlow.
///
/// How they were made: typed by hand for this project from general knowledge — country,
/// continent, US-state and capital names are public facts; the large cities are a selection by
/// population and fame; the first names are common given names in English-speaking countries
/// (and a few frequent elsewhere); companies, products, works and groups are well-known names
/// that often occur in product feedback and social media; cue words are ordinary English. No
/// list was copied from another project. Entries are matched case-insensitively, word by word.
/// Changing a list changes `EntityWordLists.version`, which is part of the analyzer's
/// fingerprint.
enum EntityWordLists {
    /// Bumped whenever a list below changes (enters the analyzer's fingerprint).
    static let version = "1"

    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "|" || $0 == "\n" }).map { part in
            String(part.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
        }.filter { !$0.isEmpty }
    }

    // MARK: Places (LOC)

    static let countries = list("""
        Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahamas|Bahrain|Bangladesh
        Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi
        Cambodia|Cameroon|Canada|Chad|Chile|China|Colombia|Comoros|Congo|Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|Czechia
        Denmark|Djibouti|Dominica|Dominican Republic|Ecuador|Egypt|El Salvador|Eritrea|Estonia|Eswatini|Ethiopia|Fiji|Finland
        France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guyana|Haiti|Honduras|Hungary|Iceland|India
        Indonesia|Iran|Iraq|Ireland|Israel|Italy|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kiribati|Korea|North Korea|South Korea
        Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Madagascar
        Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|Mexico|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique
        Myanmar|Burma|Namibia|Nauru|Nepal|Netherlands|Holland|New Zealand|Nicaragua|Niger|Nigeria|Norway|Oman|Pakistan|Palau
        Palestine|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Samoa
        San Marino|Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|Somalia|South Africa
        South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|Tonga
        Trinidad|Tunisia|Turkey|Turkmenistan|Tuvalu|Uganda|Ukraine|United Arab Emirates|UAE|United Kingdom|UK|United States
        United States of America|USA|US|America|Uruguay|Uzbekistan|Vanuatu|Vatican|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe
        England|Scotland|Wales|Northern Ireland|Britain|Great Britain|Greenland|Puerto Rico|Hong Kong|Tibet|Catalonia
        """)

    static let regions = list("""
        Africa|Asia|Europe|Antarctica|Oceania|North America|South America|Latin America|Central America|Middle East
        Caribbean|Scandinavia|Balkans|Siberia|Sahara|Arctic|Mediterranean|Pacific|Atlantic|Himalayas|Alps|Amazon River
        Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|Indiana|Iowa
        Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska
        Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania
        Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|West Virginia|Wisconsin|Wyoming
        Ontario|Quebec|British Columbia|Alberta|Manitoba|Nova Scotia|Bavaria|Tuscany|Sicily|Bali|Java|Sumatra|Tasmania
        Queensland|Victoria|New South Wales|Punjab|Kashmir|Kerala|Gaza|West Bank|Crimea|Yorkshire|Cornwall|Kent|Essex
        Silicon Valley|Midwest|Bay Area|Hollywood|Manhattan|Brooklyn|Queens|Bronx|Harlem|Soho|Downtown|Chinatown
        """)

    static let cities = list("""
        London|Paris|Berlin|Madrid|Rome|Milan|Naples|Venice|Florence|Barcelona|Seville|Valencia|Lisbon|Porto|Dublin|Belfast
        Edinburgh|Glasgow|Manchester|Liverpool|Birmingham|Leeds|Bristol|Sheffield|Newcastle|Cardiff|Oxford|Cambridge|Brighton
        Amsterdam|Rotterdam|Brussels|Antwerp|Vienna|Zurich|Geneva|Munich|Hamburg|Frankfurt|Cologne|Stuttgart|Prague|Warsaw
        Krakow|Budapest|Bucharest|Sofia|Athens|Istanbul|Ankara|Moscow|Saint Petersburg|St Petersburg|Kiev|Kyiv|Minsk|Riga
        Vilnius|Tallinn|Helsinki|Stockholm|Oslo|Copenhagen|Reykjavik|Belgrade|Zagreb|Sarajevo|Marseille|Lyon|Nice|Monaco
        Tokyo|Osaka|Kyoto|Seoul|Busan|Beijing|Shanghai|Shenzhen|Guangzhou|Wuhan|Taipei|Manila|Jakarta|Bangkok|Hanoi
        Ho Chi Minh City|Kuala Lumpur|Delhi|New Delhi|Mumbai|Bombay|Bangalore|Chennai|Kolkata|Hyderabad|Karachi|Lahore
        Islamabad|Dhaka|Kathmandu|Colombo|Dubai|Abu Dhabi|Doha|Riyadh|Mecca|Tehran|Baghdad|Damascus|Beirut|Jerusalem
        Tel Aviv|Cairo|Alexandria|Lagos|Abuja|Nairobi|Addis Ababa|Johannesburg|Cape Town|Durban|Casablanca|Marrakech|Tunis
        Accra|Kinshasa|Sydney|Melbourne|Brisbane|Perth|Adelaide|Auckland|Wellington|Toronto|Montreal|Vancouver|Ottawa
        Calgary|Edmonton|Winnipeg|Mexico City|Guadalajara|Havana|Bogota|Lima|Santiago|Buenos Aires|Sao Paulo|São Paulo|Rio
        Rio de Janeiro|Caracas|Quito|Montevideo|New York City|NYC|Los Angeles|LA|Chicago|Houston|Phoenix|Philadelphia
        Philly|San Antonio|San Diego|Dallas|San Jose|Austin|Jacksonville|Fort Worth|Columbus|Charlotte|San Francisco|SF
        Indianapolis|Seattle|Denver|Washington|Washington DC|DC|Boston|El Paso|Nashville|Detroit|Oklahoma City|Portland
        Las Vegas|Vegas|Memphis|Louisville|Baltimore|Milwaukee|Albuquerque|Tucson|Fresno|Sacramento|Kansas City|Atlanta
        Miami|Orlando|Tampa|Raleigh|Omaha|Minneapolis|Cleveland|Pittsburgh|Cincinnati|St Louis|New Orleans|Honolulu
        Salt Lake City|Anchorage|Buffalo|Newark|Oakland|Berkeley|Long Beach|Santa Monica|Pasadena|Hoboken|Brooklyn
        """)

    // MARK: People (PERSON)

    static let firstNames = list("""
        James|John|Robert|Michael|William|David|Richard|Joseph|Thomas|Charles|Christopher|Daniel|Matthew|Anthony|Mark
        Donald|Steven|Paul|Andrew|Joshua|Kenneth|Kevin|Brian|George|Timothy|Ronald|Edward|Jason|Jeffrey|Ryan|Jacob|Gary
        Nicholas|Eric|Jonathan|Stephen|Larry|Justin|Scott|Brandon|Benjamin|Samuel|Gregory|Alexander|Frank|Patrick|Raymond
        Jack|Dennis|Jerry|Tyler|Aaron|Jose|Adam|Nathan|Henry|Douglas|Zachary|Peter|Kyle|Noah|Ethan|Jeremy|Walter|Christian
        Keith|Roger|Terry|Austin|Sean|Gerald|Carl|Harold|Dylan|Arthur|Lawrence|Jordan|Jesse|Bryan|Billy|Bruce|Gabriel|Joe
        Logan|Albert|Willie|Alan|Eugene|Russell|Vincent|Philip|Bobby|Johnny|Bradley|Roy|Ralph|Louis|Randy|Wayne|Elijah
        Liam|Mason|Lucas|Oliver|Aiden|Jayden|Caleb|Luke|Isaac|Owen|Connor|Hunter|Evan|Cameron|Jake|Chris|Mike|Dave|Steve
        Tom|Tim|Jim|Bob|Bill|Ben|Sam|Dan|Danny|Matt|Nick|Tony|Andy|Alex|Max|Charlie|Harry|Oscar|Leo|Jamie|Josh|Jon|Will
        Ian|Neil|Colin|Graham|Stuart|Craig|Martin|Simon|Rob|Robbie|Rick|Ricky|Greg|Jeff|Pete|Phil|Ted|Ed|Eddie|Fred|Frankie
        Mary|Patricia|Jennifer|Linda|Elizabeth|Barbara|Susan|Jessica|Sarah|Karen|Nancy|Lisa|Betty|Margaret|Sandra|Ashley
        Kimberly|Emily|Donna|Michelle|Dorothy|Carol|Amanda|Melissa|Deborah|Stephanie|Rebecca|Sharon|Laura|Cynthia|Kathleen
        Amy|Shirley|Angela|Helen|Anna|Brenda|Pamela|Nicole|Emma|Samantha|Katherine|Christine|Debra|Rachel|Catherine
        Carolyn|Janet|Ruth|Maria|Heather|Diane|Virginia|Julie|Joyce|Victoria|Olivia|Kelly|Christina|Lauren|Joan|Evelyn
        Judith|Megan|Cheryl|Andrea|Hannah|Martha|Jacqueline|Frances|Gloria|Ann|Teresa|Kathryn|Sara|Janice|Jean|Alice
        Madison|Doris|Abigail|Julia|Judy|Grace|Denise|Amber|Marilyn|Beverly|Danielle|Theresa|Sophia|Marie|Diana|Brittany
        Natalie|Isabella|Charlotte|Rose|Alexis|Kayla|Ava|Mia|Chloe|Ella|Lily|Zoe|Sophie|Ellie|Lucy|Amelia|Harper|Aria
        Jess|Kate|Katie|Kathy|Jenny|Jen|Liz|Beth|Becky|Meg|Molly|Holly|Claire|Clara|Eva|Eve|Leah|Sophia|Nina|Tina|Gina
        Paula|Rita|Wendy|Vicky|Tracy|Stacy|Erin|Erica|Kim|Kristen|Kristin|Lindsay|Lindsey|Whitney|Taylor|Morgan|Brooke
        Haley|Paige|Sydney|Jasmine|Destiny|Courtney|Chelsea|Kelsey|Alyssa|Allison|Vanessa|Monica|Veronica|Tiffany|Crystal
        Muhammad|Mohammed|Ahmed|Ali|Omar|Hassan|Fatima|Aisha|Raj|Priya|Rahul|Amit|Arjun|Wei|Li|Chen|Hiroshi|Yuki|Kenji
        Juan|Carlos|Luis|Miguel|Jorge|Pedro|Pablo|Diego|Javier|Antonio|Manuel|Francisco|Sofia|Camila|Valentina|Lucia
        Pierre|Jean|Jacques|Louis|Marie|Hans|Klaus|Stefan|Lars|Sven|Ivan|Dmitri|Sergei|Olga|Natasha|Giuseppe|Marco|Luca
        Justin|Kanye|Beyonce|Rihanna|Drake|Adele|Shakira|Madonna|Selena|Miley|Ariana|Harry|Zayn|Niall|Louis|Liam
        Trump|Obama|Hillary|Clinton|Bernie|Biden|Putin|Elon
        """)

    /// Words before a name that make it a person's: `Dr Smith`, `President Lincoln`. They are not
    /// part of the span.
    static let titles = list("""
        mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord|president|senator|sen|governor|gov|mayor|king|queen|prince
        princess|pope|saint|coach|captain|capt|uncle|aunt|auntie|grandma|grandpa|rev|reverend|officer|judge|general|sgt
        sergeant|detective|agent|minister|chancellor|rep|congressman|congresswoman|bishop|cardinal|rabbi|imam|mister
        """)

    // MARK: Organisations (ORG, GROUP)

    static let companies = list("""
        Apple|Google|Alphabet|Microsoft|Amazon|Facebook|Meta|Twitter|Instagram|YouTube|Netflix|Spotify|Uber|Lyft|Airbnb
        Tesla|SpaceX|Samsung|Sony|Nintendo|LG|Huawei|Xiaomi|Lenovo|Dell|HP|IBM|Intel|AMD|Nvidia|Qualcomm|Oracle|Cisco|Adobe
        Salesforce|PayPal|eBay|Walmart|Target|Costco|IKEA|Starbucks|McDonald's|McDonalds|Burger King|KFC|Subway|Wendy's
        Taco Bell|Domino's|Pizza Hut|Coca-Cola|Coke|Pepsi|PepsiCo|Nestle|Unilever|Nike|Adidas|Puma|Reebok|Zara|H&M|Gucci
        Prada|Chanel|Louis Vuitton|Toyota|Honda|Ford|GM|General Motors|Chevrolet|Chevy|BMW|Mercedes|Audi|Volkswagen|VW
        Porsche|Ferrari|Nissan|Hyundai|Kia|Volvo|Boeing|Airbus|Delta|United Airlines|American Airlines|Southwest|Ryanair
        easyJet|Lufthansa|Emirates|Verizon|AT&T|T-Mobile|Sprint|Comcast|Vodafone|Disney|Warner Bros|HBO|BBC|CNN|Fox|NBC|CBS
        ABC|ESPN|MTV|Reuters|Bloomberg|Goldman Sachs|JPMorgan|Chase|Citi|Citibank|Wells Fargo|Barclays|HSBC|Visa|Mastercard
        Pfizer|Moderna|Johnson & Johnson|Bayer|Shell|BP|Exxon|ExxonMobil|Chevron|Siemens|Philips|Bosch|Panasonic|Canon
        Nikon|Fujifilm|GoPro|Fitbit|Garmin|Logitech|Razer|Valve|Steam|EA|Ubisoft|Activision|Blizzard|Epic Games|Rockstar
        Reddit|Tumblr|Snapchat|TikTok|LinkedIn|Pinterest|WhatsApp|Telegram|Discord|Slack|Zoom|Dropbox|GitHub|Stack Overflow
        OpenAI|Anthropic|Alibaba|Tencent|Baidu|Yahoo|Bing|Mozilla|Canonical|Red Hat|Atlassian|Shopify|Etsy|Wayfair|Best Buy
        Home Depot|Walgreens|CVS|Kroger|Tesco|Sainsbury's|Asda|Aldi|Lidl|Primark|Whole Foods|Trader Joe's|FedEx|UPS|DHL
        """)

    static let groups = list("""
        Democrats|Republicans|GOP|Labour|Tories|Conservatives|Liberals|NATO|UN|United Nations|EU|European Union|FBI|CIA|NSA
        NASA|WHO|Congress|Senate|Parliament|Supreme Court|White House|Pentagon|Interpol|Red Cross|UNICEF|Greenpeace|ISIS
        Taliban|Al Qaeda|Hamas|Hezbollah|NFL|NBA|MLB|NHL|FIFA|UEFA|Olympics|Premier League|Lakers|Celtics|Warriors|Bulls
        Knicks|Yankees|Red Sox|Dodgers|Cowboys|Patriots|Packers|Steelers|Eagles|Giants|Seahawks|Broncos|Arsenal|Chelsea
        Liverpool FC|Man United|Manchester United|Man City|Manchester City|Barca|Real Madrid|Juventus|Bayern|PSG|Beatles
        Rolling Stones|Queen|Coldplay|Radiohead|Nirvana|Metallica|One Direction|BTS|Blackpink|Linkin Park|Green Day
        """)

    /// Last words that make a capitalised span a company: `Acme Inc`, `Globex Corp`.
    static let companySuffixes = list("""
        inc|ltd|llc|llp|corp|corporation|co|company|gmbh|plc|ag|sa|bv|holdings|technologies|technology|tech|labs|systems
        industries|enterprises|motors|airlines|airways|bank|pharmaceuticals|pharma|media|studios|software|foods|entertainment
        records|solutions|partners|group|networks|electronics|games|interactive|capital|ventures|brands|insurance|telecom
        """)

    /// Last (or first) words that make a capitalised span a group: `Ohio University`, `Leeds FC`.
    static let groupSuffixes = list("""
        university|college|school|academy|institute|fc|united|team|band|party|church|club|society|association|council
        committee|army|navy|police|orchestra|choir|foundation|federation|league|union|department|ministry|agency|commission
        """)

    /// Last words that make a capitalised span a place: `Redondo Beach Blvd`, `Lake Tahoe`.
    static let placeSuffixes = list("""
        street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|way|city|county|beach|park|river|lake|mountain|mountains
        island|islands|bay|valley|airport|station|bridge|square|hills|heights|falls|canyon|harbor|harbour|province|village
        town|mall|stadium|arena|coast|peninsula|desert|forest|creek|springs|ocean|sea|state|states|republic|kingdom|plaza
        """)

    /// First words that make a capitalised span a place: `Mount Everest`, `Lake Tahoe`.
    static let placePrefixes = list("mount|mt|lake|fort|port|cape|isle|san|santa|los|las|el")

    // MARK: Products and works (PRODUCT, WORK)

    static let products = list("""
        iPhone|iPad|iPod|iMac|MacBook|MacBook Pro|MacBook Air|Mac|Apple Watch|AirPods|Android|Windows|Windows 10|Windows 11
        macOS|iOS|Linux|Ubuntu|Chrome|Firefox|Safari|Edge|Photoshop|Excel|Word|PowerPoint|Outlook|Office|Gmail|Google Maps
        Xbox|Xbox One|PlayStation|PS3|PS4|PS5|Nintendo Switch|Wii|Game Boy|Kindle|Alexa|Echo|Siri|Cortana|Galaxy|Pixel
        Surface|ThinkPad|Model S|Model 3|Model X|Model Y|Prius|Mustang|Camry|Civic|Corolla|Big Mac|Whopper|Frappuccino
        Red Bull|Doritos|Oreo|Nutella|Lego|Barbie|Playdoh|Roomba|Nest|Chromecast|Fire TV|Roku|Oculus|Quest|Vive|Walkman
        Python|Java|JavaScript|TypeScript|PHP|Ruby|Rails|Node|React|Angular|Vue|Swift|Kotlin|Rust|Go|C++|C#|SQL|MySQL
        PostgreSQL|SQLite|MongoDB|Redis|Docker|Kubernetes|Git|Visual Studio|VS Code|Eclipse|Xcode|Jupyter|TensorFlow
        PyTorch|Django|Flask|jQuery|Bootstrap|WordPress|Unity|Unreal|Blender|Matlab|Excel|Tinder|Bitcoin|Ethereum
        Bluetooth|Wi-Fi|WiFi|USB|USB-C|NFC|HDMI|GPS|AirPlay|Zigbee|Thunderbolt|Lightning|MagSafe|FaceTime|iMessage
        """)

    /// Last words that make a capitalised span a product: `Aura Speaker`, `Halo Cam`, `Aura Plus`.
    static let productSuffixes = list("""
        speaker|speakers|cam|camera|phone|watch|buds|earbuds|headphones|headset|tv|laptop|tablet|console|router|hub
        bulb|plug|thermostat|doorbell|vacuum|drone|keyboard|mouse|monitor|charger|app|pro|max|plus|mini|ultra|lite|xl
        """)

    static let works = list("""
        Bible|Quran|Koran|Torah|Harry Potter|Star Wars|Star Trek|Game of Thrones|Breaking Bad|The Walking Dead|Walking Dead
        Stranger Things|Friends|The Office|The Simpsons|Simpsons|Family Guy|South Park|Doctor Who|Sherlock|Lord of the Rings
        The Hobbit|Hunger Games|Twilight|Frozen|Avatar|Titanic|Inception|Minecraft|Fortnite|Pokemon|Pokémon|Zelda|Mario
        Super Mario|Call of Duty|Halo|GTA|Grand Theft Auto|Skyrim|Overwatch|League of Legends|World of Warcraft|Tetris
        Sims|The Sims|Batman|Superman|Spider-Man|Spiderman|Avengers|Iron Man|Captain America|Star Wars|Toy Story|Shrek
        Despacito|Thriller|Hamlet|Macbeth|Romeo and Juliet|Mona Lisa|Wikipedia|SNL|Saturday Night Live|Jeopardy|Glee
        """)

    /// Gazetteer names that are also ordinary words: matched only when capitalised (and not
    /// at the start of a sentence); other one-word names match in lower case too
    /// (`australia`, `minecraft`, `lenovo`).
    static let ambiguousNames = list("""
        apple|amazon|target|word|edge|office|echo|quest|go|swift|rust|node|friends|frozen|chase|delta|subway|visa|shell
        sprint|steam|zoom|slack|queen|giants|eagles|sims|halo|surface|galaxy|nest|mac|java|ruby|python|windows|chrome
        safari|excel|unity|avatar|thriller|twilight|glee|tinder|coke|fox|blizzard|valve|canon|bulls|warriors|patriots
        cowboys|packers|turkey|china|jordan|georgia|victoria|kent|reading|mobile|phoenix|buffalo|charlotte|austin
        washington|columbus|nice|rio|sydney|react|angular|vue|flask|rails|git|unreal|blender|bootstrap|friends|office
        pixel|alexa|siri|word|outlook|target|meta|discord|snapchat|stack|shell|bp|ea|ge|gm|hp|lg|ups|abc|fox|who|un|eu|us
        congress|senate|parliament|chelsea|arsenal|victoria|sherlock|mario|frozen|titanic|inception|halo|quest|echo
        kindle|roku|vive|go|sql|php|c|walkman|prius|mustang|civic|oreo|lego|barbie|bitcoin|sims|la|sf|dc|nyc|uk|usa|uae
        drake|adele|madonna|selena|miley|harry|bernie|elon|trump|obama|clinton|hillary|biden|putin|queens|soho|downtown
        chinatown|midwest|hollywood|bronx|harlem|eclipse|matlab|docker|jupyter|django|jquery|wordpress|node|ruby|fitbit
        """)

    // MARK: Cue words

    /// Words before a capitalised span that make it a place: `in Gardena`, `from Ohio`.
    static let placeCues = list("in|from|near|across|around|visit|visiting|visited|via|outside|inside|towards|toward|downtown")

    /// Words before a capitalised span that make it a product: `my Pixel`, `new Galaxy`, `a Jetta`.
    static let productCues = list("my|new|bought|buy|buying|using|ordered|upgraded|install|installed|installing|download|downloaded|own|your|a|an")

    /// Words before a capitalised span that make it a creative work: `watching Inception`.
    static let workCues = list("""
        watch|watched|watching|read|reading|play|playing|played|listen|listening|movie|film|song|album|book|show|series
        episode|season|novel|game|track|single|sing|singing|sang|see|saw|seen|binge|binged|rewatch|rewatching|titled|called
        """)

    /// Words after a capitalised span that make it a creative work: `Inception trailer`.
    static let workFollowers = list("trailer|soundtrack|season|episode|episodes|movie|film|album|song|sequel|remake|premiere|finale|lyrics|cover")

    /// Words after a capitalised span that make it a product: `Galaxy update`, `Pixel app`.
    static let productFollowers = list("app|update|phone|device|laptop|tablet|console|camera|charger|battery|firmware|plugin|version|model|edition")

    /// Words after a capitalised span that make it a person: `Smith said`, `Anna's`.
    static let personFollowers = list("said|says|tweeted|wrote|told|asked|thinks|believes|is|was|has|had|who|himself|herself")

    /// Words that name software or devices whose version follows: `iOS 17`, `Windows 11`.
    static let versionedProducts = list("""
        ios|ipados|macos|osx|android|windows|win|ubuntu|debian|fedora|python|java|php|perl|ruby|node|chrome|firefox|safari
        photoshop|office|excel|xcode|swift|kotlin|rails|django|angular|react|vue|linux|kernel|firmware|bios|gnome|kde
        """)

    /// Words before a number that make it a version: `version 4.2`, `update 2.0`.
    static let versionCues = list("version|ver|update|release|build|patch|firmware|beta|alpha|v")

    /// Words after a number that make it a version: `the 4.2 update`.
    static let versionFollowers = list("update|release|version|beta|patch|build|firmware|upgrade|alpha")

    static let months: [(String, Int)] = [
        ("january", 1), ("jan", 1), ("february", 2), ("feb", 2), ("march", 3), ("mar", 3), ("april", 4), ("apr", 4),
        ("may", 5), ("june", 6), ("jun", 6), ("july", 7), ("jul", 7), ("august", 8), ("aug", 8), ("september", 9),
        ("sep", 9), ("sept", 9), ("october", 10), ("oct", 10), ("november", 11), ("nov", 11), ("december", 12), ("dec", 12),
    ]

    static let weekdays = list("monday|tuesday|wednesday|thursday|friday|saturday|sunday")

    /// Words before a bare year that make it a date: `in 2019`, `since 1999`.
    static let yearCues = list("in|since|until|till|from|before|after|during|of|by|year|summer|winter|spring|fall|autumn|class")

    /// Words that start sentences or are capitalised for emphasis but are not names: added to
    /// the stop-word list for the capitalised-span guesses.
    static let commonWords = list("""
        lol|lmao|lmfao|rofl|omg|omfg|wtf|smh|tbh|imo|imho|idk|btw|fyi|ikr|irl|tl;dr|tldr|brb|afaik|ftw|yolo|nsfw|ama|til|eli5
        yes|yeah|yep|yup|nope|no|ok|okay|oh|ah|aw|aww|hey|hi|hello|wow|haha|hahaha|hehe|ugh|hmm|meh|yay|woo|ooh|oops|please
        thanks|thank|thx|ty|sorry|congrats|congratulations|cheers|bye|goodnight|welcome|happy|merry|good|great|best|nice
        cool|awesome|amazing|love|loved|loving|like|hate|wish|hope|need|want|got|get|gotta|gonna|wanna|let|lets|let's
        new|old|big|little|first|last|next|today|tonight|tomorrow|yesterday|now|then|here|there|this|that|these|those
        god|lord|jesus|christ|heaven|hell|damn|shit|fuck|fucking|dude|bro|man|guys|girl|boy|baby|babe|mom|mum|dad|mama|papa
        im|i'm|ive|i've|dont|don't|cant|can't|wont|won't|didnt|isnt|its|it's|thats|that's|whats|what's|u|ur|r|ya|yo
        edit|update|note|warning|question|answer|reply|re|fwd|ps|pls|plz|rt|mt|via|photo|video|pic|watch|read|check|look
        free|live|new|breaking|news|sale|today's|week|weekend|morning|evening|night|day|days|time|year|years|people|everyone
        anyone|someone|nobody|everybody|thing|things|stuff|way|really|very|much|many|more|most|some|any|all|every|each
        just|still|even|also|too|well|so|but|and|or|if|when|what|why|how|who|where|which|while|because|since|though
        my|your|his|her|our|their|me|you|him|she|he|we|they|it|us|them|i|a|an|the|of|to|in|on|at|for|with|by|from|as
        is|are|was|were|be|been|being|am|do|does|did|done|have|has|had|can|could|will|would|shall|should|may|might|must
        not|never|always|sometimes|maybe|perhaps|probably|definitely|actually|literally|seriously|honestly|basically
        one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|first|second|third|half|double
        tv|pc|ai|ui|api|faq|diy|asap|ceo|cto|hr|pr|vip|dm|pm|am|gif|jpg|png|pdf|usb|hd|4k|gps|wifi|lcd|led|cpu|gpu|ram|ssd
        mon|tue|wed|thu|fri|sat|sun|christmas|easter|halloween|thanksgiving|xmas|vs|versus|etc|eg|ie|aka|go
        will|mark|bill|grace|rose|frank|max|amber|crystal|destiny|art|ray|pat|sue|don|guy|joy|hope|faith|summer|dawn
        north|south|east|west|northern|southern|eastern|western|pure|fantasy|powerful|brain|bars|list|die|getting|coward
        ultimate|honey|natural|cheese|thief|challenger|white|black|red|blue|green|yellow|orange|purple|pink|gray|grey
        lock|universe|boredom|holy|subscribe|round|critic|liked|mother|father|sister|brother|son|daughter|wife|husband
        step|noodles|straight|laughs|long|jumping|top|truly|boxing|honor|peanuts|morn|family|friend|friends|kids|children
        music|song|songs|movie|movies|film|show|game|games|video|videos|channel|episode|series|book|books|story|stories
        team|player|players|fan|fans|club|band|group|company|government|police|army|school|college|university|church
        city|town|country|state|world|earth|planet|sun|moon|star|stars|sky|sea|ocean|river|lake|mountain|island|beach
        home|house|room|car|cars|bus|train|plane|road|street|park|store|shop|market|office|hospital|bank|hotel|restaurant
        food|water|coffee|tea|beer|wine|pizza|burger|chicken|cake|chocolate|ice|cream|fire|air|light|dark|power|energy
        life|death|love|peace|war|justice|freedom|truth|faith|heart|soul|mind|body|face|eyes|hand|hands|head|hair|voice
        man|men|woman|women|boy|boys|girl|girls|lady|ladies|gentlemen|king|queen|prince|princess|lord|sir|madam|boss
        president|senator|doctor|nurse|teacher|student|students|officer|captain|chief|coach|director|manager|ceo|judge
        first|best|better|worst|worse|last|next|final|real|true|false|fake|big|small|huge|tiny|great|good|bad|perfect
        beautiful|pretty|cute|ugly|funny|crazy|stupid|smart|awesome|epic|legendary|amazing|incredible|insane|sick|dope
        lit|fire|savage|legit|hot|cold|cool|warm|fresh|clean|dirty|rich|poor|free|cheap|expensive|easy|hard|simple
        new|old|young|early|late|fast|slow|quick|high|low|full|empty|open|closed|right|left|wrong|sure|ready|done
        check|watch|listen|look|see|read|play|stop|start|keep|make|take|give|tell|ask|call|help|try|come|get|put|run
        follow|share|comment|like|subscribe|click|join|visit|buy|sell|win|lose|save|send|find|learn|teach|change|move
        thank|thanks|welcome|congrats|please|sorry|excuse|wait|hold|stay|leave|let|bring|happen|happened|remember
        why|what|how|when|where|who|whose|whom|which|yes|no|not|maybe|also|only|just|even|ever|never|always|again
        everything|nothing|something|anything|everyone|nobody|somebody|anybody|all|both|either|neither|none|other
        question|answer|problem|issue|idea|point|part|place|thing|way|reason|fact|case|side|end|level|number|kind
        trailer|review|update|tutorial|guide|tips|tricks|news|live|official|full|hd|vlog|vlogs|challenge|reaction
        american|americans|british|english|french|german|germans|italian|spanish|japanese|korean|chinese|indian|mexican
        russian|irish|scottish|welsh|dutch|polish|european|african|asian|australian|canadian|arabic|arab|latin|muslim
        muslims|christian|christians|jewish|jews|catholic|catholics|islamic|hindu|hindus|buddhist|liberal|liberals
        conservative|conservatives|democrat|democrats|republican|republicans|nazi|nazis|western|eastern
        """)
}
