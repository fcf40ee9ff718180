import Synchronization
import TaskFlowPluginAPI

/// The registrar a plugin registers into: it collects what the plugin provides under the
/// plugin's namespace and commits it to the registry all at once, or not at all.
public final class PluginStagingRegistrar: PluginRegistrar, Sendable {
    public let pluginName: String
    private struct Staged {
        var tools: [ToolEntry] = []
        var commands: [RegisteredCommand] = []
        var featureExtractors: [RegisteredFeatureExtractor] = []
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

    public func register(featureExtractor: any FeatureExtractor.Type) throws {
        staged.withLock { $0.featureExtractors.append(RegisteredFeatureExtractor(type: featureExtractor, plugin: pluginName)) }
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

    /// The kinds of the feature extractors the plugin registered.
    public var providedFeatureExtractors: [String] {
        staged.withLock { $0.featureExtractors.map(\.kind) }
    }

    /// Adds everything staged to `registry`, or nothing when any id, command name or feature
    /// kind collides.
    public func commit(into registry: ToolRegistry) throws {
        let s = staged.withLock { $0 }
        let taken = Set(registry.commands.all.map(\.name))
        if let clash = s.commands.first(where: { taken.contains($0.name) }) {
            throw TaskFlowFailure(
                "duplicate-command", "a command named '\(clash.name)' is already registered", hint: "rename the plugin's command")
        }
        let kinds = Set(registry.featureExtractors.all.map(\.kind))
        var seen = Set<String>()
        for e in s.featureExtractors where kinds.contains(e.kind) || !seen.insert(e.kind).inserted {
            throw TaskFlowFailure(
                "duplicate-feature-extractor", "a feature extractor of kind '\(e.kind)' is already registered",
                hint: "load only one plugin that computes '\(e.kind)'")
        }
        try registry.add(s.tools)
        try registry.commands.add(s.commands)
        try registry.featureExtractors.add(s.featureExtractors)
    }
}
