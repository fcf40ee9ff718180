/// The records of a run split by the values of one column (`--by COL`): the largest values,
/// each with its figures, then the rest together.
public struct ColumnBreakdown: Sendable, Codable, Hashable {
    /// The column's name as the file spells it.
    public var column: String
    /// How many distinct values the column held (at least this many when `capped`).
    public var distinctValues: Int
    /// The values with the most records, largest first.
    public var rows: [GroupFigures]
    /// Every other value together (`key` is `other`); nil when `rows` holds them all.
    public var other: GroupFigures?
    /// Whether the column held more distinct values than are counted apart: records with
    /// values past that many are counted only in `other`.
    public var capped: Bool

    public init(column: String, distinctValues: Int, rows: [GroupFigures], other: GroupFigures?, capped: Bool = false) {
        self.column = column
        self.distinctValues = distinctValues
        self.rows = rows
        self.other = other
        self.capped = capped
    }

    /// How many values `other` holds (at least, when `capped`).
    public var otherValues: Int { max(0, distinctValues - rows.count) }
}
