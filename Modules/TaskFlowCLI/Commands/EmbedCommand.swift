import ArgumentParser
import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowWorkspace

/// `tf embed INPUT --model NAME|DIR`: one `{"id","embedding"}` JSON object per record.
struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed every record's text with a transformer model; writes {\"id\",\"embedding\"} JSONL.",
        discussion: """
            Examples:
              tf models pull all-MiniLM-L6-v2
              tf embed reviews.csv --text body -o vectors.jsonl
              tf embed notes.txt --model ./my-exported-model --threads 2

            It runs like `tf analyze --tools embedding`: vectors are stored with the run and
            cached by content, so embedding the same texts again costs only the lookup.
            Texts longer than the model's window are truncated to it.
            """)

    @Argument(help: "The dataset: .csv/.tsv, .jsonl or .txt.")
    var input: String

    @Option(help: "A store name (tf models list) or a model folder in the Hugging Face layout.")
    var model: String = "all-MiniLM-L6-v2"

    @Option(help: "The dataset's format when its name does not say (and for - , standard input): csv, tsv, jsonl or txt.")
    var inputFormat: DatasetFormat?

    @Option(name: .customLong("text"), help: "Column (or JSON key) holding the text. Default: text.")
    var textColumn: String?

    @Option(name: .customLong("id"), help: "Column (or JSON key) holding the record id. Default: id, else the row number.")
    var idColumn: String?

    @Option(help: "cpu, gpu, gpu:N or auto.")
    var device: String = ProcessInfo.processInfo.environment["TF_DEVICE"] ?? "auto"

    @Option(help: "CPU threads. Default: all cores.")
    var threads: Int?

    @Option(help: "Records per batch (each batch is stored in one transaction; texts are packed by length inside it).")
    var batchSize: Int = 256

    @Option(help: "Results database. Default: $TF_DB, else $TF_HOME/taskflow.sqlite.")
    var db: String?

    @Flag(help: "Neither read nor write the content cache.")
    var noCache = false

    @Option(help: "Output format (jsonl).")
    var format: String = "jsonl"

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @Option(help: "Embed at most this many records.")
    var limit: Int?

    @Flag(help: "Also write each text's token ids (\"input_ids\"), as the model saw them.")
    var includeIds = false

    @Flag(name: .shortAndLong, help: "No summary on stderr.")
    var quiet = false

    func validate() throws {
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1 (try 256)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if format != "jsonl" { throw ValidationError("--format must be jsonl (one {\"id\",\"embedding\"} object per line)") }
    }

    func run() async throws {
        try await runReporting { try await embed() }
    }

    private func embed() async throws {
        let clock = ContinuousClock()
        let t0 = clock.now
        let workspace = try Workspace.open(Workspace.Configuration(database: db, discoverPlugins: false, warn: printWarning))
        let handle = try workspace.startEmbedding(
            source: DatasetSource(path: input, format: inputFormat, textColumn: textColumn, idColumn: idColumn, limit: limit), model: model,
            device: device, threads: threads, batchSize: batchSize, cacheMode: noCache ? .off : .on)
        let trap = SignalTrap { handle.cancel() }
        defer { trap.remove() }
        let out = try output.map(TextOutput.file) ?? TextOutput.standardOutput()
        var line = ""
        var summary: RunSummary?
        do {
            for try await event in handle.events {
                switch event {
                case .started, .corpus:
                    break
                case .batch(let b):
                    guard let vectors = b.results.first(where: { $0.tool.task == Workspace.embeddingTask }), vectors.failure == nil else {
                        let why = b.results.first?.failure ?? "no vectors"
                        throw TaskFlowFailure("embedding-failed", "embedding batch \(b.index + 1) failed: \(why)")
                    }
                    let ids = includeIds ? try workspace.tokenIDs(model: model, texts: b.records.map(\.text)) : []
                    for (i, record) in b.records.enumerated() {
                        line.removeAll(keepingCapacity: true)
                        line += "{\"id\":"
                        JSONWriter.writeString(record.id, into: &line)
                        if includeIds { line += ",\"input_ids\":[" + ids[i].map(String.init).joined(separator: ",") + "]" }
                        line += ",\"embedding\":"
                        line += vectors.values[i].jsonString
                        line += "}\n"
                        out.write(line)
                    }
                    if out.failed { handle.cancel() }  // a full disk or a closed pipe: stop; close() reports it
                case .finished(let s):
                    summary = s
                }
            }
        } catch {
            try? out.close()
            throw error
        }
        try out.close()
        guard let summary else { throw CancellationError() }
        if summary.status == .cancelled { throw ExitCode(130) }
        guard !quiet else { return }
        let facts = try workspace.modelFacts(model)
        let seconds = (clock.now - t0).inSeconds
        var text =
            "embedded \(summary.recordsDone) texts with \(facts.name) [\(facts.dimensions) floats] on \(summary.device) in "
            + String(format: "%.2f s (%.0f texts/s", seconds, Double(summary.recordsDone) / max(seconds, 1e-9)) + ")"
        let hits = summary.cache.reduce(0) { $0 + $1.hits } + summary.features.reduce(0) { $0 + $1.cacheHits }
        if hits > 0 { text += "; \(hits) from the cache" }
        let truncated = summary.features.reduce(0) { $0 + $1.truncated }
        if truncated > 0 { text += "; \(truncated) truncated to the model's window (\(facts.window) tokens)" }
        if summary.dataset.read.malformedCount > 0 { text += "; \(summary.dataset.read.malformedCount) malformed rows skipped" }
        if let runID = summary.runID { text += "; run #\(runID)" }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
