import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// `columns`: the dataset's other columns, which travel with each record: their types, how
/// many values they hold and a few examples.
struct ColumnsCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "columns", usage: "columns",
        summary: "List the dataset's other columns (product, rating, …): type, values, examples",
        details: """
            Every column besides the text and the id travels with its record: filter, count by,
            top … by, trend … by and show --columns name them, and sql sees them (record.columns
            and the view record_column). A column named like an analysis field (sentiment) is
            col.sentiment; `load FILE --columns A,B` keeps only those.
            """,
        category: .data)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.isEmpty else { return .printUsage }
        let facts: [ColumnFacts]
        if let r = session.results, let summary = r.summary, !summary.dataset.read.columns.isEmpty {
            facts = summary.dataset.read.columns
        } else if let d = session.dataset {
            facts = d.report.columns
        } else if let r = session.results {
            facts = Self.facts(of: r.records)
        } else {
            throw ReplFailure.noResults(datasetLoaded: false)
        }
        guard !facts.isEmpty else {
            session.console.print("(no other columns: records carry only their id and text)")
            return .ok
        }
        let records = session.results?.records ?? []
        let analysisNames = Set(FieldReference.names(tools: session.knownTools()).map { $0.lowercased() })
        var table = ReplTable(headers: ["column", "type", "values", "empty", "distinct", "examples"], numeric: [2, 3, 4])
        for f in facts {
            var distinct = Set<String>()
            var examples: [String] = []
            for r in records.prefix(20_000) {
                guard let v = r.columns[f.name], v != .null else { continue }
                if distinct.insert(v.text).inserted, examples.count < 3 { examples.append(v.text) }
            }
            let empty = f.counts["null"] ?? 0
            let values = f.counts.values.reduce(0, +) - empty
            let name = analysisNames.contains(f.name.lowercased()) ? FieldReference.columnPrefix + f.name : f.name
            var type = f.type
            if f.others > 0 { type += " (\(f.others) other)" }
            table.rows.append([
                name, type, String(values), String(empty), records.isEmpty ? "" : (distinct.count > 9_999 ? "10000+" : String(distinct.count)),
                examples.map { ReplArguments.brief($0) }.joined(separator: ", "),
            ])
        }
        session.printTable(table)
        if records.isEmpty { session.console.note("run to see values and examples") }
        return .ok
    }

    /// Facts counted from records (results loaded from a store without a summary).
    static func facts(of records: [Record]) -> [ColumnFacts] {
        var order: [String] = []
        var counts: [String: [String: Int]] = [:]
        for r in records {
            for (n, v) in r.columns.pairs {
                if counts[n] == nil { order.append(n) }
                counts[n, default: [:]][v.typeName, default: 0] += 1
            }
        }
        return order.map { n in
            let c = counts[n] ?? [:]
            let type = c.filter { $0.key != "null" }.max { $0.value < $1.value }?.key ?? "null"
            return ColumnFacts(name: n, type: type, counts: c)
        }
    }
}
