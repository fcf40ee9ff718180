import ArgumentParser
import Foundation
import TaskFlowPluginAPI
import TaskFlowReporting

/// Prints an error as `error: …` and `hint: …` on stderr and returns the exit code to use.
func report(_ error: any Error) -> ExitCode {
    let stderr = FileHandle.standardError
    switch error {
    case let e as OutputError where e.readerWentAway:
        return ExitCode(e.exitCode)  // `| head` had what it wanted: nothing to say
    case let e as any TaskFlowError:
        stderr.write(Data("error: \(TerminalSafe.neutralise(e.description))\n".utf8))
        if let hint = e.hint { stderr.write(Data("hint: \(TerminalSafe.neutralise(hint))\n".utf8)) }
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

/// Columns of the terminal on stdout: from the terminal, else `$COLUMNS`, else 100.
func terminalWidth() -> Int {
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
    if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), c > 20 { return c }
    return 100
}

/// Prints `warning: …` on stderr.
@Sendable func printWarning(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(TerminalSafe.neutralise(message))\n".utf8))
}
