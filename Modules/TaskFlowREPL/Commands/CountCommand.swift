import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// `count [by FIELD[, FIELD…]]`: how many records pass the filter, or how they split by one
/// or more fields (analysis results and the dataset's columns alike).
struct CountCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "count", usage: "count [by FIELD[, FIELD…]]",
        summary: "Count the records that pass the filter, or split them by fields",
        details: """
            FIELD is a task (sentiment, topic, entities…), TASK.label, a column of the dataset
            (product, channel, rating…; col.NAME when an analysis has its name) or a score.
            Scores, and numeric columns with many values, are split into ten equal ranges;
            numbers and dates are listed in order, other values by count.
            Examples:
              count by sentiment
              count by product, sentiment.label
            """,
        category: .results,
        completion: .custom { r in
            if r.previousWords.isEmpty { return ["by"] + r.hints.fieldNames }
            return r.previousWords.first?.lowercased() == "by" ? r.hints.fieldNames : []
        })

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        var words = args.words
        if words.first?.lowercased() == "by" { words.removeFirst() }
        let names = words.joined(separator: " ").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard names.count <= 4, names.allSatisfy({ !$0.contains(" ") }) else { return .printUsage }
        let r = try session.requireResults()
        let view = try session.view(r)
        guard !names.isEmpty else {
            var line = "\(view.count) record\(view.count == 1 ? "" : "s")"
            if let f = session.state.filter { line += " match\(view.count == 1 ? "es" : "") \(f.briefText) (of \(r.records.count))" }
            session.console.print(line)
            return .ok
        }
        let columns = r.columnNames
        let keyers = try names.map { try FieldKeyer(FieldReference.resolve($0, tools: r.tools, columns: columns), view: view, in: r) }
        var counts: [[String]: Int] = [:]
        for i in view {
            // A record with several values (entities) counts once under each combination.
            var combos: [[String]] = [[]]
            for k in keyers {
                let keys = k.keys(of: i, in: r)
                combos = combos.flatMap { c in keys.map { c + [$0] } }
            }
            for c in combos { counts[c, default: 0] += 1 }
        }
        // Rows of one value of the first field stay together, the largest group first.
        var groupTotals: [String: Int] = [:]
        for (key, c) in counts { groupTotals[key[0], default: 0] += c }
        let order = counts.keys.sorted { a, b in
            // Ordered fields (numbers, dates, ranges) in their order, then by count.
            for (k, keyer) in keyers.enumerated() where a[k] != b[k] {
                if keyer.ordered { return keyer.precedes(a[k], b[k]) }
                if k == 0, keyers.count > 1 {
                    let (ta, tb) = (groupTotals[a[0]] ?? 0, groupTotals[b[0]] ?? 0)
                    return ta != tb ? ta > tb : a[0] < b[0]
                }
            }
            let (ca, cb) = (counts[a] ?? 0, counts[b] ?? 0)
            return ca != cb ? ca > cb : a.lexicographicallyPrecedes(b)
        }
        let total = view.count
        let headers = zip(names, keyers).map { name, k in k.periodName.map { "\(name) (\($0))" } ?? name }
        var table = ReplTable(headers: headers + ["count", "share"], numeric: [names.count, names.count + 1])
        for key in order {
            let c = counts[key] ?? 0
            table.rows.append(key + [String(c), String(format: "%.1f%%", total > 0 ? Double(c) * 100 / Double(total) : 0)])
        }
        if session.settings.mode == .table {
            table.headers.append("")
            let largest = max(1, counts.values.max() ?? 1)
            for k in table.rows.indices {
                let c = Int(table.rows[k][names.count] ?? "0") ?? 0
                table.rows[k].append(BarChart.bar(Double(c) / Double(largest), width: 30))
            }
        }
        session.printTable(table, maxRows: session.maxRows(50))
        return .ok
    }
}

/// Turns one field's values into the keys `count by` groups on: labels and texts as they
/// are, numbers into ten equal ranges when there are many distinct ones.
struct FieldKeyer {
    let field: FieldReference
    /// The ranges numbers fall in, when they are binned.
    private var bins: (low: Double, width: Double)?
    /// The period times fall in, when there are many distinct ones.
    private var period: TimePeriod?
    /// How keys of a grouped time read in a header: `week of`, `month`, `day`.
    var periodName: String? { period.map { $0 == .week ? "week of" : $0.rawValue } }
    /// Whether keys have an order of their own (numbers, dates, ranges) rather than by count.
    private(set) var ordered = false

    init(_ field: FieldReference, view: [Int], in r: ResultSet) {
        self.field = field
        var distinct = Set<String>()
        var numbers: [Double] = []
        var allNumeric = true
        var allTimes = true
        var days: (low: Int, high: Int)?
        for i in view {
            for v in field.values(of: i, in: r) {
                if let n = v.number { numbers.append(n) } else { allNumeric = false }
                if allTimes, let d = CivilDate.parts(ofTime: v.text) {
                    let n = CivilDate.days(year: d.year, month: d.month, day: d.day)
                    days = (min(days?.low ?? n, n), max(days?.high ?? n, n))
                } else {
                    allTimes = false
                }
                if distinct.count <= 30 { distinct.insert(v.text) }
            }
        }
        if allNumeric, !numbers.isEmpty {
            ordered = true
            // Scores are always ranges; a column's few values (ratings 1–5) are themselves.
            if field.isNumeric || distinct.count > 30, let low = numbers.min(), let high = numbers.max() {
                bins = (low, high > low ? (high - low) / 10 : 1)
            }
        } else if allTimes, let days {
            ordered = true
            // Many times (each record its own second) are grouped by a period that fits their span.
            if distinct.count > 30 { period = TimePeriod.fitting(days: days.high - days.low) }
        }
    }

    func keys(of i: Int, in r: ResultSet) -> [String] {
        let values = field.values(of: i, in: r)
        if values.isEmpty { return ["(none)"] }
        if let period {
            return Array(Set(values.compactMap { v in period.key(ColumnTyping.value(ofString: v.text)) })).sorted()
        }
        if let bins {
            return values.compactMap(\.number).map { n in
                let b = min(9, Int((n - bins.low) / bins.width))
                return String(format: "%+.3f … %+.3f", bins.low + Double(b) * bins.width, bins.low + Double(b + 1) * bins.width)
            }
        }
        return Array(Set(values.map(\.text))).sorted()
    }

    /// The records of `view` by key, and the keys in order: their own (numbers, dates) or the
    /// largest group first.
    func groups(_ view: [Int], in r: ResultSet) -> (members: [String: [Int]], ordered: [String]) {
        var members: [String: [Int]] = [:]
        for i in view {
            for k in keys(of: i, in: r) { members[k, default: []].append(i) }
        }
        let byOwnOrder = ordered
        let keys = members.keys.sorted { a, b in
            if byOwnOrder { return precedes(a, b) }
            let (ca, cb) = (members[a]!.count, members[b]!.count)
            return ca != cb ? ca > cb : a < b
        }
        return (members, keys)
    }

    /// Order of two keys of an ordered field: by number (a range by its start), else as text.
    func precedes(_ a: String, _ b: String) -> Bool {
        if a == "(none)" || b == "(none)" { return b == "(none)" && a != "(none)" }
        let na = Double(a.split(separator: " ").first.map(String.init) ?? a)
        let nb = Double(b.split(separator: " ").first.map(String.init) ?? b)
        if let na, let nb { return na < nb }
        return a < b
    }
}
