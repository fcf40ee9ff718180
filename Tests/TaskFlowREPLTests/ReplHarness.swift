import Foundation
import TaskFlowCore
import TaskFlowReporting
import TaskFlowWorkspace

@testable import TaskFlowREPL

/// A session on memory sinks and a temporary TF_HOME, driven one command line at a time.
struct ReplHarness {
    let session: ReplSession
    let out: MemorySink
    let err: MemorySink
    let home: URL

    /// The output of one command.
    struct Output {
        var status: CommandStatus
        var out: String
        var err: String
    }

    init(width: Int = 120, interactive: Bool = false, commands: CommandTable = .builtin(), variables: [String: String] = [:]) throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("tf-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        out = MemorySink()
        err = MemorySink()
        let console = ReplConsole(out: out, err: err, colourAllowed: false, width: { width })
        var environment = variables
        environment["TF_HOME"] = home.path
        environment["TF_DB"] = nil
        let workspace = Workspace.builtins(Workspace.Configuration(environment: environment, discoverPlugins: false))
        let replEnvironment = ReplEnvironment(workspace: workspace, commands: commands, console: console, interactive: interactive)
        session = ReplSession(environment: replEnvironment)
    }

    /// Runs one line and returns what it printed.
    @discardableResult
    func run(_ line: String) async -> Output {
        let status = await session.execute(line)
        return Output(status: status, out: out.take(), err: err.take())
    }

    /// Runs lines, expecting each to succeed.
    func setUp(_ lines: [String]) async throws {
        for line in lines {
            let o = await run(line)
            if o.status != .ok { throw SetupFailure(line: line, err: o.err) }
        }
    }

    struct SetupFailure: Error, CustomStringConvertible {
        var line: String
        var err: String
        var description: String { "setup line '\(line)' failed: \(err)" }
    }

    /// A file in the temporary home.
    func path(_ name: String) -> String { home.appendingPathComponent(name).path }

    /// The repository's Playground folder.
    static var playground: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Playground").path
    }

    static var feedback: String { playground + "/feedback.csv" }
    static var tickets: String { playground + "/tickets.jsonl" }
    static var malformed: String { playground + "/feedback-malformed.csv" }
}
