import ArgumentParser
import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowWorkspace

/// `tf tools`: the analyzers this TaskFlow has.
struct ToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools", abstract: "List the analyzers (tools) and agents available to --tools.")

    @OptionGroup var pluginFlags: PluginFlags

    func run() async throws {
        try await runReporting {
            let registry = try pluginFlags.openWorkspace().registry
            var table = TextTable(headers: ["id", "task", "version", "backend", "options", "summary"], flexibleColumn: 5)
            for t in registry.tools where t.kind != .agent {
                let options = t.options.map { "\($0.name)=\($0.defaultValue)" }.joined(separator: " ")
                table.rows.append([t.id, t.task, t.version, t.backend, options, t.summary])
            }
            print(table.render(width: Terminal.width()), terminator: "")
            let agents = registry.tools(.agent)
            if !agents.isEmpty {
                var t = TextTable(headers: ["agent", "version", "language model", "options", "summary"], flexibleColumn: 4)
                for a in agents {
                    let options = a.options.map { "\($0.name)=\($0.defaultValue)" }.joined(separator: " ")
                    t.rows.append([a.id, a.version, a.languageModel.rawValue, options, a.summary])
                }
                print("\nagents (run after the analyzers; name them in --tools, give them a model with --llm):")
                print(t.render(width: Terminal.width()), terminator: "")
            }
        }
    }
}
