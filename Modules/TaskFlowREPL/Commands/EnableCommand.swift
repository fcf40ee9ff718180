import TaskFlowCore
import TaskFlowPluginAPI

/// `enable TOOL`: adds a tool to the next run.
struct EnableCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "enable", usage: "enable TOOL", summary: "Add a tool to the next run",
        category: .pipeline, completion: .tools)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        let names = UseCommand.names(args.words)
        guard !names.isEmpty else { return .printUsage }
        for name in names {
            let id = try session.environment.registry.registeredID(named: name)
            if session.state.tools.contains(id) {
                session.console.note("\(id) is already enabled")
            } else {
                session.state.tools.append(id)
            }
        }
        session.console.note("tools: " + session.state.tools.joined(separator: ", "))
        return .ok
    }
}
