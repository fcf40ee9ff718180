import TaskFlowCore
import TaskFlowPluginAPI

/// `source FILE` (`.read FILE`): replays a session file through the same dispatcher.
struct SourceCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "source", aliases: [".read"], usage: "source FILE.tf",
        summary: "Run the commands of a session file",
        details: """
            One command per line, # comments, a trailing \\ continues a line. With bail on, the
            first failing command stops the file. Paths in the file are read relative to the
            current folder, else to the file's own folder.
            """,
        category: .session, completion: .paths(extra: []))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.count == 1 else { return .printUsage }
        switch try await session.runFile(args.words[0]) {
        case .finished: return .ok
        case .stopped: throw AlreadyReported()
        case .cancelled: throw CommandCancelled()
        case .exit(let code): return .exit(code)
        }
    }
}
