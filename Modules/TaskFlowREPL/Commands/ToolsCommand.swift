import TaskFlowCore
import TaskFlowPluginAPI

/// `tools`: every analyzer, with whether the next run uses it.
struct ToolsCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "tools", usage: "tools", summary: "List the analyzers, corpus analyzers and agents, and which the next run uses",
        details: "use, enable and disable choose the tools; options shows their settings.",
        category: .pipeline)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.isEmpty else { return .printUsage }
        var table = ReplTable(headers: ["id", "task", "backend", "enabled", "summary"])
        for t in session.environment.registry.tools {
            let position = session.state.tools.firstIndex(of: t.id)
            let task = t.kind == .agent ? "report" : t.kindLabel
            table.rows.append([t.id, task, t.backend, position.map { "yes (#\($0 + 1))" } ?? "no", t.summary])
        }
        session.printTable(table)
        return .ok
    }
}
