/// The records of a run over time: per period of the time column (a day, an ISO week or a
/// month), how many there were and what the analyzers found.
public struct TimeTrend: Sendable, Codable, Hashable {
    /// The time column's name as the file spells it.
    public var column: String
    /// Whether it was named (`--time`) rather than detected.
    public var named: Bool
    public var period: TimePeriod
    /// Every period from the first record's to the last one's, in order; a period without
    /// records has 0 of them (`GroupFigures.key` is `2026-03-05`, the Monday `2026-03-02`, or `2026-03`).
    public var periods: [GroupFigures]
    /// Records whose time column held no ISO-8601 date or time.
    public var noTime: Int

    public init(column: String, named: Bool, period: TimePeriod, periods: [GroupFigures], noTime: Int) {
        self.column = column
        self.named = named
        self.period = period
        self.periods = periods
        self.noTime = noTime
    }
}
