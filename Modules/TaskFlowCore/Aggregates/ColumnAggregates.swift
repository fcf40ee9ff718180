import TaskFlowPluginAPI

/// Builds the column views of a report — breakdowns by column values, the trend over time,
/// rating agreement — from records and their analysis values, a batch at a time.
///
/// The one place these figures are computed: the engine feeds it each batch as it is
/// committed, and the REPL feeds it the records it holds, so a run's summary and a report
/// written later from the REPL agree. Memory follows the number of distinct values (capped per
/// column), days and ratings, never the number of records.
public struct ColumnAggregates: Sendable {
    /// Values a breakdown lists before its "other" row.
    public static let shownValues = 10
    /// Distinct values of one column counted apart; records with values past that many are
    /// counted only in the "other" row.
    public static let trackedValues = 2_000
    /// Distinct days counted apart (about 137 years); records on further days count as without time.
    public static let trackedDays = 50_000
    /// Periods a trend lists with the empty ones between them; a longer trend lists only
    /// periods with records.
    static let filledPeriods = 1_000

    public let plan: ColumnViewPlan
    /// The analyzers whose values are counted, by slot.
    private(set) var tools: [ToolFacts]
    private var slotOf: [String: Int] = [:]
    /// Per `plan.by` column, a tally per value, and the values past `trackedValues` together.
    private var groups: [[String: GroupTally]]
    private var overflow: [GroupTally]
    /// Per day (days since 1970-01-01) of the time column.
    private var days: [Int: GroupTally] = [:]
    private var noTime = 0
    private var rating = RatingTally()
    /// The records counted (by `add`).
    public private(set) var records = 0
    /// The positions of the columns looked up (`plan.by`, then time, then rating) in the names
    /// of the last record seen: records of a file share one `ColumnNames`.
    private var names: ColumnNames?
    private var positions: [Int?] = []

    /// - Parameter tools: the run's analyzers, in pipeline order.
    public init(plan: ColumnViewPlan, tools: [ToolFacts]) {
        self.plan = plan
        self.tools = []
        groups = Array(repeating: [:], count: plan.by.count)
        overflow = Array(repeating: GroupTally(), count: plan.by.count)
        for t in tools { _ = slot(for: t) }
    }

    private mutating func slot(for tool: ToolFacts) -> Int {
        if let s = slotOf[tool.id] { return s }
        tools.append(tool)
        slotOf[tool.id] = tools.count - 1
        return tools.count - 1
    }

    /// The slot of the sentiment analyzer the rating is compared with: the first of task `sentiment`.
    private var sentimentSlot: Int? { tools.firstIndex { $0.task == "sentiment" } }

    /// Counts a batch: its records and, per analyzer, one value per record (nil where it has none).
    public mutating func add(records batch: [Record], values: [(tool: ToolFacts, values: [AnalysisValue?])]) {
        guard !plan.isEmpty else { return }
        let values = BatchValues(slots: values.map { (slot(for: $0.tool), $0.values) })
        let sentiment = sentimentSlot.flatMap { s in values.slots.first { $0.slot == s }?.values }
        records += batch.count
        for (i, record) in batch.enumerated() {
            locate(record.columns.names)
            for c in plan.by.indices {
                let key = value(c, of: record).text
                if groups[c][key] != nil || groups[c].count < Self.trackedValues {
                    groups[c][key, default: GroupTally()].add(i, of: values)
                } else {
                    overflow[c].add(i, of: values)
                }
            }
            if plan.time != nil {
                if let day = Self.day(value(plan.by.count, of: record)), days[day] != nil || days.count < Self.trackedDays {
                    days[day, default: GroupTally()].add(i, of: values)
                } else {
                    noTime += 1
                }
            }
            if plan.rating != nil {
                var c: Classification?
                if let sentiment, i < sentiment.count, case .classification(let v)? = sentiment[i] { c = v }
                rating.add(record, rating: value(plan.by.count + 1, of: record), sentiment: c)
            }
        }
    }

    /// Counts a batch's values where the analyzer ran without failing.
    public mutating func add(records: [Record], results: [ToolResults]) {
        add(records: records, values: results.filter { $0.failure == nil }.map { ($0.tool, $0.values.map { Optional($0) }) })
    }

    /// Adds values that arrive after their records were counted (a corpus analyzer's, such as
    /// topics, after the last batch) to the breakdowns and the trend.
    public mutating func addLate(records batch: [Record], tool: ToolFacts, values: [AnalysisValue?]) {
        guard !plan.isEmpty else { return }
        let values = BatchValues(slots: [(slot(for: tool), values)])
        for (i, record) in batch.enumerated() {
            locate(record.columns.names)
            for c in plan.by.indices {
                let key = value(c, of: record).text
                if groups[c][key] != nil {
                    groups[c][key]?.add(i, of: values, countRecord: false)
                } else {
                    overflow[c].add(i, of: values, countRecord: false)
                }
            }
            if plan.time != nil, let day = Self.day(value(plan.by.count, of: record)), days[day] != nil {
                days[day]?.add(i, of: values, countRecord: false)
            }
        }
    }

    /// Finds the looked-up columns among `names` when they are not the last record's.
    private mutating func locate(_ names: ColumnNames) {
        if names === self.names { return }
        self.names = names
        positions = (plan.by + [plan.time ?? "", plan.rating ?? ""]).map { $0.isEmpty ? nil : names.position(of: $0) }
    }

    /// The value of looked-up column `k` (see `positions`) in `record`; null when it has none.
    private func value(_ k: Int, of record: Record) -> ColumnValue {
        guard let p = positions[k], p < record.columns.values.count else { return .null }
        return record.columns.values[p]
    }

    /// The day of a time value, as days since 1970-01-01.
    static func day(_ value: ColumnValue) -> Int? {
        guard case .time(let t) = value, let d = CivilDate.parts(ofTime: t) else { return nil }
        return CivilDate.days(year: d.year, month: d.month, day: d.day)
    }

    // MARK: The views

    /// Per `--by` column, its largest values and the rest.
    public var breakdowns: [ColumnBreakdown] {
        plan.by.enumerated().map { c, column in
            let sorted = groups[c].sorted { $0.value.records != $1.value.records ? $0.value.records > $1.value.records : $0.key < $1.key }
            let capped = overflow[c].records > 0
            var rest = overflow[c]
            for g in sorted.dropFirst(Self.shownValues) { rest.merge(g.value) }
            let other = sorted.count > Self.shownValues || capped ? rest.figures(key: "other", tools: tools) : nil
            return ColumnBreakdown(
                column: column, distinctValues: sorted.count + (capped ? 1 : 0),
                rows: sorted.prefix(Self.shownValues).map { $0.value.figures(key: $0.key, tools: tools) }, other: other,
                capped: capped)
        }
    }

    /// The trend over the time column's periods; nil without a time column, or when a detected
    /// one held no time.
    public var trend: TimeTrend? {
        guard let column = plan.time else { return nil }
        guard let first = days.keys.min(), let last = days.keys.max() else {
            return plan.timeNamed ? TimeTrend(column: column, named: true, period: plan.period ?? .day, periods: [], noTime: noTime) : nil
        }
        let period = plan.period ?? TimePeriod.fitting(days: last - first)
        var byKey: [String: GroupTally] = [:]
        // In order of days: sums added in one order round the same in every process.
        for (day, tally) in days.sorted(by: { $0.key < $1.key }) {
            byKey[Self.key(day, period), default: GroupTally()].merge(tally)
        }
        let keys = Self.keys(from: first, to: last, period) ?? byKey.keys.sorted()
        return TimeTrend(
            column: column, named: plan.timeNamed, period: period,
            periods: keys.map { (byKey[$0] ?? GroupTally()).figures(key: $0, tools: tools) }, noTime: noTime)
    }

    /// The period key of a day.
    static func key(_ day: Int, _ period: TimePeriod) -> String {
        let d = CivilDate.date(days: day)
        return period.key(.time(CivilDate.format(d.year, d.month, d.day))) ?? ""
    }

    /// Every period's key from the one of day `first` to the one of day `last`, in order; nil
    /// when there are more than `filledPeriods`.
    static func keys(from first: Int, to last: Int, _ period: TimePeriod) -> [String]? {
        var keys: [String] = []
        var day = first
        while day <= last {
            keys.append(key(day, period))
            if keys.count > filledPeriods { return nil }
            switch period {
            case .day: day += 1
            case .week:
                // To the next Monday (1970-01-01 was a Thursday).
                day += 7 - ((day % 7) + 7 + 3) % 7
            case .month:
                let d = CivilDate.date(days: day)
                day = d.month == 12 ? CivilDate.days(year: d.year + 1, month: 1, day: 1) : CivilDate.days(year: d.year, month: d.month + 1, day: 1)
            }
        }
        if let end = keys.last, end != key(last, period) { keys.append(key(last, period)) }
        return keys
    }

    /// Rating × sentiment; nil without a rating column or a sentiment analyzer, or when a
    /// detected rating column held no rating.
    public var ratingAgreement: RatingAgreement? {
        guard let column = plan.rating, let s = sentimentSlot else { return nil }
        if !plan.ratingNamed, rating.cells.isEmpty, rating.other.records == 0 { return nil }
        return rating.agreement(column: column, named: plan.ratingNamed, analyzer: tools[s].id)
    }
}
