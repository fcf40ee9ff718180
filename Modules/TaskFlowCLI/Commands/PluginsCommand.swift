import ArgumentParser
import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowPluginLoader
import TaskFlowReporting

/// `tf plugins list`: the plugin bundles found, what they registered, and any refusals.
struct PluginsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins", abstract: "List plugin bundles and what they provide.", subcommands: [List.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load every plugin found ($TF_PLUGIN_PATH, $TF_HOME/plugins, --plugin) and list them.",
            discussion: "Exits 1 when any bundle is refused, after listing the others.")

        @Option(name: .customLong("plugin"), help: "A plugin bundle (.so) to load; repeatable.")
        var plugins: [String] = []

        @Flag(help: "Load plugins even from files or folders anyone can write.")
        var allowUnsafePlugins = false

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            try await runReporting {
                let registry = ToolRegistry()
                let loader = PluginLoader(registry: registry, allowUnsafe: allowUnsafePlugins)
                let paths = PluginLoader.discover(explicit: plugins, home: .fromEnvironment())
                let (loaded, refused) = loader.loadAll(paths)
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    struct Out: Encodable {
                        var loaded: [LoadedPlugin]
                        var refused: [[String: String]]
                    }
                    let out = Out(loaded: loaded, refused: refused.map { ["path": $0.path, "reason": $0.reason, "hint": $0.hint ?? ""] })
                    print(String(decoding: try encoder.encode(out), as: UTF8.self))
                } else if loaded.isEmpty && refused.isEmpty {
                    print("no plugins found (looked in $TF_PLUGIN_PATH and \(TaskFlowHome.fromEnvironment().path)/plugins)")
                } else if !loaded.isEmpty {
                    var table = TextTable(headers: ["name", "version", "provides", "path"], flexibleColumn: 3)
                    for p in loaded {
                        let provides = p.analyzers + p.corpusAnalyzers + p.agents.map { "agent \($0)" } + p.commands.map { "command \($0)" }
                        table.rows.append([p.name, p.version, provides.joined(separator: ", "), p.path])
                    }
                    print(table.render(width: terminalWidth()), terminator: "")
                }
                for r in refused {
                    FileHandle.standardError.write(Data("error: \(r.description)\n".utf8))
                    if let hint = r.hint { FileHandle.standardError.write(Data("hint: \(hint)\n".utf8)) }
                }
                if !refused.isEmpty { throw ExitCode(1) }
            }
        }
    }
}
