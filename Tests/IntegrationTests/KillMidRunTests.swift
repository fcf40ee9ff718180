import Foundation
import Testing
import TaskFlowStorage

/// A run killed with `kill -9` (or stopped with Ctrl-C, SIGTERM or SIGHUP) leaves a consistent
/// store holding every finished batch, and no run stays `running` once its process is gone.
@Suite struct KillMidRunTests {
    func bigInput(in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("big.txt").path
        let lines = (1...3000).map { "comment \($0): the battery \($0 % 2 == 0 ? "is great" : "dies too fast")" }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func killMinus9KeepsEveryFinishedBatch() async throws {
        let home = try TFProcess.temporaryDirectory()
        let input = try bigInput(in: home)
        let db = home.appendingPathComponent("k.sqlite").path
        let running = try TFProcess.start(
            ["analyze", input, "--db", db, "--batch-size", "100", "--format", "jsonl", "-o", "/dev/null"], home: home,
            environment: ["TF_TEST_STALL_AFTER_BATCHES": "7"])
        let seen = TFProcess.waitForStderr(running, containing: "stalled after 7 batches")
        #expect(seen.contains("stalled"))
        kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()
        #expect(running.process.terminationReason == .uncaughtSignal)

        let store = try SQLiteStore(path: db)
        let integrity = try await store.query("PRAGMA integrity_check")
        #expect(integrity.rows.first?.first == "ok")
        // Its process is gone: listed, and stored, as interrupted.
        let run = try #require(try store.runs(limit: 1).first)
        #expect(run.status == "interrupted")
        let row = try await store.query("SELECT status, error FROM run WHERE id = ?", arguments: [String(run.id)]).rows.first
        #expect(row?[0] == "interrupted")
        #expect(row?[1]?.contains("pid \(running.process.processIdentifier)") == true)
        let c = try store.consistency(runID: run.id)
        #expect(c.batches == 7)
        #expect(c.batchRecords == 700)
        #expect(c.results == 700)
        #expect(c.runRecordsDone == 700)
        let stored = try await store.query("SELECT count(*) FROM record WHERE dataset_id = ?", arguments: [String(run.datasetID)])
        #expect(stored.rows.first?.first == "700")

        // Re-running finishes the job.
        let again = try TFProcess.run(["analyze", input, "--db", db, "--format", "jsonl", "-o", "/dev/null"], home: home)
        #expect(again.status == 0, "stderr: \(again.stderr)")
        let last = try #require(try store.runs(limit: 1).first)
        #expect(last.status == "completed")
        #expect(last.recordsDone == 3000)
    }

    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func aStopSignalCancelsWithExitCode130AndASummary(_ signal: Int32) throws {
        let home = try TFProcess.temporaryDirectory()
        let input = try bigInput(in: home)
        let db = home.appendingPathComponent("c.sqlite").path
        let running = try TFProcess.start(
            ["analyze", input, "--db", db, "--batch-size", "100", "--format", "jsonl", "-o", "/dev/null"], home: home,
            environment: ["TF_TEST_STALL_AFTER_BATCHES": "3"])
        _ = TFProcess.waitForStderr(running, containing: "stalled after 3 batches")
        kill(running.process.processIdentifier, signal)
        let rest = String(decoding: running.errPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        running.process.waitUntilExit()
        #expect(running.process.terminationStatus == 130)
        #expect(rest.contains("cancelled: 300 records"), "stderr: \(rest)")
        let store = try SQLiteStore(path: db)
        let run = try #require(try store.runs(limit: 1).first)
        #expect(run.status == "cancelled")
        #expect(try store.consistency(runID: run.id).results == 300)
    }

    @Test(arguments: [SIGTERM, SIGHUP])
    func embedStopsOnATerminationSignalLikeCtrlC(_ signal: Int32) throws {
        let home = try TFProcess.temporaryDirectory()
        #expect(try TFProcess.run(["models", "add", "all-MiniLM-L6-v2", TinyModels.path("tiny-bert")], home: home).status == 0)
        let input = try bigInput(in: home)
        let db = home.appendingPathComponent("e.sqlite").path
        let running = try TFProcess.start(
            ["embed", input, "--db", db, "--batch-size", "100", "--no-cache", "-o", "/dev/null"], home: home,
            environment: ["TF_TEST_STALL_AFTER_BATCHES": "2"])
        _ = TFProcess.waitForStderr(running, containing: "stalled after 2 batches")
        kill(running.process.processIdentifier, signal)
        _ = running.errPipe.fileHandleForReading.readDataToEndOfFile()
        running.process.waitUntilExit()
        #expect(running.process.terminationReason == .exit)
        #expect(running.process.terminationStatus == 130)
        let run = try #require(try SQLiteStore(path: db).runs(limit: 1).first)
        #expect(run.status == "cancelled")
        #expect(run.recordsDone == 200)
    }
}
