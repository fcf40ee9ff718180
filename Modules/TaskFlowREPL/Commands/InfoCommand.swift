import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// `info`: the loaded dataset and the results in memory.
struct InfoCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "info", usage: "info", summary: "Show the loaded dataset (columns, records, problems) and the last run",
        category: .data)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.isEmpty else { return .printUsage }
        guard let d = session.dataset else { throw ReplFailure.noDataset }
        var rows: [[String?]] = [
            ["dataset", d.source.path],
            ["format", "\(d.format.rawValue), \(ByteCount.format(d.bytes))"],
            ["columns", d.columns.joined(separator: ", ")],
        ]
        if d.format != .txt {
            rows.append(["text column", d.source.effectiveTextColumn])
            rows.append(["id column", d.idColumn ?? "(none: row numbers)"])
        }
        rows.append(["records", "\(d.report.records)" + (d.source.limit.map { " (--limit \($0))" } ?? "")])
        rows.append(["input issues", d.issues ?? "none"])
        if let r = session.results {
            var text = (r.runID.map { "run #\($0)" } ?? "run") + ": \(r.status.rawValue), \(r.records.count) records with "
            text += r.tools.map(\.id).joined(separator: ", ")
            rows.append(["results", text])
            if let filter = session.state.filter {
                let n = (try? session.view(r).count) ?? 0
                rows.append(["filter", "\(filter.briefText): \(n) of \(r.records.count) records"])
            }
        } else {
            rows.append(["results", "none yet (run)"])
        }
        session.printTable(ReplTable(headers: ["field", "value"], rows: rows))
        return .ok
    }
}
