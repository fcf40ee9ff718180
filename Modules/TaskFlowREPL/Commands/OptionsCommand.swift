import TaskFlowCore
import TaskFlowPluginAPI

/// `options [TOOL]`: every option, its value and its default.
struct OptionsCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "options", usage: "options [TOOL]", summary: "List tool options with their values and defaults",
        details: "A value set with `set` is marked with *. Run settings (cache, batch size) are listed too.",
        category: .pipeline, completion: .tools)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.count <= 1 else { return .printUsage }
        try Self.printOptions(tool: args.words.first, in: session)
        return .ok
    }

    static func printOptions(tool: String?, in session: isolated ReplSession) throws {
        let registry = session.environment.registry
        let descriptors = try tool.map { [try registry.entry(named: $0)] } ?? registry.tools
        var table = ReplTable(headers: ["option", "value", "default", "summary"])
        for d in descriptors {
            let overrides = session.state.options[d.id] ?? [:]
            for o in d.options {
                let value = overrides[o.name].map { "\($0) *" } ?? o.defaultValue.description
                var summary = o.summary
                if let choices = o.choices { summary += " (" + choices.map(\.description).joined(separator: ", ") + ")" }
                table.rows.append(["\(d.id).\(o.name)", value, o.defaultValue.description, summary])
            }
        }
        if tool == nil {
            table.rows.append(["cache", session.state.cacheMode.rawValue + (session.state.cacheMode == .on ? "" : " *"), "on", "reuse cached outputs (on, off, refresh)"])
            table.rows.append(["batch-size", String(session.state.batchSize) + (session.state.batchSize == 256 ? "" : " *"), "256", "records per stored batch"])
        }
        if table.rows.isEmpty {
            session.console.note("\(descriptors.first?.id ?? "this tool") has no options")
            return
        }
        session.printTable(table)
    }
}
