import Foundation
import Testing
import TaskFlowCache
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowTesting

@testable import TaskFlowEngine

/// Asks for the embedding of two extra texts per record — one shared by every record, one its
/// own — through `FeatureValues.values(for:texts:)`, and returns what came back.
struct TextFeatureConsumer: Analyzer {
    static let descriptor = AnalyzerDescriptor(
        id: "test.text-consumer", task: "texts", version: "1", summary: "asks for a feature of extra texts", backend: "none",
        options: [OptionSpec(name: "model", summary: "model", defaultValue: .string("m"))], cacheable: false)
    let model: String
    init(options: AnalyzerOptions, context: AnalyzerContext) throws { model = options.string("model") ?? "m" }
    var features: [FeatureRequest] { [.embedding(model: model)] }
    func analyze(_ batch: [Record], features: FeatureValues, context: AnalyzerContext) async throws -> [AnalysisValue] {
        let texts = batch.flatMap { ["shared", "own-" + $0.text] }
        let values = try await features.values(for: .embedding(model: model), texts: texts)
        return batch.indices.map { i in
            .json(.string([values[2 * i], values[2 * i + 1]].map { $0.json.stringValue ?? "?" }.joined(separator: "+")))
        }
    }
}

/// Asks for a feature of extra texts that it does not list in `features`.
struct UnlistedTextFeatureConsumer: Analyzer {
    static let descriptor = AnalyzerDescriptor(
        id: "test.unlisted-text-consumer", task: "unlisted", version: "1", summary: "asks for an unlisted feature",
        backend: "none", cacheable: false)
    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
    func analyze(_ batch: [Record], features: FeatureValues, context: AnalyzerContext) async throws -> [AnalysisValue] {
        _ = try await features.values(for: .embedding(model: "never-listed"), texts: ["a"])
        return batch.map { _ in .json(.null) }
    }
}

@Suite struct EngineFeatureTextsTests {
    func collect(_ engine: Engine, _ spec: PipelineSpec) async throws -> ([String], RunSummary) {
        var values: [String] = []
        var summary: RunSummary?
        for try await event in engine.start(spec).events {
            switch event {
            case .batch(let b):
                for r in b.results where r.failure == nil && r.tool.id == TextFeatureConsumer.descriptor.id {
                    values += r.values.map { $0.json.stringValue ?? "" }
                }
            case .finished(let s): summary = s
            case .started, .corpus: break
            }
        }
        return (values, try #require(summary))
    }

    @Test func extraTextsAreComputedOnceEachAndThenServedByTheCache() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(6, in: dir)
        let m = "texts-\(UUID().uuidString)"
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: nil, cache: TieredCache(tiers: [MemoryCacheStore()]))
        let spec = PipelineSpec(
            source: DatasetSource(path: path),
            tools: [try ToolSelection(analyzer: TextFeatureConsumer.self, options: AnalyzerOptions(["model": .string(m)]))],
            batchSize: 3, featureExtractors: ["embedding": CountingFeatureExtractor.self])
        let (values, s) = try await collect(engine, spec)
        #expect(s.failures.isEmpty)
        #expect(values == (1...6).map { "\(m):shared+\(m):own-\($0)" })
        // Per batch: the records' own vectors (3), then the extra texts, each distinct one once;
        // "shared" is computed in the first batch only, the second finds it in the cache.
        let texts = CountingFeatureExtractor.texts(model: m)
        #expect(texts.filter { $0 == "shared" }.count == 1)
        #expect(texts.filter { $0.hasPrefix("own-") }.sorted() == (1...6).map { "own-\($0)" })

        // A second run computes nothing new: the records' vectors and the extra texts are cached.
        let before = CountingFeatureExtractor.counts(model: m).records
        let (again, _) = try await collect(engine, spec)
        #expect(again == values)
        #expect(CountingFeatureExtractor.counts(model: m).records == before)
    }

    @Test func withoutTheCacheDuplicatesInOneRequestAreStillComputedOnce() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(4, in: dir)
        let m = "texts-\(UUID().uuidString)"
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: nil)
        let spec = PipelineSpec(
            source: DatasetSource(path: path),
            tools: [try ToolSelection(analyzer: TextFeatureConsumer.self, options: AnalyzerOptions(["model": .string(m)]))],
            batchSize: 4, featureExtractors: ["embedding": CountingFeatureExtractor.self])
        let (values, _) = try await collect(engine, spec)
        #expect(values.count == 4)
        // One call for the 4 records, one for the 5 distinct extra texts of 8 asked for.
        #expect(CountingFeatureExtractor.counts(model: m) == (calls: 2, records: 9))
    }

    @Test func aFeatureTheAnalyzerDoesNotListFailsItOnTheBatchWithAClearMessage() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(2, in: dir)
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: nil)
        let spec = PipelineSpec(
            source: DatasetSource(path: path), tools: [try ToolSelection(analyzer: UnlistedTextFeatureConsumer.self)],
            batchSize: 2, featureExtractors: ["embedding": CountingFeatureExtractor.self])
        let (_, s) = try await collect(engine, spec)
        let failure = try #require(s.failures.first)
        #expect(failure.message.contains("embedding(never-listed)"), "\(failure.message)")
        #expect(failure.message.contains("does not list it"), "\(failure.message)")
    }
}
