import ArgumentParser
import Foundation
import TaskFlowAnalyzers
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting

/// `tf tools`: the analyzers this TaskFlow has.
struct ToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools", abstract: "List the analyzers (tools) and agents available to --tools.")

    @Option(name: .customLong("plugin"), help: "A plugin bundle (.so) to load; repeatable.")
    var plugins: [String] = []

    @Flag(help: "Load plugins even from files or folders anyone can write.")
    var allowUnsafePlugins = false

    func run() async throws {
        try await runReporting {
            let (registry, _) = try PluginSetup.registry(explicit: plugins, allowUnsafe: allowUnsafePlugins)
            var table = TextTable(headers: ["id", "task", "version", "backend", "options", "summary"], flexibleColumn: 5)
            for d in registry.descriptors + registry.corpusAnalyzers.map(\.descriptor) {
                let options = d.options.map { "\($0.name)=\($0.defaultValue)" }.joined(separator: " ")
                table.rows.append([d.id, d.task, d.version, d.backend, options, d.summary])
            }
            print(table.render(width: terminalWidth()), terminator: "")
            let agents = registry.agents
            if !agents.isEmpty {
                var t = TextTable(headers: ["agent", "version", "language model", "options", "summary"], flexibleColumn: 4)
                for a in agents.map(\.descriptor) {
                    let options = a.options.map { "\($0.name)=\($0.defaultValue)" }.joined(separator: " ")
                    t.rows.append([a.id, a.version, a.languageModel.rawValue, options, a.summary])
                }
                print("\nagents (run after the analyzers; name them in --tools, give them a model with --llm):")
                print(t.render(width: terminalWidth()), terminator: "")
            }
        }
    }
}
