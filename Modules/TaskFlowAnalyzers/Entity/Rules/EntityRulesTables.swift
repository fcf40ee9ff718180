/// The built-in word lists of `entity.rules` as lookup tables, built once.
final class EntityRulesTables: Sendable {
    static let shared = EntityRulesTables()

    /// Names from the gazetteers, by label. Earlier lists win a name two lists share.
    let names: EntityPhraseTable
    let firstNames: EntityWordSet
    let titles: EntityWordSet
    let companySuffixes: EntityWordSet
    let groupSuffixes: EntityWordSet
    let placeSuffixes: EntityWordSet
    let placePrefixes: EntityWordSet
    let productSuffixes: EntityWordSet
    let placeCues: EntityWordSet
    let productCues: EntityWordSet
    let workCues: EntityWordSet
    let workFollowers: EntityWordSet
    let productFollowers: EntityWordSet
    let personFollowers: EntityWordSet
    let versionedProducts: EntityWordSet
    let versionCues: EntityWordSet
    let versionFollowers: EntityWordSet
    let weekdays: EntityWordSet
    let yearCues: EntityWordSet
    /// Stop words and common words: never a name on their own, stripped from a span's ends.
    let common: EntityWordSet
    /// Words that join capitalised words into one name: `Bank of America`, `Lord of the Rings`.
    let connectors: EntityWordSet
    /// One-word names that are ordinary words too: matched only when capitalised.
    let ambiguous: EntityWordSet
    /// Words after a product name that belong to it: `iPad Pro`, `Galaxy Note`.
    let modelWords: EntityWordSet
    let months: EntityKeyTable<Int>
    let ordinalSuffixes: EntityWordSet

    init() {
        typealias L = EntityWordLists
        var names = EntityPhraseTable()
        for w in L.works { names.add(w, .work) }
        for w in L.products { names.add(w, .product) }
        for w in L.companies { names.add(w, .org) }
        for w in L.groups { names.add(w, .group) }
        for w in L.countries + L.regions + L.cities { names.add(w, .loc) }
        for w in L.firstNames { names.add(w, .person) }
        self.names = names
        firstNames = EntityWordSet(L.firstNames)
        titles = EntityWordSet(L.titles)
        companySuffixes = EntityWordSet(L.companySuffixes)
        groupSuffixes = EntityWordSet(L.groupSuffixes)
        placeSuffixes = EntityWordSet(L.placeSuffixes)
        placePrefixes = EntityWordSet(L.placePrefixes)
        productSuffixes = EntityWordSet(L.productSuffixes)
        placeCues = EntityWordSet(L.placeCues)
        productCues = EntityWordSet(L.productCues)
        workCues = EntityWordSet(L.workCues)
        workFollowers = EntityWordSet(L.workFollowers)
        productFollowers = EntityWordSet(L.productFollowers)
        personFollowers = EntityWordSet(L.personFollowers)
        versionedProducts = EntityWordSet(L.versionedProducts)
        versionCues = EntityWordSet(L.versionCues)
        versionFollowers = EntityWordSet(L.versionFollowers)
        weekdays = EntityWordSet(L.weekdays)
        yearCues = EntityWordSet(L.yearCues)
        common = EntityWordSet(Array(YAKEStopwords.english), L.commonWords, L.weekdays, L.months.map(\.0))
        connectors = EntityWordSet(["of", "the", "de", "la", "le", "del", "da", "di", "du", "van", "von", "der", "y", "on"])
        ambiguous = EntityWordSet(L.ambiguousNames)
        modelWords = EntityWordSet(["pro", "max", "plus", "mini", "ultra", "air", "lite", "se", "xl", "note", "edge"])
        var months = EntityKeyTable<Int>()
        for (m, n) in L.months { months[EntityKey.word(m)] = n }
        self.months = months
        ordinalSuffixes = EntityWordSet(["st", "nd", "rd", "th"])
    }
}
