import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowStorage

/// Reports of stored runs, rendered again from their summaries (`tf report RUN`, REPL
/// `report compare N`): nothing is analysed again.
extension Workspace {
    /// The summary a stored run kept: `last` or a run number (`#12` or `12`).
    ///
    /// - Throws: `TaskFlowFailure` (exit 2) when the store does not exist, the run is not in it,
    ///   or the run kept no summary; each names the run or the store and what to do.
    public func storedSummary(run word: String) async throws -> RunSummary {
        guard FileManager.default.fileExists(atPath: databasePath) else {
            throw TaskFlowFailure(
                "no-store", "there is no results store at \(databasePath), so there is no run '\(word)' to report",
                hint: "run an analysis first (tf analyze FILE), or name the store with --db PATH", exitCode: 2)
        }
        let store = try store()
        let id = try await storedRun(word, in: store).id
        guard let summary = try await store.summary(runID: id) else {
            throw TaskFlowFailure(
                "no-summary", "run #\(id) in \(store.location) has no stored summary to report (it ended before writing one)",
                hint: "report another run, or run the analysis again", exitCode: 2)
        }
        return summary
    }

    /// The comparison report of `run` against `baseline`, in the format `path`'s extension names.
    public func renderComparison(_ run: RunSummary, baseline: RunSummary, for path: String) throws -> String {
        try ReportFormat.forPath(path).render(run, comparedWith: baseline)
    }
}
