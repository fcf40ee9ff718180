import Foundation
import Testing

/// The REPL through the built binary: piped stdin, `tf -c`, `tf run`, `--bail`, the rc file,
/// save → replay, Ctrl-C and hostile input.
@Suite struct REPLScriptTests {
    @Test func pipedCommandsPrintOnlyTheirOutput() throws {
        let home = try TFProcess.temporaryDirectory()
        let r = try TFProcess.run([], home: home, input: "load Playground/feedback.csv\nrun\ntop sentiment\nshow 3\ncount by sentiment\n")
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(!r.stdout.contains("tf> "), "no prompt when stdin is not a terminal")
        #expect(r.stdout.contains("sentiment (sentiment.vader) over 351 records"))
        #expect(r.stdout.contains("positive  186"))
        #expect(r.stdout.contains("FB-0003") && !r.stdout.contains("FB-0004"))
        #expect(r.stderr.contains("loaded feedback.csv: 351 records"))
        #expect(r.stderr.contains("done: 351 records"))
    }

    @Test func echoOnShowsEachCommand() throws {
        let home = try TFProcess.temporaryDirectory()
        let r = try TFProcess.run([], home: home, input: "echo on\nmode\n")
        #expect(r.status == 0)
        #expect(r.stdout == "tf> mode\nmode: table\n")
        let flag = try TFProcess.run(["--echo"], home: home, input: "mode\n")
        #expect(flag.stdout == "tf> mode\nmode: table\n")
    }

    @Test func failuresSetTheExitCodeAndBailStops() throws {
        let home = try TFProcess.temporaryDirectory()
        let relaxed = try TFProcess.run([], home: home, input: "lod x\nmode\n")
        #expect(relaxed.status == 1)
        #expect(relaxed.stderr.contains("error: Unknown command 'lod'. Did you mean 'load'?\nhint: help lists the commands\n"))
        #expect(relaxed.stdout.contains("mode: table"))
        let strict = try TFProcess.run(["--bail"], home: home, input: "lod x\nmode\n")
        #expect(strict.status == 1)
        #expect(!strict.stdout.contains("mode: table"))
    }

    @Test func oneLinersRunAndStopAtTheFirstFailure() throws {
        let home = try TFProcess.temporaryDirectory()
        let ok = try TFProcess.run(["-c", "load Playground/feedback.csv; run; count by sentiment"], home: home)
        #expect(ok.status == 0, "stderr: \(ok.stderr)")
        #expect(ok.stdout.contains("positive") && ok.stdout.contains("186"))
        let bad = try TFProcess.run(["-c", "mode; lod x; tools"], home: home)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("Did you mean 'load'?"))
        #expect(bad.stdout == "mode: table\n")
        let quit = try TFProcess.run(["-c", "quit 3"], home: home)
        #expect(quit.status == 3)
    }

    static let playgroundSessions: [String] = {
        let dir = TFProcess.repository.appendingPathComponent("Playground")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".tf") }.sorted().map { "Playground/" + $0 }
    }()

    @Test func thePlaygroundHasSessionFiles() {
        #expect(Self.playgroundSessions.count >= 2)
    }

    @Test(arguments: playgroundSessions)
    func playgroundSessionFilesReplayCleanly(file: String) throws {
        let home = try TFProcess.temporaryDirectory()
        let r = try TFProcess.run(["run", file, "--bail"], home: home)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(!r.stderr.contains("error:"), "stderr: \(r.stderr)")
        #expect(r.stdout.contains("sentiment (sentiment.vader)"))
        // Replayed again (in a fresh home, so run numbers match), it gives the same results.
        let otherHome = try TFProcess.temporaryDirectory()
        let again = try TFProcess.run(["-f", file], home: otherHome)
        #expect(again.status == 0)
        let first = Self.withoutTimes(r.stdout).replacingOccurrences(of: home.path, with: "HOME")
        let second = Self.withoutTimes(again.stdout).replacingOccurrences(of: otherHome.path, with: "HOME")
        #expect(first == second, "the two replays differ")
    }

    /// Output without the lines that carry a date or a duration (the `runs` table).
    static func withoutTimes(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.range(of: #"\d{4}-\d{2}-\d{2}T"#, options: .regularExpression) == nil }
            .joined(separator: "\n")
    }

    @Test func bailNamesTheFileAndLineAndExitsWithOne() throws {
        let home = try TFProcess.temporaryDirectory()
        let file = home.appendingPathComponent("broken.tf")
        try "# a broken session\nmode\n\nlod Playground/feedback.csv\nmode\n".write(to: file, atomically: true, encoding: .utf8)
        let strict = try TFProcess.run(["run", file.path, "--bail"], home: home)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("error: \(file.path):4: Unknown command 'lod'. Did you mean 'load'?"))
        #expect(strict.stderr.contains("stopped at \(file.path):4 (bail is on)"))
        #expect(strict.stdout == "mode: table\n")
        let relaxed = try TFProcess.run(["run", file.path], home: home)
        #expect(relaxed.status == 1)
        #expect(relaxed.stdout == "mode: table\nmode: table\n")
        let missing = try TFProcess.run(["run", home.appendingPathComponent("none.tf").path], home: home)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no such file"))
    }

    @Test func theRCFileRunsFirstUnlessNoRC() throws {
        let home = try TFProcess.temporaryDirectory()
        try "# start-up\nmode csv\n".write(to: home.appendingPathComponent("taskflowrc"), atomically: true, encoding: .utf8)
        let with = try TFProcess.run(["-c", "tools"], home: home)
        #expect(with.stdout.hasPrefix("id,task,backend,enabled,summary\r\n"))
        let without = try TFProcess.run(["-c", "tools", "--no-rc"], home: home)
        #expect(without.stdout.hasPrefix("id "))
        let piped = try TFProcess.run([], home: home, input: "mode\n")
        #expect(piped.stdout == "mode: csv\n")
    }

    @Test func saveThenReplayGivesTheSameStateAndResults() throws {
        let home = try TFProcess.temporaryDirectory()
        let saved = home.appendingPathComponent("saved.tf").path
        let first = try TFProcess.run(
            ["-c", "load Playground/tickets.jsonl --text body --id ticket; set sentiment.threshold 0.3; device cpu --threads 1; "
                + "filter sentiment=negative; run; pipeline; show 100; top sentiment; count by sentiment; save \(saved)"],
            home: home)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(text.contains("set sentiment.vader.threshold 0.3"))
        let second = try TFProcess.run(["-c", "source \(saved); pipeline; show 100; top sentiment; count by sentiment"], home: home)
        #expect(second.status == 0, "stderr: \(second.stderr)")
        #expect(second.stdout == first.stdout)
        let replay = try TFProcess.run(["run", saved], home: home)
        #expect(replay.status == 0)
    }

    @Test func ctrlCStopsARunAndKeepsTheFinishedBatches() throws {
        let home = try TFProcess.temporaryDirectory()
        let running = try TFProcess.start(
            ["-c", "load Playground/feedback.csv; set batch-size 100; run; count"], home: home,
            environment: ["TF_TEST_STALL_AFTER_BATCHES": "1"])
        _ = TFProcess.waitForStderr(running, containing: "stalled after 1 batches")
        kill(running.process.processIdentifier, SIGINT)
        let rest = String(decoding: running.errPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        running.process.waitUntilExit()
        #expect(running.process.terminationStatus == 130)
        #expect(rest.contains("cancelled: 100 records"))
        #expect(rest.contains("finished batches are kept"))
        let stored = try TFProcess.run(["-c", "runs; results last; count"], home: home)
        #expect(stored.stdout.contains("cancelled"))
        #expect(stored.stdout.contains("100 records"))
    }

    @Test func garbageOnStdinNeverCrashes() throws {
        let home = try TFProcess.temporaryDirectory()
        var generator = SplitMix64(seed: 42)
        var bytes = [UInt8]()
        for _ in 0..<200_000 { bytes.append(UInt8(truncatingIfNeeded: generator.next())) }
        bytes += Array("\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 1_000_000) + Array("\nmode\n".utf8)
        let r = try TFProcess.run([], home: home, input: Data(bytes))
        #expect(r.status == 1, "failed commands, but no crash: \(r.status)")
        #expect(r.stdout.hasSuffix("mode: table\n"), "still answering after the garbage")
        #expect(r.stderr.contains("error: "))
    }
}

/// A small deterministic random generator for test input.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
