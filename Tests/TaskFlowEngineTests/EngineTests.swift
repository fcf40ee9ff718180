import Foundation
import Synchronization
import Testing
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowStorage
import TaskFlowTesting
import TaskFlowWorkspace

@testable import TaskFlowEngine

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

/// Returns the wrong number of values.
struct ShortAnalyzer: Analyzer {
    static let descriptor = AnalyzerDescriptor(id: "test.short", task: "short", version: "1", summary: "broken", backend: "none")
    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
    func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        Array(batch.map { _ in AnalysisValue.json(.null) }.dropLast())
    }
}

@Suite struct EngineTests {
    @Test func resultsComeInInputOrderWhateverTheTiming() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(500, in: dir)
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
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(40, in: dir)
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: nil)
        let tools = try [ProbeAnalyzerA.self, ProbeAnalyzerB.self, ProbeAnalyzerC.self].map { try ToolSelection(analyzer: $0 as any Analyzer.Type) }
        ConcurrencyProbe.peak.withLock { $0 = 0 }
        _ = try await engine.run(
            PipelineSpec(source: DatasetSource(path: path), tools: tools, device: .cpu(threads: 1), batchSize: 10, maxConcurrentAnalyzers: 2))
        #expect(ConcurrencyProbe.peak.withLock { $0 } == 2)
    }

    @Test func cancellingAbandonsTheBatchInFlightAndKeepsFinishedOnes() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(100, in: dir)
        let store = try SQLiteStore(path: dir.appendingPathComponent("t.sqlite").path)
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: store)
        let gate = StallGate(after: 2)
        let spec = PipelineSpec(
            source: DatasetSource(path: path), tools: [try ToolSelection(analyzer: StallingAnalyzer<JitterAnalyzer>.self)],
            device: .cpu(threads: 1), batchSize: 10)
        let handle = StallGate.$current.withValue(gate) { engine.start(spec) }
        // Two batches went through the analyzer; the third is stuck in it until cancelled.
        await gate.stalled()
        handle.cancel()
        var batches: [Int] = []
        var summary: RunSummary?
        for try await event in handle.events {
            switch event {
            case .batch(let b): batches.append(b.index)
            case .finished(let s): summary = s
            case .started, .corpus: break
            }
        }
        let s = try #require(summary)
        #expect(s.status == .cancelled)
        #expect(batches == [0, 1])
        #expect(s.recordsDone == 20 && s.batchesDone == 2)
        let c = try store.consistency(runID: try #require(s.runID))
        #expect(c.batches == 2 && c.batchRecords == 20 && c.results == 20 && c.runRecordsDone == 20)
        let run = try #require(try store.runs(limit: 1).first)
        #expect(run.status == "cancelled")
    }

    @Test func aReleasedStallGoesOnToTheEnd() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(30, in: dir)
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: nil)
        let gate = StallGate(after: 1)
        let spec = PipelineSpec(
            source: DatasetSource(path: path), tools: [try ToolSelection(analyzer: JitterAnalyzer.self).stalling()], batchSize: 10)
        let handle = StallGate.$current.withValue(gate) { engine.start(spec) }
        await gate.stalled()
        gate.release()
        let s = try await handle.summary()
        #expect(s.status == .completed && s.recordsDone == 30)
        #expect(gate.stallCount == 1)
    }

    @Test func anAnalyzerThatFailsABatchLosesThatBatchNotTheRun() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(25, in: dir)
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
            case .started, .corpus: break
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
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(3, in: dir)
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
