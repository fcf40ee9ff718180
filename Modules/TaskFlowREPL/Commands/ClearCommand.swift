import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting

/// `clear`: clears the terminal screen.
struct ClearCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "clear", aliases: ["cls"], usage: "clear", summary: "Clear the screen", category: .shell)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.isEmpty else { return .printUsage }
        if session.console.standardOut.isTerminal {
            session.console.standardOut.write("\u{1B}[H\u{1B}[2J")
            session.console.standardOut.flush()
        }
        return .ok
    }
}
