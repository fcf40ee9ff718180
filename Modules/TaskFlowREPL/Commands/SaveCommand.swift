import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// `save FILE`: writes the commands that rebuild the current state.
struct SaveCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "save", usage: "save FILE.tf", summary: "Save the session as commands that rebuild it (load, use, set, device, filter, run)",
        details: """
            Not raw history: only what the current state needs, so the file replays to the same
            dataset, tools, options and results. Secrets are never written. Replay with
            `tf run FILE.tf` or `source FILE.tf`.
            """,
        category: .session, completion: .paths(extra: []))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.count == 1 else { return .printUsage }
        let given = args.words[0]
        try session.writeFile(session.sessionFileText(), to: given)
        session.console.note("saved \(given) (\(session.sessionCommands().count) commands)")
        return .ok
    }
}
