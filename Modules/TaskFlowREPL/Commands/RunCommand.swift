import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowWorkspace

/// `run [--limit N]`: analyses the loaded dataset with the enabled tools, through the same
/// engine, store and cache as `tf analyze`.
struct RunCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "run", usage: "run [--limit N]", summary: "Analyse the dataset with the enabled tools (Ctrl-C stops it)",
        details: """
            Results are stored batch by batch in the results store (see `runs`) and kept in
            memory for show, top, filter, count and report. Ctrl-C stops the run and returns
            to the prompt; the batches finished so far are kept. --limit N analyses the first N
            records only.
            """,
        category: .pipeline, completion: .words(["--limit"]))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        let parsed = try args.parse(options: ["--limit"])
        guard parsed.positional.isEmpty else { return .printUsage }
        let limit = try parsed.positiveInt("--limit")
        var source = try session.requireDataset()
        if let limit { source.limit = min(limit, source.limit ?? limit) }
        guard !session.state.tools.isEmpty else {
            throw TaskFlowFailure("no-tools", "no tools enabled", hint: "use TOOL or enable TOOL first (tools lists them)")
        }
        let state = session.state
        let handle = try session.workspace.start(
            RunRequest(
                source: source, tools: state.tools, options: state.options, device: state.device, threads: state.threads,
                batchSize: state.batchSize, cacheMode: state.cacheMode, llm: state.llm))
        let token = session.interrupts.push { handle.cancel() }
        defer { session.interrupts.remove(token) }
        let sink = session.console.err
        let progress = ProgressLine(enabled: sink.isTerminal, suffix: "  (Ctrl-C stops)") { text in
            sink.write(text)
            sink.flush()
        }

        var tools: [ToolFacts] = []
        var runID: Int64?
        var records: [Record] = []
        var values: [[AnalysisValue?]] = []
        var summary: RunSummary?
        do {
            for try await event in handle.events {
                switch event {
                case .started(let start):
                    tools = start.tools
                    runID = start.runID
                    values = Array(repeating: [], count: tools.count)
                case .batch(let b):
                    records.append(contentsOf: b.records)
                    for (t, r) in b.results.enumerated() where t < values.count {
                        // An analyzer that failed on a batch has no values for it.
                        if r.values.count == b.records.count {
                            values[t].append(contentsOf: r.values.map(Optional.some))
                        } else {
                            values[t].append(contentsOf: Array(repeating: nil, count: b.records.count))
                        }
                    }
                    progress.update(records: b.recordsDone, bytesRead: b.bytesRead, bytesTotal: b.bytesTotal, elapsed: b.elapsedSeconds)
                case .corpus(let c):
                    // Topics and the like join the records' values once the whole run was seen.
                    tools.append(c.tool)
                    values.append(c.values.count == records.count ? c.values.map(Optional.some) : Array(repeating: nil, count: records.count))
                case .finished(let s):
                    summary = s
                }
            }
        } catch {
            progress.clear()
            if !records.isEmpty {
                session.results = ResultSet(
                    runID: runID, status: .failed, tools: tools, records: records, values: values, summary: nil,
                    limit: limit, ranHere: true)
            }
            throw error
        }
        progress.clear()
        guard let summary else {
            // The stream ended without a summary: the run task itself was cancelled.
            session.console.note("cancelled: \(records.count) records analysed; finished batches are kept")
            throw CommandCancelled()
        }
        session.results = ResultSet(
            runID: summary.runID ?? runID, status: summary.status, tools: tools, records: records, values: values,
            summary: summary, limit: limit, ranHere: true)
        session.console.note(RunSummaryLine.render(summary))
        if let filter = session.state.filter, let r = session.results {
            let n = (try? session.view(r).count) ?? 0
            session.console.note("filter \(filter.briefText): \(n) of \(r.records.count) records")
        }
        if summary.status == .cancelled { throw CommandCancelled() }
        return .ok
    }
}
