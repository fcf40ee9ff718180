import TaskFlowCore
import TaskFlowPluginAPI

/// `use TOOL,...`: the tools the next run uses, in order.
struct UseCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "use", usage: "use TOOL[,TOOL...]", summary: "Choose the tools the next run uses, in order",
        details: """
            A tool is an analyzer id (sentiment.vader) or a task (sentiment: the first analyzer
            for it). Options set earlier are kept.
            Example: use sentiment
            """,
        category: .pipeline, completion: .tools)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        let names = Self.names(args.words)
        guard !names.isEmpty else { return .printUsage }
        var ids: [String] = []
        for name in names {
            let id = try session.environment.registry.registeredID(named: name)
            if !ids.contains(id) { ids.append(id) }
        }
        session.state.tools = ids
        session.console.note("tools: " + ids.joined(separator: ", "))
        return .ok
    }

    /// Tool names from words separated by commas and/or spaces.
    static func names(_ words: [String]) -> [String] {
        words.flatMap { $0.split(separator: ",") }.map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}
