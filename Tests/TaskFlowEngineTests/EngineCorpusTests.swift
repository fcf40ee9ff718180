import Foundation
import Synchronization
import Testing
import TaskFlowCache
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowTesting

@testable import TaskFlowEngine

/// A corpus analyzer that consumes the embedding feature and hands each record its feature value
/// back; counts its calls per model.
struct EchoCorpusAnalyzer: CorpusAnalyzer {
    static let descriptor = AnalyzerDescriptor(
        id: "test.corpus-echo", task: "echo", version: "1", summary: "echoes a feature", backend: "none",
        options: [OptionSpec(name: "model", summary: "model", defaultValue: .string("m"))])
    static let calls = Mutex<[String: Int]>([:])
    let model: String
    init(options: AnalyzerOptions, context: AnalyzerContext) throws { model = options.string("model") ?? "m" }
    var features: [FeatureRequest] { [.embedding(model: model)] }
    func analyze(corpus: Corpus, context: AnalyzerContext) async throws -> CorpusResult {
        Self.calls.withLock { $0[model, default: 0] += 1 }
        let values = corpus.features[.embedding(model: model)] ?? []
        return CorpusResult(
            summary: .object([JSONField("records", .int(corpus.records.count))]), reportSection: "## Echo\n",
            perRecord: values.map { .json(.string("echo|" + ($0.json.stringValue ?? "?"))) })
    }
}

@Suite struct EngineCorpusTests {
    func spec(_ path: String, model: String, cached: Bool = true) throws -> PipelineSpec {
        let options = AnalyzerOptions(["model": .string(model)])
        var spec = PipelineSpec(
            source: DatasetSource(path: path),
            tools: [try ToolSelection(analyzer: FeatureConsumerA.self, options: options), try ToolSelection(corpus: EchoCorpusAnalyzer.self, options: options)],
            batchSize: 4, featureExtractors: ["embedding": CountingFeatureExtractor.self])
        if !cached { spec.cacheMode = .off }
        return spec
    }

    /// The late values and the order of events.
    func run(_ engine: Engine, _ spec: PipelineSpec) async throws -> (late: [String], lateTools: [String], order: [String]) {
        var late: [String] = []
        var lateTools: [String] = []
        var order: [String] = []
        for try await event in engine.start(spec).events {
            switch event {
            case .started(let s): lateTools = s.lateTools.map(\.id); order.append("started")
            case .batch: if order.last != "batch" { order.append("batch") }
            case .corpus(let c): late = c.values.map { $0.json.stringValue ?? "" }; order.append("corpus")
            case .finished: order.append("finished")
            }
        }
        return (late, lateTools, order)
    }

    @Test func aCorpusAnalyzerGetsItsFeatureForEveryRecordAndFrontEndsGetItsValuesBeforeTheSummary() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(10, in: dir)
        let m = "corpus-\(UUID().uuidString)"
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: InMemoryRunStore(), cache: TieredCache(tiers: [MemoryCacheStore()]))
        let first = try await run(engine, try spec(path, model: m))
        #expect(first.order == ["started", "batch", "corpus", "finished"])
        #expect(first.lateTools == ["test.corpus-echo"])
        #expect(first.late == (1...10).map { "echo|\(m):\($0)" })
        #expect(EchoCorpusAnalyzer.calls.withLock { $0[m] } == 1)

        // Everything cached: the per-record analyzer's values and the corpus result alike; the
        // feature is read back from the cache for the corpus, never computed again.
        let second = try await run(engine, try spec(path, model: m))
        #expect(second.late == first.late)
        #expect(EchoCorpusAnalyzer.calls.withLock { $0[m] } == 1)
        #expect(CountingFeatureExtractor.counts(model: m) == (calls: 3, records: 10))

        // Without the cache it runs again.
        _ = try await run(engine, try spec(path, model: m, cached: false))
        #expect(EchoCorpusAnalyzer.calls.withLock { $0[m] } == 2)
    }

    @Test func anotherDatasetIsNotServedTheCachedCorpusResult() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let a = try TestFiles.numberedText(6, in: dir, name: "a.txt")
        let b = try TestFiles.numberedText(7, in: dir, name: "b.txt")
        let m = "corpus-\(UUID().uuidString)"
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: nil, cache: TieredCache(tiers: [MemoryCacheStore()]))
        _ = try await run(engine, try spec(a, model: m))
        let other = try await run(engine, try spec(b, model: m))
        #expect(other.late.count == 7)
        #expect(EchoCorpusAnalyzer.calls.withLock { $0[m] } == 2)
    }
}
