/// The most frequent keyphrases or entities of a run across its records: what `top
/// keyphrases`, `top entities` and the reports' Keyphrases and Entities sections show.
///
/// Counts are of records, not mentions: a record that names "battery" three times counts once.
/// Spellings that differ in case or by a regular plural count together (`TermFolding`), shown
/// as their most frequent spelling.
public struct TermFindings: Sendable, Codable, Hashable {
    /// `keyphrases` or `entities`.
    public var task: String
    public var analyzer: String
    /// Records with at least one term.
    public var records: Int
    /// Distinct terms seen (after folding); approximate past `TermTally.keyLimit`.
    public var distinct: Int
    /// The most frequent terms, most records first.
    public var top: [TermCount]
    /// Entities: records per label, most first, and each label's most frequent terms.
    public var labels: [TermLabel]

    public init(task: String, analyzer: String, records: Int, distinct: Int, top: [TermCount], labels: [TermLabel] = []) {
        self.task = task
        self.analyzer = analyzer
        self.records = records
        self.distinct = distinct
        self.top = top
        self.labels = labels
    }
}

/// One term with the records that mention it.
public struct TermCount: Sendable, Codable, Hashable {
    /// The most frequent spelling.
    public var text: String
    /// An entity's label (`PRODUCT`); nil for keyphrases.
    public var label: String?
    public var count: Int
    /// Up to `TermTally.exampleCount` records that mention it, in input order.
    public var examples: [TermExample]

    public init(text: String, label: String?, count: Int, examples: [TermExample]) {
        self.text = text
        self.label = label
        self.count = count
        self.examples = examples
    }
}

/// A record quoted as an example of a term.
public struct TermExample: Sendable, Codable, Hashable {
    public var id: String
    /// The record's text, cut to `TermTally.exampleLength` characters.
    public var text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

/// One entity label: how many records have one, and its most frequent entities.
public struct TermLabel: Sendable, Codable, Hashable {
    public var label: String
    public var records: Int
    public var top: [TermCount]

    public init(label: String, records: Int, top: [TermCount]) {
        self.label = label
        self.records = records
        self.top = top
    }
}
