import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowWorkspace

/// `sql SELECT …`: a read-only query over the results store; Ctrl-C interrupts a long one.
struct SQLCommand: ReplCommand {
    static let keywords = [
        "select", "from", "where", "group", "by", "order", "limit", "count(*)", "json_extract(", "desc", "and",
        "dataset", "record", "run", "run_batch", "result",
    ]

    static let descriptor = CommandDescriptor(
        name: "sql", usage: "sql SELECT ...", summary: "Query the results store with read-only SQL",
        details: """
            Tables: dataset, record (dataset_id, seq, record_id, text), run, run_batch and result
            (run_id, seq, analyzer, task, value as JSON). Only reading statements are allowed;
            Ctrl-C interrupts a query that takes too long.
            Example:
              sql select json_extract(value,'$.label') as label, count(*) as n from result
                  where run_id = (select max(id) from run) group by 1 order by 2 desc
            """,
        category: .results, completion: .words(keywords), rawArguments: true)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        var sql = args.rest.trimmingWhitespace()
        while sql.hasSuffix(";") { sql = String(sql.dropLast()).trimmingWhitespace() }
        guard !sql.isEmpty else { return .printUsage }
        let columns: [String]
        let rows: [[String?]]
        do {
            (columns, rows) = try await session.workspace.query(sql)
        } catch is CancellationError {
            // Ctrl-C: the query stopped where it was; the session goes on.
            session.console.note("query interrupted")
            throw CommandCancelled()
        }
        var numeric = Set<Int>()
        for c in columns.indices {
            let cells = rows.compactMap { $0[safe: c] ?? nil }
            if !cells.isEmpty, cells.allSatisfy({ Double($0) != nil }) { numeric.insert(c) }
        }
        session.printTable(ReplTable(headers: columns, rows: rows, numeric: numeric), maxRows: session.maxRows(50))
        session.console.note("\(rows.count) row\(rows.count == 1 ? "" : "s")")
        return .ok
    }
}
