import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowWorkspace

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
        let (loaded, new) = try session.workspace.loadPlugin(path, allowUnsafe: args.words.count == 3)
        guard new else {
            session.console.print("plugin \(loaded.name) is already loaded")
            return .ok
        }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        session.state.plugins.append((absolute as NSString).standardizingPath)
        for warning in session.environment.commands.registerPluginCommands(from: session.environment.registry, plugin: loaded.name) {
            session.console.warning(warning)
        }
        let provides = loaded.provides
        session.console.print("loaded \(loaded.name) \(loaded.version): " + (provides.isEmpty ? "nothing registered" : provides.joined(separator: ", ")))
        return .ok
    }
}
