/// What one group of records holds — the records with one value of a column, or of one
/// period — and, per analyzer, what it found in them.
public struct GroupFigures: Sendable, Codable, Hashable {
    /// The column's value or the period, as text (`""` for an empty value).
    public var key: String
    public var records: Int
    /// Per classification analyzer (sentiment, emotion, …), in pipeline order.
    public var labels: [GroupLabels]
    /// Per analyzer of topics, keyphrases or entities, the texts found most often.
    public var terms: [GroupTerms]

    public init(key: String, records: Int, labels: [GroupLabels] = [], terms: [GroupTerms] = []) {
        self.key = key
        self.records = records
        self.labels = labels
        self.terms = terms
    }

    /// The figures of classification analyzer `analyzer`, when it classified any of the records.
    public func labels(of analyzer: String) -> GroupLabels? {
        labels.first { $0.analyzer == analyzer }
    }

    /// The figures of the first sentiment analyzer, when one ran.
    public var sentiment: GroupLabels? {
        labels.first { $0.task == "sentiment" }
    }
}

/// One classification analyzer's labels over a group of records.
public struct GroupLabels: Sendable, Codable, Hashable {
    public var task: String
    public var analyzer: String
    /// Records it classified (records of batches it failed on have no label).
    public var scored: Int
    /// Label counts, most frequent first.
    public var counts: [LabelCount]
    /// The mean of its scores (for sentiment, the compound from −1 to +1).
    public var meanScore: Double

    public init(task: String, analyzer: String, scored: Int, counts: [LabelCount], meanScore: Double) {
        self.task = task
        self.analyzer = analyzer
        self.scored = scored
        self.counts = counts
        self.meanScore = meanScore
    }

    /// The share of the classified records that got `label` (0 when none did).
    public func share(_ label: String) -> Double {
        guard scored > 0, let c = counts.first(where: { $0.label == label }) else { return 0 }
        return Double(c.count) / Double(scored)
    }

    /// The most frequent label.
    public var top: LabelCount? { counts.first }
}

/// The texts an analyzer of topics, keyphrases or entities found most often in a group of
/// records; each counts the records it was found in.
public struct GroupTerms: Sendable, Codable, Hashable {
    public var task: String
    public var analyzer: String
    /// `topics`, `keyphrases` or `entities`.
    public var kind: String
    /// Most frequent first.
    public var top: [LabelCount]

    public init(task: String, analyzer: String, kind: String, top: [LabelCount]) {
        self.task = task
        self.analyzer = analyzer
        self.kind = kind
        self.top = top
    }
}
