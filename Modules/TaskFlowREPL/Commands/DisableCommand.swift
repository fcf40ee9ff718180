import TaskFlowCore
import TaskFlowPluginAPI

/// `disable TOOL`: removes a tool from the next run.
struct DisableCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "disable", usage: "disable TOOL", summary: "Remove a tool from the next run",
        category: .pipeline, completion: .tools)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        let names = UseCommand.names(args.words)
        guard !names.isEmpty else { return .printUsage }
        for name in names {
            let id = try session.environment.registry.registeredID(named: name)
            guard let i = session.state.tools.firstIndex(of: id) else {
                throw TaskFlowFailure(
                    "not-enabled", "\(id) is not enabled",
                    hint: "enabled: " + (session.state.tools.isEmpty ? "none" : session.state.tools.joined(separator: ", ")))
            }
            session.state.tools.remove(at: i)
        }
        if session.state.tools.isEmpty {
            session.console.note("tools: none (enable TOOL before run)")
        } else {
            session.console.note("tools: " + session.state.tools.joined(separator: ", "))
        }
        return .ok
    }
}
