import ArgumentParser
import Foundation
import TaskFlowAnalyzers
import TaskFlowCache
import TaskFlowCore
import TaskFlowEngine
import TaskFlowLLM
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowStorage

/// `tf analyze INPUT`: the one-shot pipeline for scripts, cron jobs and CI.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse a dataset (.csv, .tsv, .jsonl, .txt) and print, store and report the results.",
        discussion: """
            Examples:
              tf analyze Playground/feedback.csv --report /tmp/feedback.md
              tf analyze tickets.jsonl --text body --id ticket --format jsonl -o results.jsonl

            Exit codes: 0 done, 1 failed, 2 bad usage, 3 done but an analyzer failed on some batches (their
            values are missing; the summary and report say which), 130 cancelled with Ctrl-C (finished
            batches are kept).
            """)

    @Argument(help: "The dataset: .csv/.tsv (header row), .jsonl (one object per line) or .txt (one text per line).")
    var input: String

    @Option(name: .customLong("text"), help: "Column (or JSON key) holding the text. Default: text.")
    var textColumn: String?

    @Option(name: .customLong("id"), help: "Column (or JSON key) holding the record id. Default: id, else the row number.")
    var idColumn: String?

    @Option(help: "Comma-separated tools: analyzer ids or tasks, corpus analyzers and agents (see `tf tools`).")
    var tools: String = "sentiment"

    @Option(help: "Language model for agents: none, mock, openai or anthropic. Default: $TF_LLM, else none.")
    var llm: String = ProcessInfo.processInfo.environment["TF_LLM"] ?? "none"

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

    @Option(help: "Write a report: PATH.md (Markdown) or PATH.json.")
    var report: String?

    @Option(help: "Analyse at most this many records.")
    var limit: Int?

    @Option(name: .customLong("plugin"), help: "A plugin bundle (.so) to load; repeatable.")
    var plugins: [String] = []

    @Flag(help: "Load plugins even from files or folders anyone can write.")
    var allowUnsafePlugins = false

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
        let (registry, _) = try PluginSetup.registry(explicit: plugins, allowUnsafe: allowUnsafePlugins)
        let pipeline = try registry.resolvePipeline(tools: tools.split(separator: ",").map(String.init))
        let selections = try pipeline.analyzers.map { try ToolSelection(entry: $0) }
        let corpusSelections = try pipeline.corpus.map { try CorpusSelection(entry: $0) }
        let agentSelections = try pipeline.agents.map { try AgentSelection(entry: $0) }
        let languageModel = try LLMProvider.parse(llm).makeClient(environment: ProcessInfo.processInfo.environment)
        let reportFormat = try report.map(ReportFormat.forPath)
        let home = TaskFlowHome.fromEnvironment()
        let dbPath: String
        if let db {
            dbPath = db
        } else {
            try home.ensureExists()
            dbPath = home.defaultDatabasePath()
        }
        let store = try SQLiteStore(path: dbPath)
        let deviceValue = try Device.parse(device, threads: threads)
        var spec = PipelineSpec(
            source: DatasetSource(path: input, textColumn: textColumn, idColumn: idColumn, strict: strict, limit: limit),
            tools: selections, device: try deviceValue.resolved(threads: threads), batchSize: batchSize,
            stallAfterBatches: ProcessInfo.processInfo.environment["TF_TEST_STALL_AFTER_BATCHES"].flatMap(Int.init),
            cacheMode: noCache ? .off : refreshCache ? .refresh : .on,
            cacheCheapAnalyzers: ProcessInfo.processInfo.environment["TF_CACHE_CHEAP"] == "1")

        spec.corpusTools = corpusSelections
        spec.agents = agentSelections
        spec.languageModel = languageModel
        let out = try output.map(TextOutput.file) ?? TextOutput.standardOutput()
        let writer = format.makeWriter(
            output: out, width: out.isTerminal ? terminalWidth() : (output == nil ? 120 : 160),
            maxTableRows: output == nil ? 20 : nil)
        let progress = ProgressLine.standardError(enabled: !quiet)

        let cache = noCache ? nil : TieredCache.standard(home: home, warn: printWarning)
        let engine = Engine(home: home, store: store, cache: cache)
        let handle = engine.start(spec)
        let interrupt = InterruptHandler { handle.cancel() }
        defer { interrupt.remove() }

        var summary: RunSummary?
        do {
            for try await event in handle.events {
                switch event {
                case .started:
                    break
                case .batch(let b):
                    for i in b.records.indices { writer.write(b.records[i], b.values(at: i)) }
                    if out.failed { handle.cancel() }  // a full disk or a closed pipe: stop; close() reports it
                    progress.update(records: b.recordsDone, bytesRead: b.bytesRead, bytesTotal: b.bytesTotal, elapsed: b.elapsedSeconds)
                case .finished(let s):
                    summary = s
                }
            }
        } catch {
            progress.clear()
            writer.finish()
            try? out.close()
            throw error
        }
        progress.clear()
        writer.finish()
        try out.close()
        guard let summary else { throw CancellationError() }

        if let report, let reportFormat {
            let text = try reportFormat.render(summary)
            do {
                // Atomically for files; devices and pipes (/dev/stdout) are written in place.
                var isRegular = true
                if let type = try? FileManager.default.attributesOfItem(atPath: report)[.type] as? FileAttributeType {
                    isRegular = type == .typeRegular
                }
                try text.write(toFile: report, atomically: isRegular, encoding: .utf8)
            } catch {
                throw TaskFlowFailure(
                    "report-unwritable", "cannot write the report to \(report): \(error.localizedDescription)",
                    hint: "check that the folder exists and is writable")
            }
        }
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
