import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowWorkspace

/// How `tf` starts the REPL: the rc file, bail, echo, the banner.
public struct ReplLaunchOptions: Sendable {
    /// Skip `$TF_HOME/taskflowrc`.
    public var noRC: Bool
    /// Stop at the first failing command (exit code 1).
    public var bail: Bool
    /// Print each command before running it.
    public var echo: Bool
    /// The line shown when a person starts the REPL at a terminal.
    public var banner: String
    /// The workspace, plugins' tools included; nil: `$TF_HOME` with the plugins found there.
    public var workspace: Workspace?

    public init(
        noRC: Bool = false, bail: Bool = false, echo: Bool = false, banner: String = "TaskFlow",
        workspace: Workspace? = nil
    ) {
        self.noRC = noRC
        self.bail = bail
        self.echo = echo
        self.banner = banner
        self.workspace = workspace
    }
}

/// Runs the REPL on the real terminal or pipes: `tf`, `tf run FILE`, `tf -c "…"`.
///
/// Each entry point returns the process exit code: 0, 1 when a command failed (or `--bail`
/// stopped a script), 130 after Ctrl-C stopped a script, or the code given to `quit`.
public enum Repl {
    /// `tf`: the prompt on a terminal; on a pipe, commands from stdin without a prompt.
    public static func interactive(_ options: ReplLaunchOptions) async -> Int32 {
        let tty = isatty(STDIN_FILENO) == 1
        let environment = ReplEnvironment.standard(interactive: tty, workspace: options.workspace)
        let session = ReplSession(environment: environment)
        let reader: any LineReader
        var editor: EditLineReader?
        if tty {
            try? environment.home.ensureExists()
            let history = (environment.home.path as NSString).appendingPathComponent("history")
            let e = EditLineReader(historyPath: history, completer: Completer(commands: environment.commands, hints: session.hints))
            editor = e
            reader = e
            await session.loadHistory(e.savedHistory())
        } else {
            reader = PlainLineReader()
        }
        let wake: @Sendable () -> Void
        if let editor {
            wake = { editor.wake() }
        } else {
            wake = { quitOnInterrupt(session) }
        }
        let signals = SignalTrap(alsoTermination: false) { if !session.interrupts.interrupt() { wake() } }
        defer { signals.remove() }
        if case .exit(let code) = await start(session, options) { return code }
        if tty { environment.console.note(options.banner) }

        let input = ReaderBox(reader: reader, queue: DispatchQueue(label: "taskflow.repl.input"))
        while true {
            guard let line = await input.readCommand(prompt: tty ? "tf> " : "", record: tty) else {
                break
            }
            await session.recordHistory(line)
            let status = await interruptible(session) { await session.execute(line, typed: tty) }
            let bail = await session.settings.bail
            switch status {
            case .exit(let code):
                await session.closeOutput()
                return code
            case .failed where !tty && bail:
                await session.closeOutput()
                return 1
            case .cancelled where !tty:
                await session.closeOutput()
                return 130
            default:
                continue
            }
        }
        await session.closeOutput()
        let failures = await session.failures
        return !tty && failures > 0 ? 1 : 0
    }

    /// `tf run FILE` and `tf -f FILE`: replays a session file.
    public static func runFile(_ path: String, _ options: ReplLaunchOptions) async -> Int32 {
        let session = ReplSession(environment: .standard(interactive: false, workspace: options.workspace))
        let signals = SignalTrap(alsoTermination: false) { if !session.interrupts.interrupt() { quitOnInterrupt(session) } }
        defer { signals.remove() }
        if case .exit(let code) = await start(session, options) { return code }
        let outcome: ScriptOutcome
        do {
            outcome = try await interruptibleScript(session) { try await session.runFile(path) }
        } catch {
            await session.console.error(error)
            return 1
        }
        return await exitCode(outcome, session)
    }

    /// `tf -c "cmd; cmd"`: runs the commands and stops at the first that fails.
    public static func runCommands(_ text: String, _ options: ReplLaunchOptions) async -> Int32 {
        let session = ReplSession(environment: .standard(interactive: false, workspace: options.workspace))
        let signals = SignalTrap(alsoTermination: false) { if !session.interrupts.interrupt() { quitOnInterrupt(session) } }
        defer { signals.remove() }
        if case .exit(let code) = await start(session, options) { return code }
        for command in SessionScript.splitCommands(text) {
            switch await interruptible(session, { await session.execute(command) }) {
            case .ok: continue
            case .failed:
                await session.closeOutput()
                return 1
            case .cancelled:
                await session.closeOutput()
                return 130
            case .exit(let code):
                await session.closeOutput()
                return code
            }
        }
        await session.closeOutput()
        return 0
    }

    /// Applies the options and runs the rc file.
    static func start(_ session: ReplSession, _ options: ReplLaunchOptions) async -> ScriptOutcome {
        if options.bail { await session.setBail(true) }
        if options.echo { _ = await session.execute("echo on") }
        guard !options.noRC else { return .finished }
        let rc = (session.environment.home.path as NSString).appendingPathComponent("taskflowrc")
        guard FileManager.default.fileExists(atPath: rc) else { return .finished }
        do {
            return try await interruptibleScript(session) { try await session.runFile(rc) }
        } catch {
            await session.console.error(error)
            return .finished
        }
    }

    static func exitCode(_ outcome: ScriptOutcome, _ session: ReplSession) async -> Int32 {
        await session.closeOutput()
        switch outcome {
        case .finished:
            let failures = await session.failures
            return failures > 0 ? 1 : 0
        case .stopped: return 1
        case .cancelled: return 130
        case .exit(let code): return code
        }
    }

    /// Runs a command as a task Ctrl-C can cancel.
    static func interruptible(_ session: ReplSession, _ body: @escaping @Sendable () async -> CommandStatus) async -> CommandStatus {
        let task = Task { await body() }
        let token = session.interrupts.push { task.cancel() }
        defer { session.interrupts.remove(token) }
        return await task.value
    }

    static func interruptibleScript(
        _ session: ReplSession, _ body: @escaping @Sendable () async throws -> ScriptOutcome
    ) async throws -> ScriptOutcome {
        let task = Task { try await body() }
        let token = session.interrupts.push { task.cancel() }
        defer { session.interrupts.remove(token) }
        return try await task.value
    }

    /// Ctrl-C while nothing runs and no line editor can take it: leave with 130.
    static func quitOnInterrupt(_ session: ReplSession) {
        session.environment.console.flush()
        FileHandle.standardError.write(Data("^C\n".utf8))
        exit(130)
    }
}

/// The line reader, confined to its own queue so blocking reads never hold a Swift
/// concurrency thread.
private struct ReaderBox: @unchecked Sendable {
    let reader: any LineReader
    let queue: DispatchQueue

    func readCommand(prompt: String, record: Bool) async -> String? {
        await withCheckedContinuation { continuation in
            queue.async {
                let line = reader.readCommand(prompt: prompt)
                if record, let line, !line.trimmingWhitespace().isEmpty { reader.addHistory(line) }
                continuation.resume(returning: line)
            }
        }
    }
}
