import ArgumentParser
import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowWorkspace

/// `tf report RUN`: a stored run's report again, from its stored summary; with `--compare`,
/// the run next to another with what changed.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a stored run's report again (HTML, Markdown or JSON) without re-running it; compare two runs.",
        discussion: """
            RUN is a run number (12 or #12) or last. Without -o the report is printed as Markdown.
            --compare RUN2 shows RUN next to RUN2 (the baseline): the change in each sentiment and
            emotion label's share, topic sizes when RUN's topics were carried over from RUN2
            (tf analyze --topics-from), and the keyphrases that are new or gone.
            Examples:
              tf report last -o /tmp/feedback.html
              tf report 12 --compare 10 -o /tmp/changes.html
            """)

    @Argument(help: "The run: a number (12 or #12) or last.")
    var run: String

    @Option(name: .customShort("o"), help: "Write the report here (.html, .md or .json) instead of printing Markdown.")
    var output: String?

    @Option(help: "Compare with this run (the baseline): a number or last.")
    var compare: String?

    @Option(help: "Results database. Default: $TF_DB, else $TF_HOME/taskflow.sqlite.")
    var db: String?

    func run() async throws {
        try await runReporting {
            let workspace = try Workspace.open(Workspace.Configuration(database: db, discoverPlugins: false, warn: printWarning))
            if let output { try workspace.checkReportPath(output) }
            let summary = try await workspace.storedSummary(run: run)
            let path = output ?? "report.md"
            let text: String
            if let compare {
                let baseline = try await workspace.storedSummary(run: compare)
                text = try workspace.renderComparison(summary, baseline: baseline, for: path)
            } else {
                text = try workspace.renderReport(summary, for: path)
            }
            if let output {
                try SafeFileWriter.write(text, to: output)
                printProgress("report: \(output)")
            } else {
                let out = TextOutput.standardOutput()
                out.write(text)
                try out.close()
            }
        }
    }
}
