import Synchronization
import TaskFlowPluginAPI

/// The registrar a plugin registers into: it collects what the plugin provides under the
/// plugin's namespace and commits it to the registry all at once, or not at all.
public final class PluginStagingRegistrar: PluginRegistrar, Sendable {
    public let pluginName: String
    private struct Staged {
        var analyzers: [RegisteredAnalyzer] = []
        var corpus: [RegisteredCorpusAnalyzer] = []
        var commands: [RegisteredCommand] = []
        var agents: [RegisteredAgent] = []
        var failure: String?
    }

    private let staged = Mutex(Staged())

    public init(pluginName: String) {
        self.pluginName = pluginName
    }

    /// `plugin/id`, unless the id already carries the plugin's namespace.
    func namespaced(_ d: AnalyzerDescriptor) -> AnalyzerDescriptor {
        var d = d
        if !d.id.hasPrefix(pluginName + "/") { d.id = pluginName + "/" + d.id }
        return d
    }

    public func register(_ analyzer: any Analyzer.Type) throws {
        let e = RegisteredAnalyzer(type: analyzer, descriptor: namespaced(analyzer.descriptor), plugin: pluginName)
        staged.withLock { $0.analyzers.append(e) }
    }

    public func register(corpusAnalyzer: any CorpusAnalyzer.Type) throws {
        let e = RegisteredCorpusAnalyzer(type: corpusAnalyzer, descriptor: namespaced(corpusAnalyzer.descriptor), plugin: pluginName)
        staged.withLock { $0.corpus.append(e) }
    }

    public func register(command: any PluginCommand.Type) throws {
        staged.withLock { $0.commands.append(RegisteredCommand(type: command, plugin: pluginName)) }
    }

    public func register(agent: any Agent.Type) throws {
        var d = agent.descriptor
        if !d.id.hasPrefix(pluginName + "/") { d.id = pluginName + "/" + d.id }
        let e = RegisteredAgent(type: agent, descriptor: d, plugin: pluginName)
        staged.withLock { $0.agents.append(e) }
    }

    public func registrationFailed(_ message: String) {
        staged.withLock { $0.failure = message }
    }

    /// The error the plugin's registration threw, if any.
    public var failure: String? { staged.withLock { $0.failure } }

    /// What the plugin registered: analyzer ids, corpus analyzer ids, command names and agent ids.
    public var provided: (analyzers: [String], corpusAnalyzers: [String], commands: [String], agents: [String]) {
        staged.withLock { s in
            (s.analyzers.map(\.descriptor.id), s.corpus.map(\.descriptor.id), s.commands.map(\.name), s.agents.map(\.descriptor.id))
        }
    }

    /// Adds everything staged to `registry`, or nothing when any id collides.
    public func commit(into registry: AnalyzerRegistry) throws {
        let s = staged.withLock { $0 }
        try registry.add(analyzers: s.analyzers, corpus: s.corpus, commands: s.commands, agents: s.agents)
    }
}
