import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowWorkspace

/// `report [PATH] [--by COL]… [--time COL] [--rating COL] [--period P]`: the last run's report,
/// in Markdown (or HTML, JSON for a `.html`, `.json` path); `report compare N [PATH]`: the last
/// run next to stored run N.
struct ReportCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "report", usage: "report [PATH.html|PATH.md|PATH.json] [--by COL]… [--time COL] [--rating COL] [--period day|week|month] | report compare N [PATH]",
        summary: "Write the last run's report (Markdown; no PATH: print it)",
        details: """
            The report covers the whole run (the filter does not apply): facts, label
            distributions, the most extreme examples, malformed rows and timings; sentiment
            over time when the records have a date or time column, and rating against
            sentiment when they have a rating column.
            --by COL (repeatable) adds a table per value of COL: records, sentiment shares
            and mean, the largest 10 values and the rest. --time and --rating name the time
            and rating columns (none leaves the view out); --period fixes the trend's period.
            A .html path writes one self-contained page with charts.
            report compare N [PATH] shows the last run next to stored run N (the baseline):
            the change in each label's share, topic sizes when the topics were carried over,
            new and vanished keyphrases.
            Example: report /tmp/feedback.html --by product --by channel
            """,
        category: .results, completion: .paths(extra: ["--by", "--time", "--rating", "--period"]))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        if args.words.first?.lowercased() == "compare" { return try await compare(Array(args.words.dropFirst()), in: session) }
        let (by, rest) = try Self.byColumns(args.words)
        let parsed = try ReplArguments(commandWord: args.commandWord, words: rest, rest: "")
            .parse(options: ["--time", "--rating", "--period"])
        guard parsed.positional.count <= 1 else { return .printUsage }
        let views = ColumnViewRequest(
            by: by, time: parsed.values["--time"], rating: parsed.values["--rating"], period: try Self.period(parsed.values["--period"]))
        let r = try session.requireResults()
        guard var summary = r.summary else {
            throw TaskFlowFailure(
                "no-summary", "run #\(r.runID.map(String.init) ?? "?") has no stored summary to report",
                hint: "run again to get a report")
        }
        if views != ColumnViewRequest() { summary = try Self.withColumnViews(views, summary: summary, results: r) }
        guard let given = parsed.positional.first else {
            session.console.print(MarkdownReportRenderer().render(summary))
            return .ok
        }
        let text = try ReportFormat.forPath(given).render(summary)
        try session.writeFile(text, to: given)
        session.console.note("report: \(given)")
        if session.state.filter != nil { session.console.note("note: the report covers the whole run, not only the filtered records") }
        return .ok
    }

    /// `report compare N [PATH]`: the last run against stored run N.
    func compare(_ words: [String], in session: isolated ReplSession) async throws -> ReplOutcome {
        guard (1...2).contains(words.count) else { return .printUsage }
        let r = try session.requireResults()
        guard let summary = r.summary else {
            throw TaskFlowFailure(
                "no-summary", "run #\(r.runID.map(String.init) ?? "?") has no stored summary to compare",
                hint: "run again to get a report")
        }
        let path = words.count == 2 ? words[1] : nil
        if let path { _ = try ReportFormat.forPath(path) }
        let baseline = try await session.workspace.storedSummary(run: words[0])
        let text = try session.workspace.renderComparison(summary, baseline: baseline, for: path ?? "report.md")
        guard let path else {
            session.console.print(text)
            return .ok
        }
        try session.writeFile(text, to: path)
        session.console.note("report: \(path)")
        return .ok
    }

    /// The summary with its column views built again from the records in memory, as the
    /// engine builds them during a run (`ColumnAggregates`).
    static func withColumnViews(_ views: ColumnViewRequest, summary: RunSummary, results r: ResultSet) throws -> RunSummary {
        var summary = summary
        var aggregates = ColumnAggregates(plan: try views.resolve(in: summary.dataset.read.columns), tools: r.tools)
        aggregates.add(records: r.records, values: r.tools.indices.map { t in (r.tools[t], t < r.values.count ? r.values[t] : []) })
        summary.breakdowns = aggregates.breakdowns
        summary.trend = aggregates.trend
        summary.rating = aggregates.ratingAgreement
        return summary
    }

    /// The `--by` columns (repeatable, `--by COL` or `--by=COL`) and the other words.
    static func byColumns(_ words: [String]) throws -> (by: [String], rest: [String]) {
        var by: [String] = []
        var rest: [String] = []
        var i = 0
        while i < words.count {
            let w = words[i]
            if w == "--by" {
                guard i + 1 < words.count else {
                    throw TaskFlowFailure("missing-value", "--by needs a column", hint: "e.g. --by product", exitCode: 2)
                }
                by.append(words[i + 1])
                i += 2
                continue
            }
            if w.hasPrefix("--by=") {
                by.append(String(w.dropFirst(5)))
            } else {
                rest.append(w)
            }
            i += 1
        }
        return (by, rest)
    }

    static func period(_ text: String?) throws -> TimePeriod? {
        guard let text else { return nil }
        guard let p = TimePeriod(rawValue: text.lowercased()) else {
            throw TaskFlowFailure(
                "bad-period", "'\(ReplArguments.brief(text))' is not a period",
                hint: "use one of: " + TimePeriod.allCases.map(\.rawValue).joined(separator: ", "), exitCode: 2)
        }
        return p
    }
}
