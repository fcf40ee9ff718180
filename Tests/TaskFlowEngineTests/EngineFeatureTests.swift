import Foundation
import Testing
import TaskFlowCache
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowTesting

@testable import TaskFlowEngine

/// What a feature consumer returns for one record: its tag and the feature value it was given.
private func echo(_ tag: String, _ values: [AnalysisValue]) -> [AnalysisValue] {
    values.map { .json(.string(tag + "|" + ($0.json.stringValue ?? "?"))) }
}

/// Consumes the embedding of the model its option names; cached.
struct FeatureConsumerA: Analyzer {
    static let descriptor = AnalyzerDescriptor(
        id: "test.consumer-a", task: "a", version: "1", summary: "consumes a feature", backend: "none",
        options: [OptionSpec(name: "model", summary: "model", defaultValue: .string("m"))])
    let model: String
    init(options: AnalyzerOptions, context: AnalyzerContext) throws { model = options.string("model") ?? "m" }
    var features: [FeatureRequest] { [.embedding(model: model)] }
    func analyze(_ batch: [Record], features: FeatureValues, context: AnalyzerContext) async throws -> [AnalysisValue] {
        echo("a", try features.values(for: .embedding(model: model)))
    }
}

/// Consumes the same feature; not cached, so it analyses every record of every batch.
struct FeatureConsumerB: Analyzer {
    static let descriptor = AnalyzerDescriptor(
        id: "test.consumer-b", task: "b", version: "1", summary: "consumes a feature", backend: "none",
        options: [OptionSpec(name: "model", summary: "model", defaultValue: .string("m"))], cacheable: false)
    let model: String
    init(options: AnalyzerOptions, context: AnalyzerContext) throws { model = options.string("model") ?? "m" }
    var features: [FeatureRequest] { [.embedding(model: model)] }
    func analyze(_ batch: [Record], features: FeatureValues, context: AnalyzerContext) async throws -> [AnalysisValue] {
        echo("b", try features.values(for: .embedding(model: model)))
    }
}

@Suite struct EngineFeatureTests {
    /// A model name no other test uses, so the extractor's counts are this test's.
    func model(_ prefix: String = "m") -> String { "\(prefix)-\(UUID().uuidString)" }

    func spec(_ path: String, _ tools: [any Analyzer.Type], model: String, batchSize: Int) throws -> PipelineSpec {
        let options = AnalyzerOptions(["model": .string(model)])
        return PipelineSpec(
            source: DatasetSource(path: path),
            tools: try tools.map { t in
                t == JitterAnalyzer.self ? try ToolSelection(analyzer: t) : try ToolSelection(analyzer: t, options: options)
            },
            batchSize: batchSize, featureExtractors: ["embedding": CountingFeatureExtractor.self])
    }

    /// Per task, every value of the run in input order (as strings), and the summary.
    func collect(_ engine: Engine, _ spec: PipelineSpec) async throws -> ([String: [String]], RunSummary) {
        var values: [String: [String]] = [:]
        var summary: RunSummary?
        for try await event in engine.start(spec).events {
            switch event {
            case .batch(let b):
                for r in b.results where r.failure == nil { values[r.tool.task, default: []] += r.values.map { $0.json.stringValue ?? "" } }
            case .finished(let s): summary = s
            case .started, .corpus: break
            }
        }
        return (values, try #require(summary))
    }

    func expected(_ tag: String, model: String, _ range: ClosedRange<Int>) -> [String] {
        range.map { "\(tag)|\(model):\($0)" }
    }

    @Test func twoAnalyzersNeedingAFeatureGetItFromOneExtractorCallPerBatch() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(25, in: dir)
        let m = model()
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: nil)
        let (values, s) = try await collect(engine, try spec(path, [FeatureConsumerA.self, FeatureConsumerB.self], model: m, batchSize: 10))
        #expect(CountingFeatureExtractor.counts(model: m) == (calls: 3, records: 25))
        #expect(values["a"] == expected("a", model: m, 1...25))
        #expect(values["b"] == expected("b", model: m, 1...25))
        #expect(s.features.count == 1)
        let f = try #require(s.features.first)
        #expect(f.feature == "embedding(\(m))")
        #expect(f.analyzers == ["test.consumer-a", "test.consumer-b"])
        #expect(f.records == 25 && f.cacheHits == 0)
    }

    @Test func analyzersWithDifferentRecordsLeftGetTheirOwnSlicesInOrder() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let small = try TestFiles.numberedText(10, in: dir, name: "small.txt")
        let grown = try TestFiles.numberedText(20, in: dir, name: "grown.txt")
        let m = model()
        let cache = TieredCache(tiers: [MemoryCacheStore()])
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: InMemoryRunStore(), cache: cache)
        // A alone on the first 10 records: they, and their feature, are cached.
        _ = try await collect(engine, try spec(small, [FeatureConsumerA.self], model: m, batchSize: 20))
        #expect(CountingFeatureExtractor.counts(model: m) == (calls: 1, records: 10))

        // On 20 records A has 10 left and B (not cached) all 20: the feature is needed for all
        // 20, 10 of them come from the cache and one call computes the other 10.
        let (values, s) = try await collect(engine, try spec(grown, [FeatureConsumerA.self, FeatureConsumerB.self], model: m, batchSize: 20))
        #expect(CountingFeatureExtractor.counts(model: m) == (calls: 2, records: 20))
        #expect(CountingFeatureExtractor.texts(model: m).suffix(10) == (11...20).map(String.init))
        #expect(values["a"] == expected("a", model: m, 1...20))
        #expect(values["b"] == expected("b", model: m, 1...20))
        #expect(s.cache.map(\.analyzer) == ["test.consumer-a"])
        #expect(s.cache.first?.hits == 10)
        #expect(s.timings.map(\.records) == [10, 20])
        #expect(s.features.first?.records == 10 && s.features.first?.cacheHits == 10)
    }

    @Test func aCachedFeatureIsNotComputedAgain() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(12, in: dir)
        let m = model()
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: nil, cache: TieredCache(tiers: [MemoryCacheStore()]))
        let (first, s1) = try await collect(engine, try spec(path, [FeatureConsumerB.self], model: m, batchSize: 5))
        #expect(CountingFeatureExtractor.counts(model: m) == (calls: 3, records: 12))
        #expect(s1.features.first?.records == 12)
        let (second, s2) = try await collect(engine, try spec(path, [FeatureConsumerB.self], model: m, batchSize: 5))
        #expect(CountingFeatureExtractor.counts(model: m) == (calls: 3, records: 12))
        #expect(second == first)
        #expect(s2.features.first?.records == 0 && s2.features.first?.cacheHits == 12)
        // With the cache off the feature is computed again.
        var off = try spec(path, [FeatureConsumerB.self], model: m, batchSize: 5)
        off.cacheMode = .off
        _ = try await collect(engine, off)
        #expect(CountingFeatureExtractor.counts(model: m) == (calls: 6, records: 24))
    }

    @Test func aFailingExtractorFailsOnlyTheAnalyzersThatNeedIt() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(25, in: dir)
        let m = model("fail")
        let store = InMemoryRunStore()
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: store)
        let (values, s) = try await collect(engine, try spec(path, [FeatureConsumerA.self, JitterAnalyzer.self], model: m, batchSize: 10))
        #expect(s.status == .completed)
        #expect(values["a"] == nil)
        #expect(values["jitter"] == (1...25).map(String.init))
        #expect(s.failures.map(\.analyzer) == ["test.consumer-a", "test.consumer-a", "test.consumer-a"])
        #expect(s.failures.map(\.batch) == [0, 1, 2])
        let message = try #require(s.failures.first?.message)
        #expect(message.contains("embedding(\(m))"))
        #expect(message.contains("broke on purpose"))
        // Only the jitter analyzer's values were stored.
        let stored = try store.results(runID: try #require(s.runID), limit: nil)
        #expect(Set(stored.map(\.analyzer)) == ["test.jitter"])
        #expect(stored.count == 25)
    }

    @Test func truncationAnExtractorReportsIsCountedPerFeatureAndStoredWithTheRun() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(25, in: dir)
        let m = model("window")
        let store = InMemoryRunStore()
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: store, cache: TieredCache(tiers: [MemoryCacheStore()]))
        let (_, s) = try await collect(engine, try spec(path, [FeatureConsumerA.self, FeatureConsumerB.self], model: m, batchSize: 10))
        // "10" to "25" are longer than the window of one character.
        #expect(s.features.first?.truncated == 16)
        #expect(s.features.first?.analyzers == ["test.consumer-a", "test.consumer-b"])
        #expect(try store.summary(runID: try #require(s.runID))?.features.first?.truncated == 16)
        // Nothing longer than the window, nothing counted.
        let plain = model()
        let (_, p) = try await collect(engine, try spec(path, [FeatureConsumerB.self], model: plain, batchSize: 10))
        #expect(p.features.first?.truncated == 0)
    }

    @Test func aNonFiniteFeatureFailsItsAnalyzersAndIsNeverCached() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(12, in: dir)
        let m = model("nan")
        let memory = MemoryCacheStore()
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: InMemoryRunStore(), cache: TieredCache(tiers: [memory]))
        let (values, s) = try await collect(engine, try spec(path, [FeatureConsumerA.self, JitterAnalyzer.self], model: m, batchSize: 5))
        #expect(values["a"] == nil)
        #expect(values["jitter"] == (1...12).map(String.init))
        #expect(s.failures.map(\.analyzer) == Array(repeating: "test.consumer-a", count: 3))
        let message = try #require(s.failures.first?.message)
        #expect(message.contains("the model '\(m)' gave NaN or infinite values for 5 of 5 records"), "\(message)")
        #expect(s.features.first?.records == 0)
        // Neither the feature nor the analyzer that needed it left anything in the cache.
        let held = try await memory.stats().analyzers.map(\.analyzer)
        #expect(!held.contains("feature:embedding") && !held.contains("test.consumer-a"), "\(held)")
        // A second run computes it again: nothing was served from the cache.
        _ = try await collect(engine, try spec(path, [FeatureConsumerA.self], model: m, batchSize: 5))
        #expect(CountingFeatureExtractor.counts(model: m) == (calls: 6, records: 24))
    }

    @Test func aNonFiniteValueInTheCacheIsAMissComputedAgainAndOverwritten() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(4, in: dir)
        let m = model()
        let cache = TieredCache(tiers: [MemoryCacheStore()])
        // What a damaged model cached before models were checked, under the healthy key.
        let extractor = try CountingFeatureExtractor(model: m, context: AnalyzerContext(device: "cpu", threads: 1, homeDirectory: dir.path))
        let keys = CacheKeyMaker(
            id: "feature:embedding", version: CountingFeatureExtractor.version, options: AnalyzerOptions(["model": .string(m)]),
            fingerprints: extractor.fingerprints)
        await cache.putMany(
            (1...4).map { CacheEntry(key: keys.key(for: String($0)), analyzer: "feature:embedding", value: CachedValueCoding.encode(.embedding([.nan]))) })
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: nil, cache: cache)
        let (values, s) = try await collect(engine, try spec(path, [FeatureConsumerB.self], model: m, batchSize: 10))
        #expect(values["b"] == expected("b", model: m, 1...4))
        #expect(s.features.first?.records == 4 && s.features.first?.cacheHits == 0)
        // Overwritten with the healthy values: the next run is served from the cache.
        let (_, again) = try await collect(engine, try spec(path, [FeatureConsumerB.self], model: m, batchSize: 10))
        #expect(again.features.first?.records == 0 && again.features.first?.cacheHits == 4)
        #expect(CountingFeatureExtractor.counts(model: m) == (calls: 1, records: 4))
    }

    @Test func aFeatureNoExtractorComputesStopsTheRunBeforeItIsRecorded() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(3, in: dir)
        let store = InMemoryRunStore()
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: store)
        var spec = try spec(path, [FeatureConsumerA.self], model: "m", batchSize: 10)
        spec.featureExtractors = [:]
        do {
            _ = try await engine.run(spec)
            Issue.record("expected the run to be refused")
        } catch let e as TaskFlowFailure {
            #expect(e.code == "unknown-feature")
            #expect(e.description.contains("test.consumer-a needs the feature embedding(m)"))
        }
        #expect(try store.runs(limit: 10).isEmpty)
    }
}
