import TaskFlowCore
import TaskFlowPluginAPI

/// `plugins`: the plugins loaded into this session and what each registered.
struct PluginsCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "plugins", usage: "plugins", summary: "List the loaded plugins and what each registered",
        details: "plugin load PATH adds one; tf finds others in $TF_PLUGIN_PATH and $TF_HOME/plugins at start-up.",
        category: .plugins)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.isEmpty else { return .printUsage }
        let registry = session.environment.registry
        var provided: [String: [String]] = [:]
        for t in registry.tools where t.kind != .agent { if let p = t.plugin { provided[p, default: []].append(t.id) } }
        for a in registry.tools(.agent) { if let p = a.plugin { provided[p, default: []].append("agent \(a.id)") } }
        for c in registry.commands.all { if let p = c.plugin { provided[p, default: []].append("command \(c.name)") } }
        if provided.isEmpty {
            session.console.print("no plugins loaded (plugin load PATH, or put .so files in \(session.environment.home.path)/plugins)")
            return .ok
        }
        var table = ReplTable(headers: ["plugin", "provides"])
        for name in provided.keys.sorted() { table.rows.append([name, provided[name]!.joined(separator: ", ")]) }
        session.printTable(table)
        return .ok
    }
}
