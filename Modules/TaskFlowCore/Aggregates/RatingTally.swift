import TaskFlowPluginAPI

/// Rating × sentiment counts, and the candidates for the records that disagree most: the
/// accumulator behind `RatingAgreement`. Its size follows the distinct ratings, not the records.
struct RatingTally: Sendable {
    /// Distinct ratings counted apart; records with other ratings go to the row of the rest.
    static let trackedValues = 200
    /// Disagreeing records listed.
    static let listed = 10
    /// Characters of a listed record's text.
    static let textLength = 200

    struct Cell: Sendable {
        var rating: String
        var records = 0
        var labels: [String: Int] = [:]
        var scoreSum = 0.0
        /// The records of the highest and of the lowest scores: with the range of the ratings
        /// known only at the end, the records furthest from a rating are among these.
        var highest: [Candidate] = []
        var lowest: [Candidate] = []

        init(rating: String) { self.rating = rating }

        mutating func count(_ label: String, score: Double) {
            records += 1
            labels[label, default: 0] += 1
            scoreSum += score
        }

        /// Keeps a record among the highest or lowest scores when it is one; `make` runs only then.
        mutating func offer(_ score: Double, make: () -> Candidate) {
            let high = RatingTally.qualifies(score, highest, by: >), low = RatingTally.qualifies(score, lowest, by: <)
            guard high || low else { return }
            let c = make()
            if high { RatingTally.insert(c, in: &highest, by: >) }
            if low { RatingTally.insert(c, in: &lowest, by: <) }
        }
    }

    struct Candidate: Sendable {
        var seq: Int
        var id: String
        /// The text, already cut (`cut`).
        var text: String
        var label: String
        var score: Double
    }

    var cells: [Double: Cell] = [:]
    var other = Cell(rating: "other")
    var low: Double?
    var high: Double?
    var noRating = 0
    var noSentiment = 0
    private var seq = 0

    /// Adds a record with its rating value and its sentiment (nil when it has none).
    mutating func add(_ record: Record, rating value: ColumnValue, sentiment: Classification?) {
        guard let rating = value.number, rating.isFinite else {
            noRating += 1
            return
        }
        low = min(low ?? rating, rating)
        high = max(high ?? rating, rating)
        guard let c = sentiment else {
            noSentiment += 1
            return
        }
        let score = c.score.isFinite ? min(max(c.score, -1), 1) : 0
        seq += 1
        guard cells[rating] != nil || cells.count < Self.trackedValues else {
            other.count(c.label, score: score)
            return
        }
        // In place: the cell's arrays are not copied per record.
        cells[rating, default: Cell(rating: value.text)].count(c.label, score: score)
        // Empty texts say nothing; keep them out of the list.
        if record.text.allSatisfy(\.isWhitespace) { return }
        let (n, text, label) = (seq, record.text, c.label)
        cells[rating]?.offer(score) { Candidate(seq: n, id: record.id, text: Self.cut(text), label: label, score: score) }
    }

    static func qualifies(_ score: Double, _ list: [Candidate], by better: (Double, Double) -> Bool) -> Bool {
        list.count < listed || better(score, list[listed - 1].score)
    }

    static func insert(_ c: Candidate, in list: inout [Candidate], by better: (Double, Double) -> Bool) {
        let at = list.firstIndex { better(c.score, $0.score) } ?? list.count
        list.insert(c, at: at)
        if list.count > listed { list.removeLast() }
    }

    /// The agreement of column `column` with analyzer `analyzer`.
    func agreement(column: String, named: Bool, analyzer: String) -> RatingAgreement {
        let (lo, hi) = (low ?? 0, high ?? 0)
        func row(_ c: Cell) -> RatingRow {
            RatingRow(
                rating: c.rating, records: c.records, counts: GroupTally.sorted(c.labels),
                meanScore: c.records > 0 ? c.scoreSum / Double(c.records) : 0)
        }
        var seen = Set<Int>()
        var candidates: [(Candidate, expected: Double, rating: String)] = []
        for (rating, cell) in cells {
            let expected = RatingAgreement.normalised(rating, low: lo, high: hi)
            for c in cell.highest + cell.lowest where seen.insert(c.seq).inserted {
                candidates.append((c, expected, cell.rating))
            }
        }
        candidates.sort { a, b in
            let (da, db) = (abs(a.0.score - a.expected), abs(b.0.score - b.expected))
            return da != db ? da > db : a.0.seq < b.0.seq
        }
        let listed = candidates.prefix(Self.listed).map { c, expected, rating in
            Disagreement(id: c.id, rating: rating, label: c.label, score: c.score, expected: expected, text: c.text)
        }
        return RatingAgreement(
            column: column, named: named, analyzer: analyzer, low: lo, high: hi,
            rows: cells.sorted { $0.key < $1.key }.map { row($0.value) }, other: other.records > 0 ? row(other) : nil,
            noRating: noRating, noSentiment: noSentiment, disagreements: listed)
    }

    /// A text cut to `textLength` characters, on one line.
    static func cut(_ text: String) -> String {
        text.count > textLength ? String(text.prefix(textLength - 1)) + "…" : text
    }
}
