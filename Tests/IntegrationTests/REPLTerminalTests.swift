import Foundation
import Testing

/// The REPL on a pseudo-terminal (tmux): the prompt, Tab completion, history, Ctrl-C (of a run
/// and of a query), Ctrl-D.
@Suite(.enabled(if: Tmux.path != nil, "tmux is not installed (apt-get install -y tmux; Tools/test installs it)"))
struct REPLTerminalTests {
    @Test func promptCompletionHistoryAndCtrlC() throws {
        let home = try TFProcess.temporaryDirectory()
        let tmux = try Tmux(home: home)
        defer { tmux.stop() }
        try tmux.start(TFProcess.binary.path, environment: ["TF_HOME": home.path])
        try tmux.waitFor { $0.contains("tf> ") }

        // Tab completes command names, file paths and TOOL.OPTION names.
        try tmux.keys("hel", "Tab")
        try tmux.waitFor { $0.contains("tf> help ") }
        try tmux.keys("C-u", "he", "Tab", "Tab")
        try tmux.waitFor { $0.contains("head") && $0.contains("help") && $0.contains("tf> he") }
        try tmux.keys("C-u", "lo", "Tab", "Playground/feedback.c", "Tab", "Enter")
        try tmux.waitFor { $0.contains("tf> load Playground/feedback.csv") && $0.contains("loaded feedback.csv: 351 records") }
        try tmux.keys("set sentiment.vader.t", "Tab", "0.2", "Enter")
        try tmux.waitFor { $0.contains("sentiment.vader.threshold = 0.2") }

        // Up recalls the last command.
        try tmux.keys("Up")
        try tmux.waitFor { screen in
            let prompt = screen.split(separator: "\n").last { $0.hasPrefix("tf> ") }
            return prompt?.trimmingCharacters(in: .whitespaces) == "tf> set sentiment.vader.threshold 0.2"
        }

        // Ctrl-C clears the line instead of leaving.
        try tmux.keys("C-u", "abc", "C-c")
        try tmux.waitFor { $0.contains("tf> abc^C") }
        try tmux.keys("mode", "Enter")
        try tmux.waitFor { $0.contains("mode: table") }

        // Ctrl-D leaves, and the history file keeps what was typed.
        try tmux.keys("C-d")
        try tmux.waitFor { $0.contains("exited 0") }
        let history = try String(contentsOf: home.appendingPathComponent("history"), encoding: .utf8)
        #expect(history.contains("set\\040sentiment.vader.threshold\\0400.2"))
    }

    @Test func ctrlCCancelsARunAndReturnsToThePrompt() throws {
        let home = try TFProcess.temporaryDirectory()
        let tmux = try Tmux(home: home)
        defer { tmux.stop() }
        try tmux.start(TFProcess.binary.path, environment: ["TF_HOME": home.path, "TF_TEST_STALL_AFTER_BATCHES": "1"])
        try tmux.waitFor { $0.contains("tf> ") }
        try tmux.keys("load Playground/feedback.csv", "Enter", "set batch-size 100", "Enter", "run", "Enter")
        try tmux.waitFor { $0.contains("stalled after 1 batches") }
        try tmux.keys("C-c")
        try tmux.waitFor { $0.contains("cancelled: 100 records") }
        try tmux.keys("count", "Enter")
        try tmux.waitFor { $0.contains("\n100 records") }
        try tmux.keys("quit", "Enter")
        try tmux.waitFor { $0.contains("exited 0") }
    }

    @Test func ctrlCInterruptsARunningQueryAndTheREPLGoesOn() throws {
        let home = try TFProcess.temporaryDirectory()
        let tmux = try Tmux(home: home)
        defer { tmux.stop() }
        try tmux.start(TFProcess.binary.path, environment: ["TF_HOME": home.path])
        try tmux.waitFor { $0.contains("tf> ") }
        try tmux.keys("sql WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n", "Enter")
        // The line was taken once the cursor has left it: the endless query is running.
        try tmux.waitFor { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            guard let row = lines.firstIndex(where: { $0.hasPrefix("tf> sql WITH") }) else { return false }
            return ((try? tmux.cursorRow()) ?? -1) > row
        }
        try tmux.keys("C-c")
        try tmux.waitFor { $0.contains("query interrupted") }
        try tmux.keys("sql select 40 + 2 as answer", "Enter")
        try tmux.waitFor { $0.contains("42") && $0.contains("1 row") }
        try tmux.keys("quit", "Enter")
        try tmux.waitFor { $0.contains("exited 0") }
    }
}

/// A private tmux server (its own socket, run in the foreground with `-D`, so it needs no
/// daemon) holding one 120×30 session.
final class Tmux {
    static let path: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    let socket: String
    private let server = Process()

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(home: URL) throws {
        guard let path = Self.path else { throw Failure(description: "tmux is not installed") }
        socket = home.appendingPathComponent("tmux.sock").path
        server.executableURL = URL(fileURLWithPath: path)
        // An empty configuration of its own: not the user's, and not /dev/null, which a test
        // elsewhere may have turned into a file (tmux would show its "errors" over the pane).
        let config = home.appendingPathComponent("tmux.conf").path
        guard FileManager.default.createFile(atPath: config, contents: Data()) else {
            throw Failure(description: "cannot create \(config)")
        }
        server.arguments = ["-D", "-S", socket, "-f", config]
        // The server's output goes to a file, so it never holds a pipe of this process open.
        let log = home.appendingPathComponent("tmux.log").path
        guard FileManager.default.createFile(atPath: log, contents: nil), let logHandle = FileHandle(forWritingAtPath: log) else {
            throw Failure(description: "cannot create \(log)")
        }
        server.standardInput = FileHandle(forReadingAtPath: log)
        server.standardOutput = logHandle
        server.standardError = logHandle
        try server.run()
        try poll("the tmux server to start") { FileManager.default.fileExists(atPath: self.socket) ? true : nil }
    }

    /// Starts `command` in the repository folder; when it ends the pane shows `exited CODE`.
    func start(_ command: String, environment: [String: String]) throws {
        let env = (["NO_COLOR=1", "TERM=xterm"] + environment.sorted(by: { $0.key < $1.key }).map { "\($0.key)=\($0.value)" })
            .map { "'\($0)'" }.joined(separator: " ")
        let shell = "env \(env) '\(command)'; echo exited $?; sleep 600"
        _ = try run(["new-session", "-d", "-s", "t", "-x", "120", "-y", "30", "-c", TFProcess.repository.path, shell])
    }

    /// Types keys (tmux key names such as `Enter`, `Tab`, `Up`, `C-c`, or literal text).
    func keys(_ keys: String...) throws {
        for key in keys {
            _ = try run(["send-keys", "-t", "t", key])
        }
    }

    /// The visible screen.
    func screen() throws -> String {
        try run(["capture-pane", "-p", "-N", "-t", "t"])
    }

    /// The pane row the cursor is on, counted from 0 at the top.
    func cursorRow() throws -> Int {
        Int(try run(["display-message", "-p", "-t", "t", "#{cursor_y}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Waits (up to 60 s: the whole suite may be running beside it) until the screen satisfies `condition`.
    func waitFor(_ condition: (String) -> Bool, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var last = ""
        do {
            try poll("the screen to change", seconds: 60) {
                last = (try? self.screen()) ?? ""
                return condition(last) ? true : nil
            }
        } catch {
            Issue.record("timed out; the screen was:\n\(last)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// Ends the server and everything in it; never waits more than a few seconds.
    func stop() {
        _ = try? run(["kill-server"])
        if (try? poll("the tmux server to stop", seconds: 5) { server.isRunning ? nil : true }) == nil {
            kill(server.processIdentifier, SIGKILL)
        }
    }

    /// Runs a tmux client command and returns its output.
    ///
    /// The output goes through a file, not a pipe: the server may keep a client's stdout open,
    /// so a pipe would never reach its end. A client that hangs is stopped after 10 s.
    private func run(_ args: [String]) throws -> String {
        let outPath = socket + ".out-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: outPath, contents: nil), let out = FileHandle(forWritingAtPath: outPath) else {
            throw Failure(description: "cannot create \(outPath)")
        }
        defer { try? FileManager.default.removeItem(atPath: outPath) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.path ?? "tmux")
        p.arguments = ["-S", socket] + args
        p.standardOutput = out
        p.standardError = out
        try p.run()
        try out.close()
        do {
            _ = try poll("tmux \(args.first ?? "")", seconds: 10) { p.isRunning ? nil : true }
        } catch {
            p.terminate()
            throw error
        }
        p.waitUntilExit()
        let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        guard p.terminationStatus == 0 else { throw Failure(description: "tmux \(args.first ?? "") failed: \(text)") }
        return text
    }

    /// Retries `body` every 20 ms until it returns a value or `seconds` pass.
    @discardableResult
    private func poll<T>(_ what: String, seconds: Double = 20, _ body: () throws -> T?) throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let value = try body() { return value }
            usleep(20_000)
        }
        throw Failure(description: "timed out waiting for \(what)")
    }
}
