import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowStorage
import TaskFlowTesting

@testable import TaskFlowEngine

/// Runs through the `RunStore` protocol, with the in-memory store.
@Suite struct EngineStoreTests {
    @Test func aRunIsRecordedAndReadBackThroughTheProtocol() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = try TestFiles.numberedText(23, in: dir)
        let store = InMemoryRunStore()
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: store)
        let handle = engine.start(
            PipelineSpec(source: DatasetSource(path: path), tools: [try ToolSelection(analyzer: JitterAnalyzer.self)], batchSize: 5))
        var summary: RunSummary?
        var runID: Int64?
        for try await event in handle.events {
            switch event {
            case .started(let start): runID = start.runID
            case .corpus: break
            case .batch(let b):
                // A batch is announced only once it is committed.
                #expect(store.batches(runID: try #require(runID)).contains(b.index))
                #expect(b.recordsDone == b.firstSeq + b.records.count)
            case .finished(let s): summary = s
            }
        }
        let s = try #require(summary)
        let id = try #require(s.runID)
        #expect(s.databasePath == "memory")
        #expect(store.batches(runID: id) == [0, 1, 2, 3, 4])
        let runs = try store.runs(limit: 5)
        #expect(runs.map(\.status) == ["completed"])
        #expect(runs.first?.recordsDone == 23 && runs.first?.batchesDone == 5)
        let results = try store.results(runID: id, limit: nil)
        #expect(results.map(\.recordID) == (1...23).map(String.init))
        #expect(results.map(\.value) == (1...23).map { "\"\($0)\"" })
        #expect(try store.summary(runID: id)?.recordsDone == 23)
        #expect(throws: TaskFlowFailure.self) { try store.query("SELECT 1", arguments: []) }
    }

    @Test func aRunFailingMidWayIsRecordedAsFailedWithItsCommittedBatches() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let path = dir.appendingPathComponent("in.csv").path
        var rows = ["id,text"]
        for i in 1...30 { rows.append("\(i),text \(i)") }
        // A malformed row in strict mode fails the read of the fourth batch.
        rows[17] = "17,a,b,c"
        try rows.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let store = InMemoryRunStore()
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: store)
        var batches = 0
        do {
            for try await event in engine.start(
                PipelineSpec(
                    source: DatasetSource(path: path, strict: true), tools: [try ToolSelection(analyzer: JitterAnalyzer.self)],
                    batchSize: 5)
            ).events {
                if case .batch = event { batches += 1 }
            }
            Issue.record("expected the run to fail")
        } catch let e as TaskFlowFailure {
            #expect(e.description.contains("line 18"))
        }
        #expect(batches == 3)
        let run = try #require(try store.runs(limit: 1).first)
        #expect(run.status == "failed")
        #expect(run.recordsDone == 15)
        #expect(store.error(runID: run.id)?.contains("line 18") == true)
        let summary = try #require(try store.summary(runID: run.id))
        #expect(summary.status == .failed && summary.recordsDone == 15 && summary.batchesDone == 3)
    }

    @Test func oldSummariesWithoutTheNewerFieldsStillDecode() throws {
        let json = """
            {"dataset":{"path":"x","format":"txt","textColumn":"text","bytes":0,"read":{"records":0,"malformedCount":0,
            "malformed":[],"invalidUTF8":0,"emptyTexts":0,"blankLinesSkipped":0,"bytesRead":0}},"status":"completed",
            "device":"cpu","threads":1,"batchSize":8,"tools":[],"recordsDone":3,"batchesDone":1,"startedAt":0,
            "wallSeconds":0.5,"readSeconds":0,"storeSeconds":0,"timings":[],"distributions":[],"examples":[]}
            """
        let s = try JSONDecoder().decode(RunSummary.self, from: Data(json.utf8))
        #expect(s.recordsDone == 3)
        #expect(s.features.isEmpty && s.cache.isEmpty && s.cacheMode == .off)
    }
}
