import Foundation
import TaskFlowAnalyzers
import TaskFlowCache
import TaskFlowCore
import TaskFlowEngine
import TaskFlowPluginAPI
import TaskFlowStorage

/// A second consumer of the embedding feature, for measuring what sharing it costs: the length
/// of each vector.
struct EmbeddingNormAnalyzer: Analyzer {
    static let descriptor = AnalyzerDescriptor(
        id: "bench.embedding-norm", task: "embedding-norm", version: "1",
        summary: "the length of each record's embedding (a benchmark's second consumer)", backend: "feature",
        cacheable: false)

    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}

    var features: [FeatureRequest] { [.embedding(model: "all-MiniLM-L6-v2")] }

    func analyze(_ batch: [Record], features: FeatureValues, context: AnalyzerContext) async throws -> [AnalysisValue] {
        try features.values(for: .embedding(model: "all-MiniLM-L6-v2")).map { value in
            guard case .embedding(let v) = value else { return .json(.null) }
            return .json(.double(Double(v.reduce(0) { $0 + $1 * $1 }.squareRoot())))
        }
    }
}

extension Benchmarks {
    /// `tf bench features`: a cold run with one consumer of the all-MiniLM-L6-v2 embedding
    /// against a cold run with two; the encoder should run once per record either way.
    func benchFeatures() async throws {
        let path = try input ?? Self.defaultInput()
        let records = try Self.load(path)
        guard !records.isEmpty else {
            throw TaskFlowFailure("empty-input", "\(path) has no records to measure", hint: "choose another --input")
        }
        let models = (TaskFlowHome.fromEnvironment().path as NSString).appendingPathComponent("models")
        guard FileManager.default.fileExists(atPath: (models as NSString).appendingPathComponent("all-MiniLM-L6-v2")) else {
            throw TaskFlowFailure(
                "model-not-installed", "tf bench features needs all-MiniLM-L6-v2", hint: "tf models pull all-MiniLM-L6-v2")
        }
        emit("input: \(records.count) records (\((path as NSString).lastPathComponent)); threads \(threads); cold caches")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-bench-features-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let jsonl = dir.appendingPathComponent("input.jsonl").path
        try Self.writeJSONL(records, to: jsonl)

        func coldRun(_ name: String, _ tools: [any Analyzer.Type]) async throws -> (seconds: Double, encoded: Int) {
            let home = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: home.appendingPathComponent("models").path, withDestinationPath: models)
            let taskflowHome = TaskFlowHome(path: home.path)
            let engine = Engine(
                home: taskflowHome, store: try SQLiteStore(path: home.appendingPathComponent("runs.sqlite").path),
                cache: TieredCache.standard(home: taskflowHome, warn: { _ in }))
            let spec = PipelineSpec(
                source: DatasetSource(path: jsonl), tools: try tools.map { try ToolSelection(analyzer: $0) },
                device: .cpu(threads: threads), batchSize: 256,
                featureExtractors: [EmbeddingFeatureExtractor.kind: EmbeddingFeatureExtractor.self])
            let clock = ContinuousClock()
            let t0 = clock.now
            let summary = try await engine.run(spec)
            guard summary.status == .completed, summary.failures.isEmpty else {
                throw TaskFlowFailure("bench-failed", "the \(name) run ended \(summary.status.rawValue): \(summary.failures.first?.message ?? "")")
            }
            return ((clock.now - t0).inSeconds, summary.features.reduce(0) { $0 + $1.records })
        }
        // Interleaved rounds, so drift in the machine's speed affects both alike; best of each.
        var one = (seconds: Double.infinity, encoded: 0)
        var two = (seconds: Double.infinity, encoded: 0)
        for round in 0..<2 {
            let a = try await coldRun("one-\(round)", [TransformerEmbeddingAnalyzer.self])
            if a.seconds < one.seconds { one = a }
            let b = try await coldRun("two-\(round)", [TransformerEmbeddingAnalyzer.self, EmbeddingNormAnalyzer.self])
            if b.seconds < two.seconds { two = b }
        }
        emit("features.oneConsumer: \(String(format: "%.2f", one.seconds)) s (embedding.minilm; \(one.encoded) texts encoded)")
        emit("features.twoConsumers: \(String(format: "%.2f", two.seconds)) s (embedding.minilm + a second consumer; \(two.encoded) texts encoded)")
        emit("features.ratio: \(String(format: "%.3f", two.seconds / one.seconds))× (target ≤ 1.1)")
    }
}
