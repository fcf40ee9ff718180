import TaskFlowPluginAPI

/// The views of a run's columns a report asks for: breakdowns by columns (`--by`), the time
/// column of the trend (`--time`), the rating column (`--rating`) and the trend's period
/// (`--period`). A time or rating column not named is detected; `none` turns the view off.
public struct ColumnViewRequest: Sendable, Hashable, Codable {
    /// Columns to break the report down by, in the order given.
    public var by: [String]
    /// The time column; nil detects one, `none` turns the trend off.
    public var time: String?
    /// The rating column; nil detects one, `none` turns the rating view off.
    public var rating: String?
    /// The trend's period; nil fits it to the span of the times.
    public var period: TimePeriod?

    public init(by: [String] = [], time: String? = nil, rating: String? = nil, period: TimePeriod? = nil) {
        self.by = by
        self.time = time
        self.rating = rating
        self.period = period
    }

    /// The names given, each with the flag that gave it.
    private var named: [(flag: String, name: String)] {
        by.map { ("--by", $0) } + [time.map { ("--time", $0) }, rating.map { ("--rating", $0) }].compactMap { $0 }
            .filter { !Self.isOff($0.1) }
    }

    /// Checks that every column named exists among `columns` (the columns kept with the
    /// records), before any record is read where the names are known that early (a CSV header).
    ///
    /// - Throws: `TaskFlowFailure` naming the missing column and listing those there are.
    public func checkNames(in columns: [String]) throws {
        for (flag, name) in named where DatasetColumns.index(of: name, in: columns) == nil {
            throw Self.unknown(name, flag: flag, columns: columns)
        }
    }

    /// The views settled against the columns as read (after the first batch): the names as the
    /// file spells them, and a time and rating column detected where none was named.
    ///
    /// - Throws: `TaskFlowFailure` for a column that is missing, or a rating column that holds
    ///   no numbers.
    public func resolve(in columns: [ColumnFacts]) throws -> ColumnViewPlan {
        let names = columns.map(\.name)
        try checkNames(in: names)
        var plan = ColumnViewPlan(period: period)
        for name in by {
            guard let i = DatasetColumns.index(of: name, in: names), !plan.by.contains(names[i]) else { continue }
            plan.by.append(names[i])
        }
        if !Self.isOff(time) {
            let column = try ColumnRoles.time(named: time, in: columns)
            if time != nil, let c = column, c.type != "time", c.type != "null" {
                throw TaskFlowFailure(
                    "bad-time-column", "column \"\(c.name)\" holds \(c.type) values, not ISO-8601 dates or times",
                    hint: "name a column of dates like 2026-03-05 or times like 2026-03-05T10:15:00Z", exitCode: 2)
            }
            plan.time = column?.name
            plan.timeNamed = time != nil
        }
        if !Self.isOff(rating) {
            plan.rating = try ColumnRoles.rating(named: rating, in: columns)?.name
            plan.ratingNamed = rating != nil
        }
        return plan
    }

    /// Whether `name` turns a view off (`none`).
    static func isOff(_ name: String?) -> Bool { name?.lowercased() == "none" }

    static func unknown(_ name: String, flag: String, columns: [String]) -> TaskFlowFailure {
        let role = flag == "--by" ? "to break the report down by" : flag == "--time" ? "to use as the time column" : "to use as the rating column"
        let shown = columns.prefix(30).joined(separator: ", ") + (columns.count > 30 ? " … (\(columns.count - 30) more)" : "")
        let list = columns.isEmpty ? "the records carry no other columns" : "the columns are: " + shown
        var hint = columns.isEmpty
            ? "keep the dataset's columns with the records (--columns all, the default)"
            : "name one of those columns (the text and id columns are not among them)"
        if let guess = Suggestions.closest(to: name, among: columns) { hint = "did you mean \(guess)? " + hint }
        return TaskFlowFailure("unknown-column", "no column \"\(name)\" \(role); \(list)", hint: hint, exitCode: 2)
    }
}

/// The column views settled for a run (`ColumnViewRequest.resolve`).
public struct ColumnViewPlan: Sendable, Hashable {
    /// Columns to break down by, as the file spells them.
    public var by: [String] = []
    /// The time column, when one was named or detected.
    public var time: String?
    public var timeNamed = false
    /// The rating column, when one was named or detected.
    public var rating: String?
    public var ratingNamed = false
    /// The trend's period; nil fits it to the span of the times.
    public var period: TimePeriod?

    public init(by: [String] = [], time: String? = nil, timeNamed: Bool = false, rating: String? = nil, ratingNamed: Bool = false, period: TimePeriod? = nil) {
        self.by = by
        self.time = time
        self.timeNamed = timeNamed
        self.rating = rating
        self.ratingNamed = ratingNamed
        self.period = period
    }

    /// Whether there is nothing to aggregate.
    public var isEmpty: Bool { by.isEmpty && time == nil && rating == nil }
}
