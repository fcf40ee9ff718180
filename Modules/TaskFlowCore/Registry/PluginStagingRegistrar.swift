import Synchronization
import TaskFlowPluginAPI

/// The registrar a plugin registers into: it collects what the plugin provides under the
/// plugin's namespace and commits it to the registry all at once, or not at all.
public final class PluginStagingRegistrar: PluginRegistrar, Sendable {
    public let pluginName: String
    private struct Staged {
        var tools: [ToolEntry] = []
        var commands: [RegisteredCommand] = []
        var failure: String?
    }

    private let staged = Mutex(Staged())

    public init(pluginName: String) {
        self.pluginName = pluginName
    }

    /// The entry under `plugin/id`, unless its id already carries the plugin's namespace.
    private func stage(_ entry: ToolEntry) {
        let e = entry.id.hasPrefix(pluginName + "/") ? entry : entry.renamed(pluginName + "/" + entry.id)
        staged.withLock { $0.tools.append(e) }
    }

    public func register(_ analyzer: any Analyzer.Type) throws {
        stage(ToolEntry(analyzer: analyzer, plugin: pluginName))
    }

    public func register(corpusAnalyzer: any CorpusAnalyzer.Type) throws {
        stage(ToolEntry(corpus: corpusAnalyzer, plugin: pluginName))
    }

    public func register(agent: any Agent.Type) throws {
        stage(ToolEntry(agent: agent, plugin: pluginName))
    }

    public func register(command: any PluginCommand.Type) throws {
        staged.withLock { $0.commands.append(RegisteredCommand(type: command, plugin: pluginName)) }
    }

    public func registrationFailed(_ message: String) {
        staged.withLock { $0.failure = message }
    }

    /// The error the plugin's registration threw, if any.
    public var failure: String? { staged.withLock { $0.failure } }

    /// What the plugin registered: tool ids by kind, and command names.
    public var provided: (analyzers: [String], corpusAnalyzers: [String], commands: [String], agents: [String]) {
        staged.withLock { s in
            func ids(_ kind: ToolKind) -> [String] { s.tools.filter { $0.kind == kind }.map(\.id) }
            return (ids(.analyzer), ids(.corpus), s.commands.map(\.name), ids(.agent))
        }
    }

    /// Adds everything staged to `registry`, or nothing when any id or command name collides.
    public func commit(into registry: ToolRegistry) throws {
        let s = staged.withLock { $0 }
        let taken = Set(registry.commands.all.map(\.name))
        if let clash = s.commands.first(where: { taken.contains($0.name) }) {
            throw TaskFlowFailure(
                "duplicate-command", "a command named '\(clash.name)' is already registered", hint: "rename the plugin's command")
        }
        try registry.add(s.tools)
        try registry.commands.add(s.commands)
    }
}
