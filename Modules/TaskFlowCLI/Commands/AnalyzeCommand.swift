import ArgumentParser
import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowWorkspace

/// `tf analyze INPUT`: the one-shot pipeline for scripts, cron jobs and CI.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse a dataset (.csv, .tsv, .jsonl, .txt) and print, store and report the results.",
        discussion: """
            Examples:
              tf analyze Playground/feedback.csv --report /tmp/feedback.md
              tf analyze tickets.jsonl --text body --id ticket --format jsonl -o results.jsonl
              tf analyze Playground/feedback.csv --by product --by channel --report /tmp/feedback.md

            Exit codes: 0 done, 1 failed, 2 bad usage, 3 done but an analyzer failed on some batches (their
            values are missing; the summary and report say which), 130 cancelled with Ctrl-C (finished
            batches are kept).
            """)

    @Argument(help: "The dataset: .csv/.tsv (header row), .jsonl (one object per line) or .txt (one text per line); - reads standard input (with --input-format).")
    var input: String

    @Option(help: "The dataset's format when its name does not say (and for - , standard input): csv, tsv, jsonl or txt.")
    var inputFormat: DatasetFormat?

    @Option(name: .customLong("text"), help: "Column (or JSON key) holding the text. Default: text.")
    var textColumn: String?

    @Option(name: .customLong("id"), help: "Column (or JSON key) holding the record id. Default: id, else the row number.")
    var idColumn: String?

    @Option(
        help: ArgumentHelp(
            "Which other columns travel with each record (stored, in outputs, in the REPL): all, none, or names separated by commas.",
            valueName: "all|none|A,B"))
    var columns: String = "all"

    @Option(
        name: .customLong("by"),
        help: ArgumentHelp(
            "Break the report down by this column's values: records, sentiment shares and mean per value, the largest 10 and the rest (repeatable).",
            valueName: "COL"))
    var byColumns: [String] = []

    @Option(
        name: .customLong("time"),
        help: ArgumentHelp("The column of dates or times the report's trend follows. Default: the first column of ISO-8601 times; none turns it off.", valueName: "COL"))
    var timeColumn: String?

    @Option(
        name: .customLong("rating"),
        help: ArgumentHelp(
            "The numeric rating column (stars, score) the report compares with sentiment. Default: a number column named rating, stars, score…; none turns it off.",
            valueName: "COL"))
    var ratingColumn: String?

    @Option(help: "The trend's period: day, week or month. Default: fitted to the span of the times.")
    var period: TimePeriod?

    @Flag(help: "Leave records' other columns out of the --format json/jsonl/csv output (they are still stored).")
    var noColumns = false

    @Option(help: "Comma-separated tools: analyzer ids or tasks, corpus analyzers and agents (see `tf tools`).")
    var tools: String = "sentiment"

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("A tool option, TOOL.OPTION=VALUE (repeatable; the names of the REPL's set).", valueName: "TOOL.OPTION=VALUE"))
    var assignments: [String] = []

    @Option(help: "Language model for agents: none, mock, openai, anthropic or replay. Default: $TF_LLM, else none.")
    var llm: String = ProcessInfo.processInfo.environment["TF_LLM"] ?? "none"

    @Option(help: "The model agents ask (e.g. gpt-4o-mini). Default: $TF_LLM_MODEL, else the provider's.")
    var llmModel: String?

    @Option(help: "Dollars the run's language-model calls may cost at most; a call that would pass it is refused.")
    var budget: Double?

    @Option(help: "cpu, gpu, gpu:N or auto.")
    var device: String = ProcessInfo.processInfo.environment["TF_DEVICE"] ?? "auto"

    @Option(help: "CPU threads. Default: all cores.")
    var threads: Int?

    @Option(help: "Records per batch; each batch is stored in one transaction.")
    var batchSize: Int = 256

    @Option(help: "Results database. Default: $TF_DB, else $TF_HOME/taskflow.sqlite.")
    var db: String?

    @Option(help: "Output format: table, json, jsonl or csv.")
    var format: RecordFormat = .table

    @Option(name: .shortAndLong, help: "Write results to this file instead of standard output.")
    var output: String?

    @Option(help: "Write a report: PATH.html (a page with charts), PATH.md (Markdown) or PATH.json.")
    var report: String?

    @Option(help: "Analyse at most this many records.")
    var limit: Int?

    @OptionGroup var pluginFlags: PluginFlags

    @Flag(help: "Neither read nor write the content cache.")
    var noCache = false

    @Flag(help: "Recompute everything and overwrite the cached outputs.")
    var refreshCache = false

    @Flag(help: "Stop at the first malformed row instead of skipping and reporting it.")
    var strict = false

    @Flag(name: .shortAndLong, help: "No progress bar and no summary on stderr.")
    var quiet = false

    func validate() throws {
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1 (try 256)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let budget, !(budget > 0) || !budget.isFinite { throw ValidationError("--budget must be a positive number of dollars (e.g. 0.50)") }
        if noCache && refreshCache { throw ValidationError("--no-cache and --refresh-cache contradict each other; choose one") }
    }

    func run() async throws {
        try await runReporting {
            let summary = try await analyze()
            if summary.status == .cancelled { throw ExitCode(130) }
            if !summary.failures.isEmpty { throw ExitCode(3) }
        }
    }

    private func analyze() async throws -> RunSummary {
        let workspace = try pluginFlags.openWorkspace(database: db)
        let options = try workspace.parseAssignments(assignments)
        let toolNames = tools.split(separator: ",").map(String.init)
        let selected = Set(try workspace.resolve(tools: toolNames).map(\.id))
        if let stray = options.keys.sorted().first(where: { !selected.contains($0) && $0 != "llm" }) {
            throw TaskFlowFailure(
                "option-for-unused-tool", "--set names \(stray), which is not among --tools (\(tools))",
                hint: "add it to --tools, or drop the --set", exitCode: 2)
        }
        if let report { try workspace.checkReportPath(report) }
        _ = try workspace.languageModel(llm, model: llmModel)
        var request = RunRequest(
            source: DatasetSource(
                path: input, format: inputFormat, textColumn: textColumn, idColumn: idColumn, strict: strict, limit: limit,
                columns: try ColumnSelection.parse(columns)),
            tools: toolNames, options: options, device: device, threads: threads, batchSize: batchSize,
            cacheMode: noCache ? .off : refreshCache ? .refresh : .on, llm: llm,
            columnViews: ColumnViewRequest(
                by: byColumns, time: timeColumn, rating: ratingColumn, period: period))
        request.llmModel = llmModel
        request.budget = budget
        let handle = try workspace.start(request)
        let out = try output.map(TextOutput.file) ?? TextOutput.standardOutput()
        let formatWriter = format.makeWriter(
            output: out, width: out.isTerminal ? Terminal.width() : (output == nil ? 120 : 160),
            maxTableRows: output == nil ? 20 : nil, columns: !noColumns)
        // Topics arrive after the last batch: records wait in a spool file until then.
        var writer = try CompletingRecordWriter(formatWriter, lateTools: [])
        let progress = ProgressLine.standardError(enabled: !quiet)
        let trap = SignalTrap { handle.cancel() }
        defer { trap.remove() }

        var summary: RunSummary?
        var wroteRecords = false
        do {
            for try await event in handle.events {
                switch event {
                case .started(let start):
                    writer = try CompletingRecordWriter(formatWriter, lateTools: start.lateTools)
                case .corpus(let c):
                    writer.complete(c)
                case .batch(let b):
                    wroteRecords = true
                    for i in b.records.indices { writer.write(b.records[i], b.values(at: i)) }
                    if out.failed { handle.cancel() }  // a full disk or a closed pipe: stop; close() reports it
                    progress.update(records: b.recordsDone, bytesRead: b.bytesRead, bytesTotal: b.bytesTotal, elapsed: b.elapsedSeconds)
                case .finished(let s):
                    summary = s
                }
            }
        } catch {
            progress.clear()
            // A run that failed before its first batch prints no empty table, only the error.
            if wroteRecords { writer.finish() }
            try? out.close()
            throw error
        }
        progress.clear()
        writer.finish()
        try out.close()
        guard let summary else { throw CancellationError() }

        if let report { try workspace.writeReport(summary, to: report) }
        if !quiet || summary.status != .completed {
            FileHandle.standardError.write(Data(RunSummaryLine.render(summary).utf8))
            if let report, summary.status == .completed, !quiet {
                FileHandle.standardError.write(Data("report: \(report)\n".utf8))
            }
        }
        return summary
    }
}

extension RecordFormat: ExpressibleByArgument {}
extension DatasetFormat: ExpressibleByArgument {}
extension TimePeriod: ExpressibleByArgument {}
