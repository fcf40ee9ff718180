import Foundation
import GRDB
import Testing
import TaskFlowStorage

/// `tf analyze` killed (SIGKILL) or stopped (SIGTERM) at random moments, 50 times over one
/// store: after every kill the store passes SQLite's integrity check, every run holds whole
/// batches only, and no run stays `running`; a re-run after several kills completes, takes
/// from the cache at least every record an earlier run stored, and writes the same results as
/// an undisturbed run.
///
/// The moments come from a seeded generator; a failure prints the seed, and
/// `TF_TEST_KILL_SEED=N swift test --filter RandomKillTests` replays the same moments (the
/// timing of the machine still varies).
@Suite struct RandomKillTests {
    static let kills = 50
    /// Kills between re-runs; each group starts with an empty cache, so its re-run shows that
    /// what the killed runs cached is reused.
    static let killsPerGroup = 10

    /// Where a kill landed, judged from the store afterwards.
    enum Landing: String, CaseIterable {
        case beforeTheRunWasRecorded = "before the run was recorded"
        case beforeTheFirstBatch = "before the first batch"
        case midRun = "mid-run"
        case afterCompletion = "after completion"
    }

    @Test func fiftyRandomKillsLeaveAConsistentStoreAndReRunsReuseTheirWork() async throws {
        let seed = ProcessInfo.processInfo.environment["TF_TEST_KILL_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
        var rng = SplitMix64(seed: seed)
        let replay = "seed \(seed) (replay with TF_TEST_KILL_SEED=\(seed))"

        let dir = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("reviews.txt").path
        let records = 1000
        let words = ["battery", "screen", "great", "terrible", "love", "hate", "fast", "slow", "price", "support", "awful", "fine"]
        try (0..<records).map { i in "review \(i): " + (0..<10).map { words[($0 * 7 + i * 13 + $0 * i) % words.count] }.joined(separator: " ") }
            .joined(separator: "\n").write(toFile: input, atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("runs.sqlite").path
        let outputs = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        func analyze(_ out: String) -> [String] {
            ["analyze", input, "--db", db, "--batch-size", "10", "--format", "jsonl", "-o", out]
        }

        // An undisturbed run (own store, no cache): the results every re-run must give, and a
        // first measure of how long a run takes here, which the kill moments scale to (each
        // re-run measures it again, as the machine's load changes).
        let reference = outputs.appendingPathComponent("reference.jsonl").path
        let clock = ContinuousClock()
        let t0 = clock.now
        let undisturbed = try TFProcess.run(
            ["analyze", input, "--db", dir.appendingPathComponent("reference.sqlite").path, "--batch-size", "10", "--format", "jsonl",
             "-o", reference, "--no-cache"], home: dir)
        var runSeconds = Self.seconds(clock.now - t0)
        try #require(undisturbed.status == 0, "stderr: \(undisturbed.stderr)")
        let expected = try String(contentsOfFile: reference, encoding: .utf8)

        var landings: [Landing: Int] = [:]
        var lastRunID: Int64 = 0
        var storedInGroup = 0
        for kill in 0..<Self.kills {
            let group = kill / Self.killsPerGroup
            let home = dir.appendingPathComponent("home\(group)")
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            // A quarter of the moments fall in the first third of a run (starting up: before its
            // first batch, often before it is recorded); the rest from there to well past its end.
            let (from, to) = kill % 4 == 0 ? (0.0, 0.3) : (0.3, 1.6)
            let delay = Duration.seconds(runSeconds * (from + (to - from) * rng.nextUnit()))
            let signal = rng.next() % 2 == 0 ? SIGKILL : SIGTERM
            let what = "kill \(kill + 1) of \(Self.kills): \(signal == SIGKILL ? "SIGKILL" : "SIGTERM") after \(delay); \(replay)"

            let ended = try await Self.runAndSignal(
                analyze(outputs.appendingPathComponent("k\(kill).jsonl").path), home: home, after: delay, signal: signal,
                stderr: dir.appendingPathComponent("stderr.txt"))
            let landing = try await Self.checkStore(db, after: ended, signal: signal, newerThan: lastRunID, what: what)
            landings[landing.landing, default: 0] += 1
            lastRunID = max(lastRunID, landing.runID ?? 0)
            storedInGroup = max(storedInGroup, landing.recordsDone)

            if (kill + 1) % Self.killsPerGroup == 0 {
                // The re-run: completes, and takes from the cache every record a killed run stored.
                let out = outputs.appendingPathComponent("rerun\(group).jsonl").path
                let started = clock.now
                let again = try TFProcess.run(analyze(out), home: home, environment: ["TF_CACHE_CHEAP": "1"])
                runSeconds = Self.seconds(clock.now - started)
                #expect(again.status == 0, "re-run after \(what): \(again.stderr)")
                let store = try SQLiteStore(path: db)
                let run = try #require(try store.runs(limit: 1).first, "re-run after \(what)")
                #expect(run.status == "completed" && run.recordsDone == records, "re-run after \(what): \(run.status), \(run.recordsDone)")
                lastRunID = run.id
                let hits = try await Self.cacheHits(store, runID: run.id)
                #expect(hits >= storedInGroup, "the re-run after \(what) took \(hits) records from the cache, but killed runs stored \(storedInGroup)")
                #expect(try String(contentsOfFile: out, encoding: .utf8) == expected, "the re-run after \(what) wrote other results")
                storedInGroup = 0
            }
        }
        let seen = Landing.allCases.map { "\($0.rawValue): \(landings[$0] ?? 0)" }.joined(separator: ", ")
        #expect((landings[.beforeTheRunWasRecorded] ?? 0) + (landings[.beforeTheFirstBatch] ?? 0) > 0, "no kill before the first batch (\(seen)); \(replay)")
        #expect((landings[.midRun] ?? 0) > 0, "no kill mid-run (\(seen)); \(replay)")
        #expect((landings[.afterCompletion] ?? 0) > 0, "no kill after completion (\(seen)); \(replay)")
        // The cache files went through the same kills.
        for group in 0..<(Self.kills / Self.killsPerGroup) {
            let cache = try DatabaseQueue(path: dir.appendingPathComponent("home\(group)/cache.sqlite").path)
            let check = try await cache.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
            #expect(check == "ok", "cache \(group); \(replay)")
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Runs `tf ARGS`, sends `signal` after `delay` (a random moment, not a wait for something),
    /// and returns how the process ended and its pid.
    static func runAndSignal(
        _ args: [String], home: URL, after delay: Duration, signal: Int32, stderr: URL
    ) async throws -> (reason: Process.TerminationReason, status: Int32, pid: Int32, stderr: String) {
        let p = TFProcess.process(args, home: home, environment: ["TF_CACHE_CHEAP": "1"])
        FileManager.default.createFile(atPath: stderr.path, contents: nil)
        let err = try FileHandle(forWritingTo: stderr)
        defer { try? err.close() }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        let exited = AsyncStream<Void>.makeStream()
        p.terminationHandler = { _ in exited.continuation.finish() }
        try p.run()
        try await Task.sleep(for: delay)
        kill(p.processIdentifier, signal)  // a no-op when it has already exited
        for await _ in exited.stream {}
        return (p.terminationReason, p.terminationStatus, p.processIdentifier, (try? String(contentsOf: stderr, encoding: .utf8)) ?? "")
    }

    /// The checks after one kill; returns where it landed, the run it made (if any) and how many
    /// records that run stored.
    static func checkStore(
        _ db: String, after ended: (reason: Process.TerminationReason, status: Int32, pid: Int32, stderr: String), signal: Int32,
        newerThan lastRunID: Int64, what: String
    ) async throws -> (landing: Landing, runID: Int64?, recordsDone: Int) {
        let how = ended.reason == .uncaughtSignal ? "killed by signal \(ended.status)" : "exit \(ended.status)"
        let context = "\(what); the process ended with \(how); stderr: \(ended.stderr)"
        // How it may end: killed by the signal, 130 for a SIGTERM it caught, 0 when it finished first.
        let byTheSignal = ended.reason == .uncaughtSignal && ended.status == signal
        let caught = ended.reason == .exit && ended.status == 130 && signal == SIGTERM
        let finished = ended.reason == .exit && ended.status == 0
        #expect(byTheSignal || caught || finished, "\(context)")
        guard FileManager.default.fileExists(atPath: db) else {
            #expect(!finished, "a finished run left no store; \(context)")
            return (.beforeTheRunWasRecorded, nil, 0)
        }
        let store = try SQLiteStore(path: db)
        #expect(try await store.query("PRAGMA integrity_check").rows.first?.first == "ok", "\(context)")
        // Listing the runs stores a killed one as interrupted; then none may be left running.
        let runs = try store.runs(limit: 1000)
        #expect(!runs.contains { $0.status == "running" }, "\(context)")
        let stillRunning = try await store.query("SELECT count(*) FROM run WHERE status = 'running'").rows.first?.first
        #expect(stillRunning == "0", "\(context)")
        for run in runs {
            let c = try store.consistency(runID: run.id)
            #expect(
                c.results == c.batchRecords && c.batchRecords == c.runRecordsDone && c.batches == run.batchesDone,
                "run \(run.id) holds \(c.results) results, \(c.batchRecords) records in \(c.batches) batches, \(c.runRecordsDone) records done; \(context)")
        }
        let row = try await store.query(
            "SELECT id, status, records_done, batches_done FROM run WHERE pid = ? AND id > ?", arguments: [String(ended.pid), String(lastRunID)]
        ).rows.first
        guard let row, let id = row[0].flatMap({ Int64($0) }), let status = row[1], let done = row[2].flatMap({ Int($0) }) else {
            #expect(!finished, "a finished run left no run row; \(context)")
            return (.beforeTheRunWasRecorded, nil, 0)
        }
        if finished { #expect(status == "completed", "\(context)") }
        if caught { #expect(status == "cancelled", "\(context)") }
        if byTheSignal { #expect(status == "interrupted" || status == "completed", "status \(status); \(context)") }
        let landing: Landing = status == "completed" ? .afterCompletion : row[3] == "0" ? .beforeTheFirstBatch : .midRun
        return (landing, id, done)
    }

    /// Records the cache served a run (from the summary it stored).
    static func cacheHits(_ store: SQLiteStore, runID: Int64) async throws -> Int {
        let text = try await store.query("SELECT summary FROM run WHERE id = ?", arguments: [String(runID)]).rows.first?.first ?? nil
        let summary = try #require(text.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        let cache = summary["cache"] as? [[String: Any]] ?? []
        return cache.reduce(0) { $0 + ($1["hits"] as? Int ?? 0) }
    }
}

extension SplitMix64 {
    /// A number in [0, 1).
    mutating func nextUnit() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }
}
