/// How one classification analyzer's scores spread: counts of records in equal bins between
/// `low` and `high` (scores outside are counted in the first or last bin).
public struct ScoreHistogram: Sendable, Codable, Hashable {
    public var task: String
    public var analyzer: String
    /// The lower edge of the first bin (−1 for sentiment's compound score, else 0).
    public var low: Double
    /// The upper edge of the last bin.
    public var high: Double
    /// Records per bin, from `low` up.
    public var counts: [Int]

    /// Bins a histogram has.
    public static let bins = 20

    public init(task: String, analyzer: String, low: Double, high: Double, counts: [Int]) {
        self.task = task
        self.analyzer = analyzer
        self.low = low
        self.high = high
        self.counts = counts
    }

    /// An empty histogram for a task's scores: −1…1 for sentiment, 0…1 for the rest.
    public init(task: String, analyzer: String) {
        self.init(
            task: task, analyzer: analyzer, low: task == "sentiment" ? -1 : 0, high: 1,
            counts: Array(repeating: 0, count: Self.bins))
    }

    /// Counts one score (a non-finite one is left out).
    public mutating func add(_ score: Double) {
        guard score.isFinite, !counts.isEmpty, high > low else { return }
        let k = Int(((score - low) / (high - low) * Double(counts.count)).rounded(.down))
        counts[min(counts.count - 1, max(0, k))] += 1
    }

    /// The width of one bin.
    public var binWidth: Double { counts.isEmpty ? 0 : (high - low) / Double(counts.count) }

    /// Records counted.
    public var total: Int { counts.reduce(0, +) }
}
