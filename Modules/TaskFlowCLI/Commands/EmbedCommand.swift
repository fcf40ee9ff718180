import ArgumentParser
import Foundation
import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI
import TaskFlowReporting

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

            Texts longer than the model's window are truncated (and counted on stderr).
            """)

    @Argument(help: "The dataset: .csv/.tsv, .jsonl or .txt.")
    var input: String

    @Option(help: "A store name (tf models list) or a model folder in the Hugging Face layout.")
    var model: String = "all-MiniLM-L6-v2"

    @Option(name: .customLong("text"), help: "Column (or JSON key) holding the text. Default: text.")
    var textColumn: String?

    @Option(name: .customLong("id"), help: "Column (or JSON key) holding the record id. Default: id, else the row number.")
    var idColumn: String?

    @Option(help: "cpu, gpu, gpu:N or auto.")
    var device: String = ProcessInfo.processInfo.environment["TF_DEVICE"] ?? "auto"

    @Option(help: "CPU threads. Default: all cores.")
    var threads: Int?

    @Option(help: "Texts per forward pass (they are sorted by length first).")
    var batchSize: Int = 128

    @Option(help: "Tokens per forward pass.")
    var maxBatchTokens: Int = 8192

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
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1 (try 128)") }
        if maxBatchTokens < 16 { throw ValidationError("--max-batch-tokens must be at least 16 (try 8192)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if format != "jsonl" { throw ValidationError("--format must be jsonl (one {\"id\",\"embedding\"} object per line)") }
    }

    func run() async throws {
        try await runReporting { try embed() }
    }

    private func embed() throws {
        let clock = ContinuousClock()
        let t0 = clock.now
        let resolvedDevice = try Device.parse(device, threads: threads).resolved(threads: threads)
        let store = ModelStore(home: TaskFlowHome.fromEnvironment())
        let resolved = try store.resolve(model)
        let encoder = try TextEncoder(
            model: try LoadedModels.model(for: resolved), device: resolvedDevice,
            batching: BatchingPolicy(maxTexts: batchSize, maxTokens: maxBatchTokens))
        let loaded = clock.now
        let reader = try DatasetReaders.open(
            DatasetSource(path: input, textColumn: textColumn, idColumn: idColumn, limit: limit))
        let out = try output.map(TextOutput.file) ?? TextOutput.standardOutput()
        var report = EncodingReport()
        var line = ""
        // Windows of 2,048 records: sorted by length inside the window, written in input order.
        while let records = try reader.nextBatch(maxCount: 2048) {
            try Task.checkCancellation()
            let encodings = encoder.tokenize(records.map(\.text))
            let (vectors, r) = try encoder.embed(encoded: encodings)
            report.add(r)
            for (i, record) in records.enumerated() {
                line.removeAll(keepingCapacity: true)
                line += "{\"id\":"
                JSONWriter.writeString(record.id, into: &line)
                if includeIds {
                    line += ",\"input_ids\":[" + encodings[i].ids.map(String.init).joined(separator: ",") + "]"
                }
                line += ",\"embedding\":"
                line += AnalysisValue.embedding(vectors[i]).jsonString
                line += "}\n"
                out.write(line)
            }
            try out.check()
        }
        try out.close()
        guard !quiet else { return }
        let seconds = Self.seconds(clock.now - loaded)
        var summary =
            "embedded \(report.texts) texts (\(report.tokens) tokens, \(report.batches) batches) with \(resolved.name ?? resolved.directory) "
            + "[\(encoder.model.embeddingSize) floats] on \(encoder.backend.name) in \(String(format: "%.2f", seconds)) s "
            + "(\(String(format: "%.0f", Double(report.texts) / max(seconds, 1e-9))) texts/s; model load \(String(format: "%.2f", Self.seconds(loaded - t0))) s)"
        summary += String(
            format: "; padding: none computed (packed; padded batches would carry %.1f %%)", report.paddedWaste * 100)
        if report.truncatedTexts > 0 {
            summary += "; \(report.truncatedTexts) texts truncated to \(encoder.model.maxSequenceLength) tokens"
        }
        if reader.report.malformedCount > 0 { summary += "; \(reader.report.malformedCount) malformed rows skipped" }
        FileHandle.standardError.write(Data((summary + "\n").utf8))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
