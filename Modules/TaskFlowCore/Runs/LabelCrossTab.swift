/// One classification's labels against another's: per label of the row task (an emotion), how
/// many records, the other task's mean score and label counts (their sentiment). What the
/// reports' "Sentiment by emotion" section shows.
public struct LabelCrossTab: Sendable, Codable, Hashable {
    public var rowTask: String
    public var rowAnalyzer: String
    public var columnTask: String
    public var columnAnalyzer: String
    /// The column task's labels, in the order the table shows them.
    public var columnLabels: [String]
    /// Most records first.
    public var rows: [Row]

    public struct Row: Sendable, Codable, Hashable {
        public var label: String
        public var records: Int
        /// Mean score of the column task over these records.
        public var meanScore: Double
        /// Records per column label, in `columnLabels` order.
        public var counts: [Int]

        public init(label: String, records: Int, meanScore: Double, counts: [Int]) {
            self.label = label
            self.records = records
            self.meanScore = meanScore
            self.counts = counts
        }
    }

    public init(rowTask: String, rowAnalyzer: String, columnTask: String, columnAnalyzer: String, columnLabels: [String], rows: [Row]) {
        self.rowTask = rowTask
        self.rowAnalyzer = rowAnalyzer
        self.columnTask = columnTask
        self.columnAnalyzer = columnAnalyzer
        self.columnLabels = columnLabels
        self.rows = rows
    }
}

/// Accumulates a `LabelCrossTab` batch by batch; its size follows the labels, not the records.
public struct LabelCrossTally: Sendable {
    public let rowTask: String, rowAnalyzer: String, columnTask: String, columnAnalyzer: String
    private var records: [String: Int] = [:]
    private var scoreSums: [String: Double] = [:]
    private var counts: [String: [String: Int]] = [:]
    private var columnOrder: [String] = []

    public init(rowTask: String, rowAnalyzer: String, columnTask: String, columnAnalyzer: String) {
        self.rowTask = rowTask
        self.rowAnalyzer = rowAnalyzer
        self.columnTask = columnTask
        self.columnAnalyzer = columnAnalyzer
    }

    /// Adds one record's two classifications.
    public mutating func add(row: String, column: String, score: Double) {
        records[row, default: 0] += 1
        if score.isFinite { scoreSums[row, default: 0] += score }
        if !columnOrder.contains(column) { columnOrder.append(column) }
        counts[row, default: [:]][column, default: 0] += 1
    }

    /// The table; nil before any record. Sentiment's columns read positive, neutral, negative.
    public var table: LabelCrossTab? {
        guard !records.isEmpty else { return nil }
        let preferred = ["positive", "neutral", "negative"]
        let columns = preferred.filter(columnOrder.contains) + columnOrder.filter { !preferred.contains($0) }.sorted()
        let rows = records.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { label, n in
            LabelCrossTab.Row(
                label: label, records: n, meanScore: (scoreSums[label] ?? 0) / Double(n),
                counts: columns.map { counts[label]?[$0] ?? 0 })
        }
        return LabelCrossTab(
            rowTask: rowTask, rowAnalyzer: rowAnalyzer, columnTask: columnTask, columnAnalyzer: columnAnalyzer,
            columnLabels: columns, rows: rows)
    }
}
