import TaskFlowPluginAPI

/// Finding the columns that views treat specially: the time of each record (for trends) and a
/// numeric rating (for rating agreement), named by the user or detected from the read report.
public enum ColumnRoles {
    /// The time column: `named` when given (it must exist), else the first column whose values
    /// are mostly ISO-8601 times; nil when there is none.
    ///
    /// - Throws: `TaskFlowFailure` when `named` is not among `columns`.
    public static func time(named: String?, in columns: [ColumnFacts]) throws -> ColumnFacts? {
        if let named { return try find(named, in: columns, role: "time", fix: .timeColumn) }
        return columns.first { $0.type == "time" }
    }

    /// Names a rating column is detected by (any case), most telling first.
    public static let ratingNames = ["rating", "stars", "star_rating", "score", "rate", "review_score", "review_rating"]

    /// The rating column: `named` when given (it must exist and hold numbers), else the first
    /// numeric column named like a rating (`ratingNames`); nil when there is none.
    ///
    /// - Throws: `TaskFlowFailure` when `named` is missing or holds values of another type.
    public static func rating(named: String?, in columns: [ColumnFacts]) throws -> ColumnFacts? {
        if let named {
            let c = try find(named, in: columns, role: "rating", fix: .columns)
            // `null`: no value read yet (an empty first batch); the rows without numbers are counted.
            guard c.type == "integer" || c.type == "decimal" || c.type == "null" else {
                throw TaskFlowFailure(
                    "bad-rating-column", "column \"\(c.name)\" holds \(c.type) values, not numbers, so it cannot be a rating",
                    hint: "name a numeric column, e.g. stars with values 1 to 5", exitCode: 2)
            }
            return c
        }
        for name in ratingNames {
            if let c = columns.first(where: { $0.name.lowercased() == name && ($0.type == "integer" || $0.type == "decimal") }) {
                return c
            }
        }
        return nil
    }

    private static func find(_ name: String, in columns: [ColumnFacts], role: String, fix: Fix.Subject) throws -> ColumnFacts {
        let names = columns.map(\.name)
        guard let i = DatasetColumns.index(of: name, in: names) else {
            let list = names.isEmpty ? "the records carry no other columns" : "columns: " + names.prefix(30).joined(separator: ", ")
            throw TaskFlowFailure(
                "unknown-column", "no column \"\(name)\" to use as the \(role) column; \(list)",
                fix: Fix(fix, example: names.first ?? "COLUMN"), exitCode: 2)
        }
        return columns[i]
    }
}

/// A span of time that trends group records by.
public enum TimePeriod: String, Sendable, CaseIterable, Codable {
    case day, week, month

    /// The period holding a time value (`ColumnValue.time`): `2026-03-05`, the Monday
    /// `2026-03-02` starting its ISO week, or `2026-03`. Nil for anything else.
    public func key(_ value: ColumnValue) -> String? {
        guard case .time(let t) = value, let d = CivilDate.parts(ofTime: t) else { return nil }
        switch self {
        case .day: return CivilDate.format(d.year, d.month, d.day)
        case .week: return CivilDate.weekStart(year: d.year, month: d.month, day: d.day)
        case .month: return String(CivilDate.format(d.year, d.month, 1).prefix(7))
        }
    }

    /// The period that shows `span` days in a readable number of rows: days up to two months,
    /// weeks up to a year, months beyond.
    public static func fitting(days span: Int) -> TimePeriod {
        span <= 62 ? .day : span <= 366 ? .week : .month
    }
}
