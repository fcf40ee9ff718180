import ArgumentParser
import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowWorkspace

/// `tf plugins list`: the plugin bundles found, what each provides, and those refused.
struct PluginsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins", abstract: "List plugin bundles and what they provide.", subcommands: [List.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load every plugin found ($TF_PLUGIN_PATH, $TF_HOME/plugins, --plugin) and list them.",
            discussion: "Exits 1 when any bundle is refused, after listing the others.")

        @OptionGroup var pluginFlags: PluginFlags

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            try await runReporting {
                let environment = ProcessInfo.processInfo.environment
                let (loaded, refused) = Workspace.surveyPlugins(
                    explicit: pluginFlags.plugins, allowUnsafe: pluginFlags.allowUnsafePlugins, environment: environment)
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
                    print("no plugins found (looked in $TF_PLUGIN_PATH and \(TaskFlowHome.fromEnvironment(environment).path)/plugins)")
                } else if !loaded.isEmpty {
                    var table = TextTable(headers: ["name", "version", "provides", "path"], flexibleColumn: 3)
                    for p in loaded {
                        table.rows.append([p.name, p.version, p.provides.joined(separator: ", "), p.path])
                    }
                    print(table.render(width: Terminal.width()), terminator: "")
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
