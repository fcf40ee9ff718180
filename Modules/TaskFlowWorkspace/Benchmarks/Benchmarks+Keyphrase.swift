import Foundation
import TaskFlowAnalyzers
import TaskFlowCache
import TaskFlowCore
import TaskFlowEngine
import TaskFlowPluginAPI
import TaskFlowStorage

extension Benchmarks {
    /// `tf bench keyphrase`: records/s of each keyphrase analyzer on the same texts, with the
    /// all-MiniLM-L6-v2 embedding beside keyphrase.embed for comparison.
    ///
    /// `keyphrase.yake` is the analyzer alone, batches of 256, best pass over at least `seconds`.
    /// `keyphrase.embed` and `embedding.minilm` come from one cold engine run of both (fresh
    /// cache, analyzers one at a time, as a full pipeline runs them): the embedding is the
    /// shared feature's extraction time, keyphrase.embed its own analysis time — candidates,
    /// their embeddings through the cache, ranking — since the record vectors are shared.
    func benchKeyphrase() async throws {
        let path = try input ?? Self.defaultInput()
        let records = try Self.load(path)
        guard !records.isEmpty else {
            throw TaskFlowFailure("empty-input", "\(path) has no records to measure", hint: "choose another --input")
        }
        emit("input: \(records.count) records (\((path as NSString).lastPathComponent)); threads \(threads)")
        let context = AnalyzerContext(device: "cpu", threads: threads, homeDirectory: NSTemporaryDirectory())

        let yake = try YAKEKeyphraseAnalyzer(options: ToolEntry(analyzer: YAKEKeyphraseAnalyzer.self).effectiveOptions(), context: context)
        let clock = ContinuousClock()
        var best = 0.0
        let deadline = clock.now + .milliseconds(Int(seconds * 1000))
        repeat {
            let t0 = clock.now
            var i = 0
            while i < records.count {
                _ = try await yake.analyze(Array(records[i..<min(records.count, i + 256)]), context: context)
                i += 256
            }
            best = max(best, Double(records.count) / (clock.now - t0).inSeconds)
        } while clock.now < deadline
        emit("keyphrase.yake: \(Int(best)) records/s")

        let models = (TaskFlowHome.fromEnvironment().path as NSString).appendingPathComponent("models")
        guard FileManager.default.fileExists(atPath: (models as NSString).appendingPathComponent("all-MiniLM-L6-v2")) else {
            emit("note: all-MiniLM-L6-v2 is not installed (tf models pull all-MiniLM-L6-v2); keyphrase.embed not measured")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-bench-keyphrase-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let jsonl = dir.appendingPathComponent("input.jsonl").path
        try Self.writeJSONL(records, to: jsonl)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("models").path, withDestinationPath: models)
        let home = TaskFlowHome(path: dir.path)
        let engine = Engine(
            home: home, store: try SQLiteStore(path: dir.appendingPathComponent("runs.sqlite").path),
            cache: TieredCache.standard(home: home, warn: { _ in }))
        let spec = PipelineSpec(
            source: DatasetSource(path: jsonl),
            tools: [try ToolSelection(analyzer: TransformerEmbeddingAnalyzer.self), try ToolSelection(analyzer: EmbeddingKeyphraseAnalyzer.self)],
            device: .cpu(threads: threads), batchSize: 256, maxConcurrentAnalyzers: 1,
            featureExtractors: [EmbeddingFeatureExtractor.kind: EmbeddingFeatureExtractor.self])
        let summary = try await engine.run(spec)
        guard summary.status == .completed, summary.failures.isEmpty else {
            throw TaskFlowFailure("bench-failed", "the keyphrase.embed run ended \(summary.status.rawValue): \(summary.failures.first?.message ?? "")")
        }
        guard let feature = summary.features.first, feature.seconds > 0,
            let embed = summary.timings.first(where: { $0.id == EmbeddingKeyphraseAnalyzer.descriptor.id }), embed.totalSeconds > 0
        else {
            throw TaskFlowFailure("bench-failed", "the keyphrase.embed run reported no timings")
        }
        emit("keyphrase.embed: \(Int(embed.recordsPerSecond)) records/s (cold cache; record vectors shared with embedding.minilm)")
        emit("embedding.minilm: \(Int(Double(feature.records) / feature.seconds)) records/s (the shared embedding feature, same texts)")
        emit("ratio.keyphrase.embed: \(String(format: "%.2f", embed.recordsPerSecond * feature.seconds / Double(feature.records))) x embedding.minilm (above 1: not the slower)")
    }
}
