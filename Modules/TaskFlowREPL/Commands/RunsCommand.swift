import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowWorkspace

/// `runs [N]`: past runs in the results store, newest first.
struct RunsCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "runs", usage: "runs [N]", summary: "List past runs in the results store, newest first (default 20)",
        details: "results RUN brings one back into memory; sql queries them.",
        category: .results)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.count <= 1 else { return .printUsage }
        let limit = try args.words.first.map(HeadCommand.count) ?? 20
        let runs = try await session.workspace.runs(limit: limit)
        if runs.isEmpty {
            session.console.print("no runs yet in \(session.environment.databasePath) (load PATH, then run)")
            return .ok
        }
        var table = ReplTable(headers: ["run", "dataset", "status", "records", "seconds", "tools", "started"], numeric: [0, 3, 4])
        for run in runs {
            let facts = run.toolFacts
            let tools = facts.isEmpty ? run.tools : facts.map(\.id).joined(separator: ",")
            table.rows.append([
                String(run.id), run.datasetName, run.status, String(run.recordsDone),
                run.wallSeconds.map { String(format: "%.3f", $0) }, tools, run.startedAt,
            ])
        }
        session.printTable(table)
        return .ok
    }
}
