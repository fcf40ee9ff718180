import TaskFlowCore
import TaskFlowPluginAPI

extension CommandTable {
    /// Adds the REPL commands plugins registered in `registry`, so they get help, completion,
    /// prefix matching and dispatch like built-ins.
    ///
    /// A plugin command receives the words after its name and the current results as a
    /// `Corpus` (nil before the first run); the text it returns is printed.
    /// - Returns: a warning for each command not added (its name is taken).
    @discardableResult
    public func registerPluginCommands(from registry: ToolRegistry, plugin: String? = nil) -> [String] {
        var warnings: [String] = []
        for command in registry.commands.all where plugin == nil || command.plugin == plugin {
            let type = command.type
            let origin = command.plugin.map { " (plugin \($0))" } ?? ""
            let descriptor = CommandDescriptor(
                name: type.name, usage: type.usage, summary: type.summary + origin, category: .plugins)
            do {
                try register(descriptor) { args, session in
                    let corpus = await session.currentResults().map { Corpus(records: $0.records, values: $0.values) }
                    let text = try await type.init().run(arguments: args.words, corpus: corpus)
                    if !text.isEmpty { await session.printResult(text) }
                    return .ok
                }
            } catch {
                warnings.append("the REPL command '\(type.name)'\(origin) is not available: \(error)")
            }
        }
        return warnings
    }
}
