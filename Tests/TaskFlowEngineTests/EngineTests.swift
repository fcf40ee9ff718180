import Foundation
import Synchronization
import Testing
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowStorage

@testable import TaskFlowEngine

/// Echoes each record's text length after a delay that varies by batch, so batches and
/// analyzers finish out of order.
struct JitterAnalyzer: Analyzer {
    static let descriptor = AnalyzerDescriptor(
        id: "test.jitter", task: "jitter", version: "1", summary: "test double", backend: "none")
    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
    func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        let delay = (batch.first.map { Int($0.id) ?? 0 } ?? 0) % 3
        try await Task.sleep(for: .milliseconds(delay * 3))
        return batch.map { .json(.string($0.id)) }
    }
}

/// Counts how many instances analyse at the same moment.
struct ConcurrencyProbe: Sendable {
    static let current = Mutex(0)
    static let peak = Mutex(0)
}

struct ProbeAnalyzerA: Analyzer {
    static let descriptor = AnalyzerDescriptor(id: "test.a", task: "a", version: "1", summary: "probe", backend: "none")
    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
    func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        try await probe(batch)
    }
}

struct ProbeAnalyzerB: Analyzer {
    static let descriptor = AnalyzerDescriptor(id: "test.b", task: "b", version: "1", summary: "probe", backend: "none")
    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
    func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        try await probe(batch)
    }
}

struct ProbeAnalyzerC: Analyzer {
    static let descriptor = AnalyzerDescriptor(id: "test.c", task: "c", version: "1", summary: "probe", backend: "none")
    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
    func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        try await probe(batch)
    }
}

private func probe(_ batch: [Record]) async throws -> [AnalysisValue] {
    let now = ConcurrencyProbe.current.withLock { $0 += 1; return $0 }
    ConcurrencyProbe.peak.withLock { $0 = max($0, now) }
    try await Task.sleep(for: .milliseconds(20))
    ConcurrencyProbe.current.withLock { $0 -= 1 }
    return batch.map { _ in .json(.null) }
}

/// Blocks on its third batch until the run is cancelled.
struct BlockingAnalyzer: Analyzer {
    static let descriptor = AnalyzerDescriptor(id: "test.block", task: "block", version: "1", summary: "blocks", backend: "none")
    static let calls = Mutex(0)
    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
    func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        let n = Self.calls.withLock { $0 += 1; return $0 }
        if n == 3 {
            while !Task.isCancelled { await Task.yield() }
        }
        return batch.map { .json(.string($0.text)) }
    }
}

/// Returns the wrong number of values.
struct ShortAnalyzer: Analyzer {
    static let descriptor = AnalyzerDescriptor(id: "test.short", task: "short", version: "1", summary: "broken", backend: "none")
    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
    func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        Array(batch.map { _ in AnalysisValue.json(.null) }.dropLast())
    }
}

func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-engine-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// A .txt dataset whose line N holds "N".
func numberedText(_ n: Int, in dir: URL) throws -> String {
    let path = dir.appendingPathComponent("numbers.txt").path
    try (1...n).map(String.init).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite struct EngineTests {
    @Test func resultsComeInInputOrderWhateverTheTiming() async throws {
        let dir = try temporaryDirectory()
        let path = try numberedText(500, in: dir)
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: nil)
        let spec = PipelineSpec(
            source: DatasetSource(path: path), tools: [try ToolSelection(analyzer: JitterAnalyzer.self)],
            device: .cpu(threads: 2), batchSize: 7)
        var seen: [String] = []
        var batchIndexes: [Int] = []
        for try await event in engine.start(spec).events {
            if case .batch(let b) = event {
                batchIndexes.append(b.index)
                for i in b.records.indices {
                    guard case .json(.string(let echoed)) = b.results[0].values[i] else { Issue.record("wrong value"); return }
                    #expect(echoed == b.records[i].id)
                    seen.append(echoed)
                }
            }
        }
        #expect(seen == (1...500).map(String.init))
        #expect(batchIndexes == Array(0..<72))
    }

    @Test func analyzersOfABatchRunConcurrentlyWithinTheBound() async throws {
        let dir = try temporaryDirectory()
        let path = try numberedText(40, in: dir)
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: nil)
        let tools = try [ProbeAnalyzerA.self, ProbeAnalyzerB.self, ProbeAnalyzerC.self].map { try ToolSelection(analyzer: $0 as any Analyzer.Type) }
        ConcurrencyProbe.peak.withLock { $0 = 0 }
        _ = try await engine.run(
            PipelineSpec(source: DatasetSource(path: path), tools: tools, device: .cpu(threads: 1), batchSize: 10, maxConcurrentAnalyzers: 2))
        #expect(ConcurrencyProbe.peak.withLock { $0 } == 2)
    }

    @Test func cancellingAbandonsTheBatchInFlightAndKeepsFinishedOnes() async throws {
        let dir = try temporaryDirectory()
        let path = try numberedText(100, in: dir)
        let store = try SQLiteStore(path: dir.appendingPathComponent("t.sqlite").path)
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: store)
        BlockingAnalyzer.calls.withLock { $0 = 0 }
        let handle = engine.start(
            PipelineSpec(
                source: DatasetSource(path: path), tools: [try ToolSelection(analyzer: BlockingAnalyzer.self)],
                device: .cpu(threads: 1), batchSize: 10))
        var batches = 0
        var summary: RunSummary?
        for try await event in handle.events {
            switch event {
            case .batch:
                batches += 1
                if batches == 2 { handle.cancel() }
            case .finished(let s): summary = s
            case .started: break
            }
        }
        let s = try #require(summary)
        #expect(s.status == .cancelled)
        #expect(s.recordsDone == 20)
        let c = try store.consistency(runID: try #require(s.runID))
        #expect(c.batches == 2 && c.batchRecords == 20 && c.results == 20 && c.runRecordsDone == 20)
        let run = try #require(try store.runs(limit: 1).first)
        #expect(run.status == "cancelled")
    }

    @Test func anAnalyzerThatFailsABatchLosesThatBatchNotTheRun() async throws {
        let dir = try temporaryDirectory()
        let path = try numberedText(25, in: dir)
        let store = try SQLiteStore(path: dir.appendingPathComponent("t.sqlite").path)
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: store)
        var written: [[String]] = []
        var summary: RunSummary?
        let spec = PipelineSpec(
            source: DatasetSource(path: path),
            tools: [try ToolSelection(analyzer: ShortAnalyzer.self), try ToolSelection(analyzer: JitterAnalyzer.self)], batchSize: 10)
        for try await event in engine.start(spec).events {
            switch event {
            case .batch(let b): written.append(b.values(at: 0).map(\.task))
            case .finished(let s): summary = s
            case .started: break
            }
        }
        let s = try #require(summary)
        #expect(s.status == .completed)
        #expect(s.recordsDone == 25)
        #expect(s.failures.count == 3)
        #expect(s.failures.first?.analyzer == "test.short")
        #expect(s.failures.first?.message.contains("returned 9 values for 10 records") == true)
        // The failing analyzer's key is missing; the other analyzer's values are all there.
        #expect(written == [["jitter"], ["jitter"], ["jitter"]])
        let c = try store.consistency(runID: try #require(s.runID))
        #expect(c.results == 25)
        #expect(try store.runs(limit: 1).first?.status == "completed")
    }

    @Test func aGPUDeviceIsAClearErrorNotAFallback() async throws {
        let dir = try temporaryDirectory()
        let path = try numberedText(3, in: dir)
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: nil)
        do {
            _ = try await engine.run(
                PipelineSpec(source: DatasetSource(path: path), tools: [try ToolSelection(analyzer: JitterAnalyzer.self)], device: .gpu(index: 0)))
            Issue.record("expected an error")
        } catch let e as TaskFlowFailure {
            #expect(e.description.contains("gpu:0"))
            #expect(e.fix == Fix(.device, example: "cpu"))
        }
    }

    @Test func timingsHavePercentilesPerBatch() {
        let t = AnalyzerTiming(id: "x", records: 100, batchSeconds: (1...100).map { Double($0) / 1000 })
        #expect(t.batches == 100)
        #expect(abs(t.p50 - 50) < 1e-9)
        #expect(abs(t.p95 - 95) < 1e-9)
        #expect(abs(t.p99 - 99) < 1e-9)
        #expect(abs(t.totalSeconds - 5.05) < 1e-9)
    }
}
