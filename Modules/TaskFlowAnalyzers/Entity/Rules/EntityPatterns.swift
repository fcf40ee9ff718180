/// The scalar-level patterns of `entity.rules`: URLs, e-mail addresses, @mentions, #hashtags,
/// money, percentages, numeric dates, times, phone numbers and dotted version numbers.
///
/// One left-to-right pass over the scalars; a pattern is tried only where its first scalar can
/// start one, at a word boundary, and a match moves the scan past it. No regular expressions.
struct EntityPatterns {
    let s: [Unicode.Scalar]
    var out: [EntityCandidate] = []

    init(_ scalars: [Unicode.Scalar]) { s = scalars }

    static func scan(_ text: EntityText, into candidates: inout [EntityCandidate]) {
        var p = EntityPatterns(text.scalars)
        p.run()
        candidates += p.out
    }

    private mutating func emit(_ start: Int, _ end: Int, _ label: EntityLabel) {
        out.append(EntityCandidate(start: start, end: end, label: label, kind: .pattern))
    }

    private mutating func run() {
        let n = s.count
        var i = 0
        while i < n {
            let c = s[i]
            let boundary = i == 0 || !EntityCharacters.isWordScalar(s[i - 1])
            var next = i + 1
            if boundary {
                // A bare domain or an e-mail address needs one of . @ - _ % + after its first
                // letters and digits: most words are spared both scans.
                var address = false
                if EntityCharacters.isASCIIAlnum(c) {
                    var j = i + 1
                    while j < n, EntityCharacters.isASCIIAlnum(s[j]) { j += 1 }
                    if j < n {
                        let d = s[j]
                        address = d == "." || d == "@" || d == "-" || d == "_" || d == "%" || d == "+"
                    }
                }
                if let e = url(i) ?? (address ? bareDomain(i) : nil) { emit(i, e, .url); next = e }
                else if address, let e = email(i) { emit(i, e, .email); next = e }
                else if c == "@", let e = handle(i + 1, allowUnicode: false) { emit(i, e, .mention); next = e }
                else if c == "#", i == 0 || s[i - 1] != "&", let e = handle(i + 1, allowUnicode: true) {
                    emit(i, e, .hashtag); next = e
                } else if let e = money(i) { emit(i, e, .money); next = e }
                else if EntityCharacters.isDigit(c) || c == "+" || c == "(" {
                    if let e = numericDate(i) { emit(i, e, .date); next = e }
                    else if let e = time(i) { emit(i, e, .time); next = e }
                    else if let e = phone(i) { emit(i, e, .phone); next = e }
                    else if let e = percent(i) { emit(i, e, .percent); next = e }
                    else if let e = dottedVersion(i) { emit(i, e, .version); next = e }
                    else if EntityCharacters.isDigit(c) { next = skipWord(i) }
                } else if c == "v" || c == "V", let e = vVersion(i) { emit(i, e, .version); next = e }
                else if EntityCharacters.isWordScalar(c) { next = skipWord(i) }
            }
            i = next
        }
    }

    // MARK: Helpers

    private func skipWord(_ i: Int) -> Int {
        var j = i
        // Stop at '@' too: an e-mail's local part is tried only at its start.
        while j < s.count, EntityCharacters.isWordScalar(s[j]) { j += 1 }
        return max(j, i + 1)
    }

    /// Whether `word` (lower-case ASCII) is at `i`, case-insensitively.
    private func has(_ word: StaticString, at i: Int) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= s.count else { return false }
        return word.withUTF8Buffer { buf in
            for k in 0..<n where EntityCharacters.lower(s[i + k]) != UInt32(buf[k]) { return false }
            return true
        }
    }

    /// Whether no letter or digit follows at `i`.
    private func endsWord(_ i: Int) -> Bool { i >= s.count || !EntityCharacters.isWordScalar(s[i]) }

    /// Digits at `i`, counted up to 32 (enough for any pattern; keeps scans bounded).
    private func digits(_ i: Int) -> Int {
        var j = i
        while j < s.count, j - i < 32, EntityCharacters.isDigit(s[j]) { j += 1 }
        return j - i
    }

    private func value(_ i: Int, _ count: Int) -> Int {
        var v = 0
        for k in i..<(i + count) { v = v * 10 + Int(s[k].value - 48) }
        return v
    }

    /// A number at `i` (`5`, `1,200`, `3.50`, `.5` not included): its end.
    private func number(_ i: Int) -> Int? {
        let d = digits(i)
        guard d > 0, d <= 15 else { return nil }
        var j = i + d
        var groups = 0
        while j + 3 < s.count, groups < 6, s[j] == ",", digits(j + 1) == 3 { j += 4; groups += 1 }
        if j + 1 < s.count, s[j] == ".", EntityCharacters.isDigit(s[j + 1]) { j += 1 + digits(j + 1) }
        return j
    }

    private func skipSpace(_ i: Int) -> Int { i < s.count && s[i] == " " ? i + 1 : i }

    // MARK: Web

    private static func isURLEndPunctuation(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case ".", ",", ";", ":", "!", "?", "'", "\"", "’", "*", "”": return true
        default: return false
        }
    }

    private func url(_ i: Int) -> Int? {
        let c = EntityCharacters.lower(s[i])
        let prefix: Int
        if c == 104, has("https://", at: i) { prefix = 8 }
        else if c == 104, has("http://", at: i) { prefix = 7 }
        else if c == 119, has("www.", at: i) { prefix = 4 }
        else { return nil }
        return urlTail(i, from: i + prefix, minimum: i + prefix + 1)
    }

    /// Extends a URL to the next space, then gives back trailing punctuation and unbalanced
    /// closing brackets.
    private func urlTail(_ i: Int, from: Int, minimum: Int) -> Int? {
        var j = from
        var open = 0, close = 0, openSquare = 0, closeSquare = 0
        while j < s.count {
            let c = s[j]
            if EntityCharacters.isSpace(c) || c == "<" || c == ">" || c == "\"" || c == "“" || c == "”" || c.value < 32 { break }
            if c == "(" { open += 1 } else if c == ")" { close += 1 } else if c == "[" { openSquare += 1 } else if c == "]" { closeSquare += 1 }
            j += 1
        }
        while j > minimum {
            let c = s[j - 1]
            if Self.isURLEndPunctuation(c) { j -= 1; continue }
            if c == ")", close > open { close -= 1; j -= 1; continue }
            if c == "]", closeSquare > openSquare { closeSquare -= 1; j -= 1; continue }
            break
        }
        return j >= minimum ? j : nil
    }

    private static let topLevelDomains = EntityWordSet(
        ["com", "org", "net", "edu", "gov", "io", "co", "uk", "us", "ca", "de", "fr", "au", "ly", "tv", "app", "dev", "ai", "info", "biz"])

    /// `example.com`, `shop.example.co.uk/path`: letters/digits/hyphens in dotted labels ending in
    /// a common top-level domain.
    private func bareDomain(_ i: Int) -> Int? {
        guard EntityCharacters.isASCIILetter(s[i]) else { return nil }
        var j = i
        var lastLabelStart = i
        var dots = 0
        // Bounded scans keep hostile texts (`a.a.a.a…`) linear.
        let limit = min(s.count, i + 255)
        while j < limit {
            let c = s[j]
            if EntityCharacters.isASCIIAlnum(c) || c == "-" { j += 1; continue }
            if c == ".", j + 1 < limit, EntityCharacters.isASCIIAlnum(s[j + 1]), j > lastLabelStart {
                dots += 1
                j += 1
                lastLabelStart = j
                continue
            }
            break
        }
        guard dots > 0, j < limit || j == s.count, j < s.count ? (!EntityCharacters.isWordScalar(s[j]) && s[j] != "@") : true else {
            return nil
        }
        var h = EntityKey.seed
        for k in lastLabelStart..<j { h = EntityKey.mixLowercased(h, s[k]) }
        guard Self.topLevelDomains.contains(key: h) else { return nil }
        if j < s.count, s[j] == "/" { return urlTail(i, from: j, minimum: j) }
        return j
    }

    private static func isLocal(_ c: Unicode.Scalar) -> Bool {
        EntityCharacters.isASCIIAlnum(c) || c == "." || c == "_" || c == "%" || c == "+" || c == "-"
    }

    private func email(_ i: Int) -> Int? {
        guard EntityCharacters.isASCIIAlnum(s[i]) else { return nil }
        var j = i
        while j < s.count, j - i <= 64, Self.isLocal(s[j]) { j += 1 }
        guard j < s.count, s[j] == "@", j + 1 < s.count, EntityCharacters.isASCIIAlnum(s[j + 1]) else { return nil }
        var k = j + 1
        var lastDot = -1
        while k < s.count, k - j <= 255, EntityCharacters.isASCIIAlnum(s[k]) || s[k] == "-" || s[k] == "." {
            if s[k] == "." { lastDot = k }
            k += 1
        }
        while k > j + 1, s[k - 1] == "." || s[k - 1] == "-" { k -= 1 }
        if lastDot >= k { lastDot = -1; for m in (j + 1)..<k where s[m] == "." { lastDot = m } }
        guard lastDot > j + 1, k - lastDot - 1 >= 2 else { return nil }
        for m in (lastDot + 1)..<k where !EntityCharacters.isASCIILetter(s[m]) { return nil }
        return k
    }

    /// The name after `@` or `#`: letters, digits and underscores (a hashtag's may be any
    /// letters; it needs one), up to 100 scalars.
    private func handle(_ i: Int, allowUnicode: Bool) -> Int? {
        var j = i
        var letters = 0
        while j < s.count, j - i < 100 {
            let c = s[j]
            if EntityCharacters.isASCIILetter(c) { letters += 1 }
            else if c == "_" || EntityCharacters.isDigit(c) {}
            else if allowUnicode, c.value >= 128, EntityCharacters.isWordScalar(c) { letters += 1 }
            else { break }
            j += 1
        }
        guard j > i, allowUnicode ? letters > 0 : true, endsWord(j) else { return nil }
        return j
    }

    // MARK: Amounts

    private static func isCurrency(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "$", "€", "£", "¥", "₹", "₩", "₽", "₺", "₪", "฿": return true
        default: return false
        }
    }

    /// `$5`, `€3.50`, `£1.2m`, `$ 20k`, `US$10`, `5 USD`, `20 dollars`, `5€`.
    private func money(_ i: Int) -> Int? {
        var j = i
        if has("us$", at: i) { j = i + 2 }
        if j < s.count, Self.isCurrency(s[j]) {
            let k = skipSpace(j + 1)
            guard k < s.count, EntityCharacters.isDigit(s[k]), let e = number(k) else { return nil }
            return magnitude(e)
        }
        guard EntityCharacters.isDigit(s[i]), let e = number(i) else { return nil }
        let m = magnitude(e)
        if m < s.count, Self.isCurrency(s[m]) { return m + 1 }
        let k = skipSpace(m)
        if k < s.count, Self.isCurrency(s[k]), endsWord(k + 1) { return k + 1 }
        for word: StaticString in ["usd", "eur", "gbp", "dollars", "dollar", "euros", "euro", "bucks", "cents", "pounds", "quid", "yen"] {
            if has(word, at: k), endsWord(k + word.utf8CodeUnitCount) { return k + word.utf8CodeUnitCount }
        }
        return nil
    }

    /// After an amount: `k`, `m`, `bn`, ` million`, ` billion`, ` thousand`, ` trillion`.
    private func magnitude(_ e: Int) -> Int {
        for word: StaticString in ["bn", "k", "m", "b"] where has(word, at: e) && endsWord(e + word.utf8CodeUnitCount) {
            return e + word.utf8CodeUnitCount
        }
        let k = skipSpace(e)
        for word: StaticString in ["million", "billion", "thousand", "trillion"] where has(word, at: k) && endsWord(k + word.utf8CodeUnitCount) {
            return k + word.utf8CodeUnitCount
        }
        return e
    }

    /// `12%`, `12 %`, `3.5 percent`, `40 per cent`.
    private func percent(_ i: Int) -> Int? {
        guard EntityCharacters.isDigit(s[i]), let e = number(i) else { return nil }
        let k = skipSpace(e)
        if k < s.count, s[k] == "%" { return k + 1 }
        if has("percent", at: k), endsWord(k + 7) { return k + 7 }
        if has("per cent", at: k), endsWord(k + 8) { return k + 8 }
        return nil
    }

    // MARK: Dates and times

    /// `2024-03-05`, `2024/3/5`, `03/05/2024`, `5.3.2024`, `3/5/24`.
    private func numericDate(_ i: Int) -> Int? {
        let a = digits(i)
        guard a > 0, i + a < s.count else { return nil }
        let sep = s[i + a]
        guard sep == "-" || sep == "/" || sep == "." else { return nil }
        let b = digits(i + a + 1)
        guard b >= 1, b <= 2, i + a + 1 + b < s.count, s[i + a + 1 + b] == sep else { return nil }
        let cStart = i + a + 2 + b
        let c = digits(cStart)
        let end = cStart + c
        guard endsWord(end), !(end + 1 < s.count && s[end] == sep && EntityCharacters.isDigit(s[end + 1])) else { return nil }
        let x = value(i, a), y = value(i + a + 1, b)
        if a == 4, c >= 1, c <= 2 {
            let z = value(cStart, c)
            return (1000...2999).contains(x) && (1...12).contains(y) && (1...31).contains(z) ? end : nil
        }
        guard a <= 2, c == 4 || (c == 2 && sep == "/") else { return nil }
        guard (1...31).contains(x), (1...31).contains(y), x <= 12 || y <= 12 else { return nil }
        return end
    }

    /// `14:30`, `9:05:10`, `9:30 pm`, `9pm`, `11 a.m.`.
    private func time(_ i: Int) -> Int? {
        let h = digits(i)
        guard h >= 1, h <= 2, value(i, h) <= 24 else { return nil }
        var j = i + h
        var clock = false
        if j + 2 < s.count, s[j] == ":", digits(j + 1) == 2, value(j + 1, 2) <= 59 {
            j += 3
            clock = true
            if j + 2 < s.count, s[j] == ":", digits(j + 1) == 2, value(j + 1, 2) <= 59 { j += 3 }
            if !endsWord(j) { return nil }
        }
        let k = skipSpace(j)
        for word: StaticString in ["a.m.", "p.m.", "am", "pm"] where has(word, at: k) {
            let e = k + word.utf8CodeUnitCount
            if endsWord(e) || word.utf8CodeUnitCount == 4 { return value(i, h) <= 12 ? e : nil }
        }
        return clock && value(i, h) <= 23 && !(j < s.count && (s[j] == ":" || s[j] == "/")) ? j : nil
    }

    // MARK: Phones and versions

    /// `+44 20 7946 0958`, `(555) 123-4567`, `555-123-4567`, `555.123.4567`, `555-1234`: digit
    /// groups of 2–4 (the first may have 1–3 after `+`) joined by one space, hyphen or dot, 10–15
    /// digits in all (7 for the `555-1234` form).
    private func phone(_ i: Int) -> Int? {
        var j = i
        var groups: [Int] = []
        var plus = false
        var separators = 0
        var usedDot = false, usedOther = false
        if s[j] == "+" { plus = true; j += 1 }
        while j < s.count, groups.count < 8 {
            var paren = false
            if s[j] == "(" { paren = true; j += 1 }
            let d = digits(j)
            guard d > 0, d <= 4 else { return nil }
            groups.append(d)
            j += d
            if paren {
                guard j < s.count, s[j] == ")" else { return nil }
                j += 1
                usedOther = true
            }
            guard j + 1 < s.count else { break }
            var k = j
            if s[k] == ")" { break }
            if s[k] == "-" || s[k] == "." || s[k] == " " {
                if s[k] == "." { usedDot = true } else { usedOther = true }
                k += 1
                if s[k] == " ", s[k - 1] != " " { k += 1 }
            } else if paren && EntityCharacters.isDigit(s[k]) {
            } else { break }
            guard k < s.count, EntityCharacters.isDigit(s[k]) || s[k] == "(" else { break }
            separators += 1
            j = k
        }
        guard endsWord(j), !(j < s.count && (s[j] == "." || s[j] == "-") && j + 1 < s.count && EntityCharacters.isDigit(s[j + 1])),
            !(usedDot && usedOther), groups.count >= 2, separators >= 1
        else { return nil }
        let total = groups.reduce(0, +)
        let firstOK = plus ? groups[0] <= 3 : groups[0] >= 2
        guard firstOK, groups.dropFirst().allSatisfy({ $0 >= 2 }), groups.contains(where: { $0 >= 3 }) else { return nil }
        if (10...15).contains(total) { return j }
        if total == 7, groups == [3, 4], !usedDot { return j }
        return nil
    }

    /// `2.1.3`, `10.0.19045.2965`: three or more dotted numbers.
    private func dottedVersion(_ i: Int) -> Int? {
        var j = i
        var parts = 0
        while parts < 8 {
            let d = digits(j)
            guard d > 0, d <= 6 else { return parts >= 3 ? j - 1 : nil }
            parts += 1
            j += d
            guard j + 1 < s.count, s[j] == ".", EntityCharacters.isDigit(s[j + 1]) else { break }
            j += 1
        }
        return parts >= 3 && endsWord(j) ? j : nil
    }

    /// `v2`, `v2.1.3`, `V10.4`.
    private func vVersion(_ i: Int) -> Int? {
        guard i + 1 < s.count, EntityCharacters.isDigit(s[i + 1]) else { return nil }
        var j = i + 1
        var parts = 0
        while parts < 8 {
            parts += 1
            let d = digits(j)
            guard d > 0, d <= 6 else { return nil }
            j += d
            guard j + 1 < s.count, s[j] == ".", EntityCharacters.isDigit(s[j + 1]) else { break }
            j += 1
        }
        return endsWord(j) ? j : nil
    }
}
