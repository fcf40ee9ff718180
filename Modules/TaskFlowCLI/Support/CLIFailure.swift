import ArgumentParser
import Foundation
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowWorkspace

/// Prints an error as `error: …` and `hint: …` on stderr and returns the exit code to use.
func report(_ error: any Error) -> ExitCode {
    let stderr = FileHandle.standardError
    switch error {
    case let e as OutputError where e.readerWentAway:
        return ExitCode(e.exitCode)  // `| head` had what it wanted: nothing to say
    case let e as any TaskFlowError:
        stderr.write(Data("error: \(TerminalSafe.neutralise(e.description))\n".utf8))
        if let hint = FrontEnd.commandLine.hint(for: e) { stderr.write(Data("hint: \(TerminalSafe.neutralise(hint))\n".utf8)) }
        return ExitCode(e.exitCode)
    case is CancellationError:
        stderr.write(Data("cancelled\n".utf8))
        return ExitCode(130)
    default:
        stderr.write(Data("error: \(TerminalSafe.neutralise("\(error)"))\n".utf8))
        return ExitCode(1)
    }
}

/// Runs `body`, turning TaskFlow errors into a message and an exit code.
func runReporting(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let e as ExitCode {
        throw e
    } catch {
        throw report(error)
    }
}

/// Prints `warning: …` on stderr.
@Sendable func printWarning(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(TerminalSafe.neutralise(message))\n".utf8))
}

/// Prints a progress line on stderr.
@Sendable func printProgress(_ message: String) {
    FileHandle.standardError.write(Data("\(TerminalSafe.neutralise(message))\n".utf8))
}

/// Prints a line on stdout (for figures handed over by the workspace).
@Sendable func printLine(_ line: String) {
    print(line)
}

/// The flags every command that loads plugins shares.
struct PluginFlags: ParsableArguments {
    @Option(name: .customLong("plugin"), help: "A plugin bundle (.so) to load; repeatable.")
    var plugins: [String] = []

    @Flag(help: "Load plugins even from files or folders anyone can write.")
    var allowUnsafePlugins = false

    init() {}

    init(plugins: [String], allowUnsafePlugins: Bool) {
        self.plugins = plugins
        self.allowUnsafePlugins = allowUnsafePlugins
    }

    /// The workspace of `$TF_HOME`, with these plugins loaded (and those discovered).
    func openWorkspace(database: String? = nil) throws -> Workspace {
        try Workspace.open(
            Workspace.Configuration(
                database: database, plugins: plugins, allowUnsafePlugins: allowUnsafePlugins, warn: printWarning))
    }
}
