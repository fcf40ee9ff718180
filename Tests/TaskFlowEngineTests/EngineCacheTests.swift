import Foundation
import Synchronization
import Testing
import TaskFlowCache
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowTesting

@testable import TaskFlowEngine

/// Counts the records it analyses; its output depends only on the text.
struct CountingAnalyzer: Analyzer {
    static let descriptor = AnalyzerDescriptor(id: "test.count", task: "count", version: "1", summary: "counts", backend: "none")
    static let analysed = Mutex(0)
    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
    func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        Self.analysed.withLock { $0 += batch.count }
        return batch.map { r in
            .classification(Classification(label: r.text.count % 2 == 0 ? "even" : "odd", score: Double(r.text.count), scores: []))
        }
    }
}

@Suite(.serialized) struct EngineCacheTests {
    func setUp(_ lines: Int) throws -> (URL, String, Engine) {
        let dir = try TestFiles.temporaryDirectory()
        let path = dir.appendingPathComponent("in.txt").path
        try (1...lines).map { "text number \($0)" }.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let cache = TieredCache(tiers: [MemoryCacheStore(), try SQLiteCacheStore(path: dir.appendingPathComponent("cache.sqlite").path)])
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: nil, cache: cache)
        return (dir, path, engine)
    }

    func collect(_ engine: Engine, _ spec: PipelineSpec) async throws -> ([String], RunSummary) {
        var out: [String] = []
        var summary: RunSummary?
        for try await event in engine.start(spec).events {
            switch event {
            case .batch(let b): out += b.results[0].values.map(\.jsonString)
            case .finished(let s): summary = s
            case .started, .corpus: break
            }
        }
        return (out, try #require(summary))
    }

    func spec(_ path: String, _ mode: CacheMode) throws -> PipelineSpec {
        PipelineSpec(source: DatasetSource(path: path), tools: [try ToolSelection(analyzer: CountingAnalyzer.self)], batchSize: 16, cacheMode: mode)
    }

    @Test func onlyMissesAreAnalysedAndResultsAreIdentical() async throws {
        let (dir, path, engine) = try setUp(100)
        CountingAnalyzer.analysed.withLock { $0 = 0 }
        let (cold, s1) = try await collect(engine, try spec(path, .on))
        #expect(CountingAnalyzer.analysed.withLock { $0 } == 100)
        #expect(s1.cache.first?.misses == 100)

        let (warm, s2) = try await collect(engine, try spec(path, .on))
        #expect(CountingAnalyzer.analysed.withLock { $0 } == 100)
        #expect(warm == cold)
        #expect(s2.cache.first?.hits == 100)
        #expect(s2.cache.first?.savedSeconds ?? -1 >= 0)

        let (uncached, _) = try await collect(engine, try spec(path, .off))
        #expect(uncached == cold)
        #expect(CountingAnalyzer.analysed.withLock { $0 } == 200)

        // Grow the dataset by 10%: only the new rows are analysed.
        let grown = dir.appendingPathComponent("grown.txt").path
        try (1...110).map { "text number \($0)" }.joined(separator: "\n").write(toFile: grown, atomically: true, encoding: .utf8)
        let (_, s3) = try await collect(engine, try spec(grown, .on))
        #expect(CountingAnalyzer.analysed.withLock { $0 } == 210)
        #expect(s3.cache.first?.hits == 100 && s3.cache.first?.misses == 10)
    }

    @Test func refreshRecomputesEverything() async throws {
        let (_, path, engine) = try setUp(20)
        CountingAnalyzer.analysed.withLock { $0 = 0 }
        _ = try await collect(engine, try spec(path, .on))
        let (_, s) = try await collect(engine, try spec(path, .refresh))
        #expect(CountingAnalyzer.analysed.withLock { $0 } == 40)
        #expect(s.cacheMode == .refresh)
        #expect(s.cache.first?.hits == 0)
    }
}
