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
        for d in session.environment.registry.descriptors {
            let position = session.state.tools.firstIndex(of: d.id)
            table.rows.append([d.id, d.task, d.backend, position.map { "yes (#\($0 + 1))" } ?? "no", d.summary])
        }
        let registry = session.environment.registry
        for d in registry.corpusAnalyzers.map(\.descriptor) {
            let position = session.state.tools.firstIndex(of: d.id)
            table.rows.append([d.id, d.task + " (corpus)", d.backend, position.map { "yes (#\($0 + 1))" } ?? "no", d.summary])
        }
        for d in registry.agents.map(\.descriptor) {
            let position = session.state.tools.firstIndex(of: d.id)
            let backend = d.languageModel == .none ? "agent" : "agent, llm \(d.languageModel.rawValue)"
            table.rows.append([d.id, "report", backend, position.map { "yes (#\($0 + 1))" } ?? "no", d.summary])
        }
        session.printTable(table)
        return .ok
    }
}
