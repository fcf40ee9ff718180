import Foundation
import Testing

@testable import TaskFlowREPL

/// save → replay, source, bail, history, output redirection and hostile input, in process.
@Suite struct SessionFileTests {
    @Test func saveThenReplayRebuildsTheSameStateAndResults() async throws {
        let a = try ReplHarness()
        try await a.setUp([
            "load \(ReplHarness.tickets) --text body --id ticket --limit 30", "use sentiment",
            "set sentiment.threshold 0.3", "device cpu --threads 1", "set batch-size 7", "set cache off",
            "filter sentiment=negative", "run --limit 25",
        ])
        let file = a.path("session.tf")
        try await a.setUp(["save \(file)"])
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        #expect(saved.contains("load \(ReplHarness.tickets) --text body --id ticket --limit 30\n"))
        #expect(saved.contains("set sentiment.vader.threshold 0.3\n"))
        #expect(saved.contains("device cpu --threads 1\n"))
        #expect(saved.contains("filter sentiment=negative\n"))
        #expect(saved.hasSuffix("run --limit 25\n"))
        #expect(!saved.contains("save "), "never raw history")

        let b = try ReplHarness()
        let replay = await b.run("source \(file)")
        #expect(replay.status == .ok, "\(replay.err)")
        #expect(await a.session.state == b.session.state)
        for command in ["show 100", "top sentiment", "count by sentiment", "pipeline"] {
            let left = await a.run(command).out
            let right = await b.run(command).out
            if command == "pipeline" {
                // Only the store and cache paths (per home) differ.
                #expect(left.replacingOccurrences(of: a.home.path, with: "HOME") == right.replacingOccurrences(of: b.home.path, with: "HOME"))
            } else {
                #expect(left == right, "\(command) differs")
            }
        }
        // Replaying twice gives the same results again.
        let again = await b.run("source \(file)")
        #expect(again.status == .ok)
        #expect(await a.run("show 100").out == (await b.run("show 100")).out)
    }

    @Test func secretsNeverReachASessionFile() async throws {
        let h = try ReplHarness()
        await h.session.setOptionForTesting(tool: "sentiment.vader", option: "api_key", value: "sk-secret")
        try await h.setUp(["save \(h.path("s.tf"))"])
        let saved = try String(contentsOfFile: h.path("s.tf"), encoding: .utf8)
        #expect(!saved.contains("sk-secret"))
        #expect(saved.contains("not saved"))
    }

    @Test func bailStopsAtTheFirstFailureNamingFileAndLine() async throws {
        let h = try ReplHarness()
        let file = h.path("bad.tf")
        try "# header\ntools\nlod x\ntools\n".write(toFile: file, atomically: true, encoding: .utf8)
        let relaxed = await h.run("source \(file)")
        #expect(relaxed.status == .ok)
        #expect(relaxed.err.contains("error: \(file):3: Unknown command 'lod'"))
        #expect(relaxed.out.components(separatedBy: "sentiment.vader").count == 3, "both tools commands ran")

        try await h.setUp(["bail on"])
        let strict = await h.run("source \(file)")
        #expect(strict.status == .failed)
        #expect(strict.err.contains("\(file):3:"))
        #expect(strict.err.contains("stopped at \(file):3 (bail is on)"))
        #expect(strict.out.components(separatedBy: "sentiment.vader").count == 2, "the second tools did not run")
    }

    @Test func nestedSourcesResolvePathsBesideTheFileAndStopLoops() async throws {
        let h = try ReplHarness()
        let dir = h.home.appendingPathComponent("scripts")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ReplHarness.feedback, toPath: dir.appendingPathComponent("mine.csv").path)
        try "load mine.csv --limit 3\n".write(to: dir.appendingPathComponent("inner.tf"), atomically: true, encoding: .utf8)
        try "source inner.tf\ninfo\n".write(to: dir.appendingPathComponent("outer.tf"), atomically: true, encoding: .utf8)
        let o = await h.run("source \(dir.path)/outer.tf")
        #expect(o.status == .ok, "\(o.err)")
        #expect(o.out.contains("mine.csv"))
        try "source loop.tf\n".write(to: dir.appendingPathComponent("loop.tf"), atomically: true, encoding: .utf8)
        try await h.setUp(["bail on"])
        let loop = await h.run("source \(dir.path)/loop.tf")
        #expect(loop.status == .failed)
        #expect(loop.err.contains("nest more than 16 deep"))
    }

    @Test func quitInsideAScriptEndsTheSession() async throws {
        let h = try ReplHarness()
        try "tools\nquit 4\ntools\n".write(toFile: h.path("q.tf"), atomically: true, encoding: .utf8)
        #expect(await h.run("source \(h.path("q.tf"))").status == .exit(4))
    }

    @Test func historyListsWhatWasTyped() async throws {
        let h = try ReplHarness()
        await h.session.loadHistory(["old one"])
        for line in ["tools", "tools", "  ", "info"] { await h.session.recordHistory(line) }
        let o = await h.run("history")
        #expect(o.out == "    1  old one\n    2  tools\n    3  info\n")
        #expect(await h.run("history 1").out == "    3  info\n")
    }

    @Test func outputSendsResultsToAFileAndMessagesStayOnStderr() async throws {
        let h = try ReplHarness()
        let file = h.path("out.csv")
        try await h.setUp(["load \(ReplHarness.feedback)", "run", "mode csv", "output \(file)", "show 1000", "output off"])
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix("id,sentiment,score,text\r\n"))
        #expect(text.components(separatedBy: "\r\nFB-").count == 352)
        #expect(await h.run("output").out == "output: terminal (stdout)\n")
    }

    @Test func echoPrintsScriptCommandsButNotTypedOnes() async throws {
        let h = try ReplHarness()
        try await h.setUp(["echo on"])
        #expect(await h.run("mode").out.hasPrefix("tf> mode\n"))
        let status = await h.session.execute("mode", typed: true)
        #expect(status == .ok)
        #expect(h.out.take() == "mode: table\n")
    }

    @Test(arguments: [
        "\u{0}\u{1}\u{2}garbage\u{7F}",
        String(repeating: "x", count: 200_000),
        "load " + String(repeating: "a/", count: 50_000),
        "filter " + String(repeating: "text~a ", count: 5_000),
        "\u{FFFD}\u{FFFD}\u{1B}[A",
        "sql select zeroblob(10) as b",
        "set \(String(repeating: ".", count: 1000)) 1",
        "show \(Int.max)",
        "head 99999999999999999999999",
        "top sentiment -1",
        "quit 99999999999",
    ])
    func hostileInputNeverCrashes(line: String) async throws {
        let h = try ReplHarness()
        try await h.setUp(["load \(ReplHarness.feedback)", "run --limit 10"])
        let o = await h.run(line)
        #expect(o.status == .failed || o.status == .ok)
        if o.status == .failed { #expect(o.err.hasPrefix("error: ")) }
        #expect(o.err.count < 2000, "errors stay short")
    }

    @Test func resultsComeBackFromTheStore() async throws {
        let h = try ReplHarness()
        try await h.setUp(["load \(ReplHarness.feedback)", "run", "set sentiment.threshold 0.6", "run"])
        let latest = await h.run("show FB-0004").out
        try await h.setUp(["results 1"])
        let stored = await h.run("show FB-0004").out
        #expect(stored != latest, "run 1 used threshold 0.05, run 2 0.6")
        #expect(stored.contains("positive 0.6588"))
        #expect(await h.run("top sentiment").out.contains("positive  186"))
        #expect(await h.run("report").out.contains("# TaskFlow report"))
    }
}

extension ReplSession {
    /// Sets an option without validation (no built-in analyzer has a secret option).
    func setOptionForTesting(tool: String, option: String, value: String) {
        state.options[tool, default: [:]][option] = value
    }
}
