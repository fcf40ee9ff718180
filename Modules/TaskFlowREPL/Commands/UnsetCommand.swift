import TaskFlowCore
import TaskFlowPluginAPI

/// `unset TOOL.OPTION`, `unset TOOL`, `unset cache`, `unset batch-size`: back to the default.
struct UnsetCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "unset", usage: "unset TOOL.OPTION | TOOL | cache | batch-size",
        summary: "Put an option (or all of a tool's) back to its default",
        category: .pipeline, completion: .toolOptions(extra: ["cache": [], "batch-size": []]))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.count == 1 else { return .printUsage }
        let key = args.words[0]
        switch key.lowercased() {
        case "cache":
            session.state.cacheMode = .on
            session.console.note("cache: on")
        case "batch-size", "batch":
            session.state.batchSize = 256
            session.console.note("batch size: 256")
        default:
            if !key.contains("."), let id = try? session.environment.registry.registeredID(named: key) {
                session.state.options[id] = nil
                session.console.note("\(id): every option back to its default")
                return .ok
            }
            let (descriptor, option) = try SetCommand.resolveOption(key, in: session)
            guard descriptor.options.contains(where: { $0.name == option }) else {
                _ = try descriptor.effectiveOptions(overrides: [option: ""])
                return .printUsage
            }
            session.state.options[descriptor.id]?[option] = nil
            if session.state.options[descriptor.id]?.isEmpty == true { session.state.options[descriptor.id] = nil }
            let defaultValue = descriptor.options.first(where: { $0.name == option })?.defaultValue.description ?? ""
            session.console.note("\(descriptor.id).\(option) = \(defaultValue) (default)")
        }
        return .ok
    }
}
