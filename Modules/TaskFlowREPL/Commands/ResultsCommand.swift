import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowWorkspace

/// `results RUN`: brings a stored run's results into memory for show, top, filter and count.
struct ResultsCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "results", usage: "results RUN", summary: "Load a stored run's results (see runs) for show, top, filter, count",
        details: "RUN is a run number from `runs`; `results last` takes the newest.",
        category: .results, completion: .words(["last"]))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.count == 1 else { return .printUsage }
        let stored = try await session.workspace.storedResults(run: args.words[0])
        let run = stored.run
        let (id, tools, records, values, summary) = (run.id, stored.tools, stored.records, stored.values, stored.summary)
        session.results = ResultSet(
            runID: id, status: RunStatus(rawValue: run.status) ?? .completed, tools: tools, records: records,
            values: values, summary: summary, limit: nil, ranHere: false)
        session.console.note("results of run #\(id) (\(run.datasetName), \(run.status)): \(records.count) records with " + tools.map(\.id).joined(separator: ", "))
        return .ok
    }
}
