import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting

/// `trend TASK [by day|week|month] [by FIELD] [--time COL]`: a task's mean score and label
/// shares per period of the records' time column, with a text sparkline.
struct TrendCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "trend", usage: "trend TASK [by day|week|month] [by FIELD] [--time COL]",
        summary: "Show how a result changes over time (per day, week or month), with a sparkline",
        details: """
            Uses the dataset's time column: the first column of ISO-8601 dates or times, or the
            one --time names. Without a period, one that fits the span is chosen (days up to two
            months, weeks up to a year, months beyond). Per period: records, the mean score and
            the share of each label. `by FIELD` gives one row per value of a column or result
            (the largest 10) with its sparkline across the periods instead.
            Examples:
              trend sentiment
              trend sentiment by month
              trend sentiment by month by product
            """,
        category: .results,
        completion: .custom { r in
            if r.previousWords.isEmpty { return r.hints.resultTasks }
            return r.previousWords.last?.lowercased() == "by" ? ["day", "week", "month"] + r.hints.fieldNames : ["by", "--time"]
        })

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        let parsed = try args.parse(options: ["--time"])
        var words = parsed.positional
        guard !words.isEmpty else { return .printUsage }
        let task = words.removeFirst().lowercased()
        var period: TimePeriod?
        var groupField: String?
        while !words.isEmpty {
            guard words.count >= 2, words[0].lowercased() == "by" else { return .printUsage }
            if let p = TimePeriod(rawValue: words[1].lowercased()), period == nil {
                period = p
            } else if groupField == nil {
                groupField = words[1]
            } else {
                return .printUsage
            }
            words.removeFirst(2)
        }
        let r = try session.requireResults()
        let aliases = TopCommand.taskAliases
        guard let t = r.tools.firstIndex(where: { $0.task.lowercased() == (aliases[task] ?? task) || $0.id.lowercased() == task }) else {
            throw TaskFlowFailure(
                "not-in-results", "the results have no \(ReplArguments.brief(task)) values",
                hint: r.tools.isEmpty ? "enable a tool, then run" : "tasks in the results: " + r.tools.map(\.task).joined(separator: ", "),
                exitCode: 2)
        }
        let view = try session.view(r)
        let timeColumn = try Self.timeColumn(named: parsed.values["--time"], view: view, in: r)

        // Each record's period, from the time column.
        var days: (low: Int, high: Int)?
        var parts: [Int: (year: Int, month: Int, day: Int)] = [:]
        var untimed = 0
        for i in view {
            guard case .time(let text)? = r.records[i].columns[timeColumn], let d = CivilDate.parts(ofTime: text) else {
                untimed += 1
                continue
            }
            parts[i] = d
            let n = CivilDate.days(year: d.year, month: d.month, day: d.day)
            days = (min(days?.low ?? n, n), max(days?.high ?? n, n))
        }
        guard let days else {
            throw TaskFlowFailure(
                "no-times", "no record \(session.state.filter == nil ? "" : "matching the filter ")has a time in column '\(timeColumn)'",
                hint: "trend needs ISO-8601 dates or times (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS)", exitCode: 2)
        }
        let chosen = period ?? TimePeriod.fitting(days: days.high - days.low)
        var periodOf: [Int: String] = [:]
        for (i, d) in parts {
            periodOf[i] = chosen.key(.time(CivilDate.format(d.year, d.month, d.day)))
        }
        let periods = Self.allPeriods(from: days.low, to: days.high, by: chosen)
        let tool = r.tools[t]
        if let groupField {
            try showGroups(t, groupField, view.filter { periodOf[$0] != nil }, periodOf, periods, chosen, r, session)
        } else {
            showPeriods(t, view.filter { periodOf[$0] != nil }, periodOf, periods, chosen, r, session)
        }
        var note = "\(tool.task) by \(chosen.rawValue) of \(timeColumn)"
        if untimed > 0 { note += "; \(untimed) record\(untimed == 1 ? " has" : "s have") no time and \(untimed == 1 ? "is" : "are") left out" }
        session.console.note(note)
        return .ok
    }

    /// The time column: the one named, else the first whose values in the view are mostly times.
    static func timeColumn(named: String?, view: [Int], in r: ResultSet) throws -> String {
        let columns = r.columnNames
        if let named { return try FieldReference.namedColumn(named, in: columns) }
        let sample = view.prefix(2000)
        for c in columns {
            var times = 0
            var others = 0
            for i in sample {
                switch r.records[i].columns[c] {
                case .time?: times += 1
                case .null?, nil: break
                default: others += 1
                }
            }
            if times > 0, times >= others * 4 { return c }
        }
        throw TaskFlowFailure(
            "no-time-column", "the records have no column of dates or times",
            hint: columns.isEmpty
                ? "load a file with a date column (YYYY-MM-DD or ISO-8601 times)"
                : "name one with --time COL (columns: \(columns.prefix(12).joined(separator: ", ")))", exitCode: 2)
    }

    /// Every period from the first day to the last, empty ones included (a gap shows as a gap).
    static func allPeriods(from low: Int, to high: Int, by period: TimePeriod) -> [String] {
        var out: [String] = []
        var n = low
        while n <= high, out.count < 5000 {
            let d = CivilDate.date(days: n)
            let key = period.key(.time(CivilDate.format(d.year, d.month, d.day)))!
            if out.last != key { out.append(key) }
            n += period == .day ? 1 : period == .week ? 7 : 28
        }
        let last = CivilDate.date(days: high)
        if let k = period.key(.time(CivilDate.format(last.year, last.month, last.day))), out.last != k { out.append(k) }
        return out
    }

    /// Mean score and label counts of tool `t` over `members`.
    static func stats(_ t: Int, _ members: [Int], _ r: ResultSet) -> (mean: Double?, labels: [String: Int]) {
        var sum = 0.0
        var n = 0
        var labels: [String: Int] = [:]
        for i in members {
            switch r.value(t, i) {
            case .classification(let c)?:
                sum += c.score
                n += 1
                labels[c.label, default: 0] += 1
            case .topic(let topic)?:
                labels["\(topic.id): \(topic.label)", default: 0] += 1
            default: break
            }
        }
        return (n > 0 ? sum / Double(n) : nil, labels)
    }

    private func showPeriods(
        _ t: Int, _ view: [Int], _ periodOf: [Int: String], _ periods: [String], _ period: TimePeriod, _ r: ResultSet,
        _ session: isolated ReplSession
    ) {
        var members: [String: [Int]] = [:]
        for i in view { members[periodOf[i]!, default: []].append(i) }
        let overall = Self.stats(t, view, r)
        let labels = overall.labels.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(4).map(\.key)
        let tool = r.tools[t]
        var table = ReplTable(
            headers: [period == .week ? "week of" : period.rawValue, "records", "mean " + tool.task] + labels.map { "% " + $0 },
            numeric: Set(1..<(3 + labels.count)))
        var means: [Double?] = []
        for p in periods {
            let m = members[p] ?? []
            let s = Self.stats(t, m, r)
            means.append(s.mean)
            var row: [String?] = [p, String(m.count), s.mean.map { String(format: "%+.3f", $0) } ?? ""]
            for l in labels {
                row.append(m.isEmpty ? "" : String(format: "%.0f%%", Double(s.labels[l] ?? 0) * 100 / Double(m.count)))
            }
            table.rows.append(row)
        }
        session.printTable(table, maxRows: session.maxRows(400))
        if means.contains(where: { $0 != nil }) {
            let low = means.compactMap { $0 }.min() ?? 0
            let high = means.compactMap { $0 }.max() ?? 0
            session.console.print(
                "mean \(tool.task) " + Sparkline.render(means) + String(format: "  (%+.3f … %+.3f, %@ → %@)", low, high, periods.first ?? "", periods.last ?? ""))
        }
    }

    private func showGroups(
        _ t: Int, _ field: String, _ view: [Int], _ periodOf: [Int: String], _ periods: [String], _ period: TimePeriod,
        _ r: ResultSet, _ session: isolated ReplSession
    ) throws {
        let keyer = try FieldKeyer(FieldReference.resolve(field, tools: r.tools, columns: r.columnNames), view: view, in: r)
        let (groups, ordered) = keyer.groups(view, in: r)
        let shown = Array(ordered.prefix(10))
        let tool = r.tools[t]
        var table = ReplTable(
            headers: [field, "records", "mean " + tool.task, "per \(period.rawValue) (\(periods.first ?? "") → \(periods.last ?? ""))"],
            numeric: [1, 2])
        var rows: [(group: String, count: Int, mean: Double?, means: [Double?])] = []
        for g in shown {
            let members = groups[g] ?? []
            var byPeriod: [String: [Int]] = [:]
            for i in members { byPeriod[periodOf[i]!, default: []].append(i) }
            let means = periods.map { p in byPeriod[p].flatMap { Self.stats(t, $0, r).mean } }
            rows.append((g, members.count, Self.stats(t, members, r).mean, means))
        }
        // One scale for every row, so the lines compare.
        let all = rows.flatMap(\.means).compactMap { $0 }
        let range = (all.min() ?? -1)...(max(all.max() ?? 1, all.min() ?? -1))
        for row in rows {
            table.rows.append([
                row.group, String(row.count), row.mean.map { String(format: "%+.3f", $0) } ?? "", Sparkline.render(row.means, range: range),
            ])
        }
        session.printTable(table, maxRows: session.maxRows(50))
        if let low = all.min(), let high = all.max() {
            session.console.note(String(format: "sparklines share one scale: %+.3f … %+.3f", low, high))
        }
        if shown.count < ordered.count { session.console.note("\(ordered.count - shown.count) smaller groups not shown") }
    }
}
