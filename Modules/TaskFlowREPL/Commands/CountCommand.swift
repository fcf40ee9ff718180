import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// `count [BY FIELD]`: how many records pass the filter, or how they split by a field.
struct CountCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "count", usage: "count [by FIELD]", summary: "Count the records that pass the filter, or split them by a field",
        details: """
            FIELD is a task (sentiment, topic, entities…), TASK.label, id-like fields or a score
            (scores are split into ten equal ranges).
            Example: count by sentiment
            """,
        category: .results,
        completion: .custom { r in
            if r.previousWords.isEmpty { return ["by"] + r.hints.fieldNames }
            return r.previousWords.count == 1 && r.previousWords[0].lowercased() == "by" ? r.hints.fieldNames : []
        })

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        var words = args.words
        if words.first?.lowercased() == "by" { words.removeFirst() }
        guard words.count <= 1 else { return .printUsage }
        let r = try session.requireResults()
        let view = try session.view(r)
        guard let name = words.first else {
            var line = "\(view.count) record\(view.count == 1 ? "" : "s")"
            if let f = session.state.filter { line += " match\(view.count == 1 ? "es" : "") \(f.briefText) (of \(r.records.count))" }
            session.console.print(line)
            return .ok
        }
        let field = try FieldReference.resolve(name, tools: r.tools)
        var counts: [String: Int] = [:]
        var order: [String] = []
        func add(_ key: String) {
            if counts[key] == nil { order.append(key) }
            counts[key, default: 0] += 1
        }
        if field.isNumeric {
            let numbers = view.compactMap { field.values(of: $0, in: r).first?.number }
            guard let low = numbers.min(), let high = numbers.max() else {
                session.console.print("(no values)")
                return .ok
            }
            let width = high > low ? (high - low) / 10 : 1
            var bins = Array(repeating: 0, count: 10)
            for n in numbers { bins[min(9, Int((n - low) / width))] += 1 }
            for (b, c) in bins.enumerated() where c > 0 {
                let key = String(format: "%+.3f … %+.3f", low + Double(b) * width, low + Double(b + 1) * width)
                order.append(key)
                counts[key] = c
            }
        } else {
            for i in view {
                let keys = Set(field.values(of: i, in: r).map(\.text))
                if keys.isEmpty { add("(none)") }
                for k in keys.sorted() { add(k) }
            }
            order.sort { (counts[$0] ?? 0) != (counts[$1] ?? 0) ? (counts[$0] ?? 0) > (counts[$1] ?? 0) : $0 < $1 }
        }
        let total = view.count
        var table = ReplTable(headers: [name, "count", "share"], numeric: [1, 2])
        for key in order {
            let c = counts[key] ?? 0
            table.rows.append([key, String(c), String(format: "%.1f%%", total > 0 ? Double(c) * 100 / Double(total) : 0)])
        }
        if session.settings.mode == .table {
            table.headers.append("")
            let largest = max(1, counts.values.max() ?? 1)
            for k in table.rows.indices {
                let c = Int(table.rows[k][1] ?? "0") ?? 0
                table.rows[k].append(BarChart.bar(Double(c) / Double(largest), width: 30))
            }
        }
        session.printTable(table, maxRows: session.maxRows(50))
        return .ok
    }
}
