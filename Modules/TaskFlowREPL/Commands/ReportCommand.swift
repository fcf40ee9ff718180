import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting

/// `report [PATH]`: the last run's report, in Markdown (or JSON for a `.json` path).
struct ReportCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "report", usage: "report [PATH.md|PATH.json]",
        summary: "Write the last run's report (Markdown; no PATH: print it)",
        details: """
            The report covers the whole run (the filter does not apply): facts, label
            distributions, the most extreme examples, malformed rows and timings.
            Example: report /tmp/feedback.md
            """,
        category: .results, completion: .paths(extra: []))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.count <= 1 else { return .printUsage }
        let r = try session.requireResults()
        guard let summary = r.summary else {
            throw TaskFlowFailure(
                "no-summary", "run #\(r.runID.map(String.init) ?? "?") has no stored summary to report",
                hint: "run again to get a report")
        }
        guard let given = args.words.first else {
            session.console.print(MarkdownReportRenderer().render(summary))
            return .ok
        }
        let text = try ReportFormat.forPath(given).render(summary)
        try session.writeFile(text, to: given)
        session.console.note("report: \(given)")
        if session.state.filter != nil { session.console.note("note: the report covers the whole run, not only the filtered records") }
        return .ok
    }
}
