import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowPluginLoader

/// `plugin load PATH`: loads a plugin bundle into the running session.
struct PluginLoadCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "plugin", usage: "plugin load PATH [--allow-unsafe]",
        summary: "Load a plugin bundle (.so): its analyzers join tools, its commands this table",
        details: "A refused bundle (not a plugin, another ABI or toolchain, colliding ids, writable by everyone) is reported and the session goes on.",
        category: .plugins)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.first == "load", args.words.count == 2 || (args.words.count == 3 && args.words[2] == "--allow-unsafe") else {
            return .printUsage
        }
        let path = args.words[1]
        let registry = session.environment.registry
        let name = PluginLoader.pluginName(forPath: path)
        if registry.analyzers.contains(where: { $0.plugin == name }) || registry.corpusAnalyzers.contains(where: { $0.plugin == name })
            || registry.commands.contains(where: { $0.plugin == name }) || registry.agents.contains(where: { $0.plugin == name })
        {
            session.console.print("plugin \(name) is already loaded")
            return .ok
        }
        let loaded = try PluginLoader(registry: registry, allowUnsafe: args.words.count == 3).load(path)
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        session.state.plugins.append((absolute as NSString).standardizingPath)
        for warning in session.environment.commands.registerPluginCommands(from: registry, plugin: loaded.name) {
            session.console.warning(warning)
        }
        let provides = loaded.analyzers + loaded.corpusAnalyzers + loaded.agents.map { "agent \($0)" }
            + loaded.commands.map { "command \($0)" }
        session.console.print("loaded \(loaded.name) \(loaded.version): " + (provides.isEmpty ? "nothing registered" : provides.joined(separator: ", ")))
        return .ok
    }
}
