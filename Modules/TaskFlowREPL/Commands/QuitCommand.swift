import TaskFlowCore
import TaskFlowPluginAPI

/// `quit [CODE]`: leaves the REPL (Ctrl-D does too).
struct QuitCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "quit", aliases: ["exit", ".quit", ".exit"], usage: "quit [CODE]", summary: "Leave (Ctrl-D too)",
        details: "In a session file, quit stops it; CODE becomes the exit code (default: 0, or 1 when a command of a script failed).",
        category: .shell)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.count <= 1 else { return .printUsage }
        guard let word = args.words.first else {
            // A script or piped input that had failures still says so in its exit code.
            return .exit(!session.environment.interactive && session.failures > 0 ? 1 : 0)
        }
        guard let code = Int32(word), (0...255).contains(code) else {
            throw TaskFlowFailure("bad-number", "exit code must be 0 to 255, not '\(ReplArguments.brief(word))'", hint: "quit 1", exitCode: 2)
        }
        return .exit(code)
    }
}
