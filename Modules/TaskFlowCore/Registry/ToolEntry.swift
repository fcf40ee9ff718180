import TaskFlowPluginAPI

/// What kind of tool a registry entry is, which decides when a run calls it.
public enum ToolKind: String, Sendable, Hashable, CaseIterable {
    /// Called once per batch with the batch's records (`Analyzer`).
    case analyzer
    /// Called once after the last batch with every record and value (`CorpusAnalyzer`).
    case corpus
    /// Called after the corpus analyzers; writes report sections (`Agent`).
    case agent
}

/// A tool's implementation, by kind.
public enum ToolType: Sendable {
    case analyzer(any Analyzer.Type)
    case corpus(any CorpusAnalyzer.Type)
    case agent(any Agent.Type)
}

/// A registered tool of any kind: its implementation, the facts it is known by, and the plugin
/// that provided it.
///
/// A plugin's ids carry the plugin's name (`toxicity/toxicity.lexicon`), so the entry's `id`,
/// not the type's own descriptor, is what front ends show, save and resolve.
public struct ToolEntry: Sendable {
    public let type: ToolType
    public let id: String
    /// The key its per-record output appears under (`sentiment`); `report` for an agent.
    public let task: String
    public let version: String
    public let summary: String
    /// How it works, in a few words; `agent` for an agent.
    public let backend: String
    public let options: [OptionSpec]
    /// Whether the engine caches its per-record outputs (analyzers only).
    public let cacheable: Bool
    /// Whether it needs a language model (agents only; `.none` otherwise).
    public let languageModel: LanguageModelNeed
    /// The plugin's name, or nil for a built-in.
    public let plugin: String?

    public var kind: ToolKind {
        switch type {
        case .analyzer: return .analyzer
        case .corpus: return .corpus
        case .agent: return .agent
        }
    }

    /// A per-batch analyzer, known by its own descriptor unless `descriptor` says otherwise.
    public init(analyzer: any Analyzer.Type, descriptor: AnalyzerDescriptor? = nil, plugin: String? = nil) {
        self.init(type: .analyzer(analyzer), descriptor: descriptor ?? analyzer.descriptor, plugin: plugin)
    }

    /// A corpus analyzer, known by its own descriptor unless `descriptor` says otherwise.
    public init(corpus: any CorpusAnalyzer.Type, descriptor: AnalyzerDescriptor? = nil, plugin: String? = nil) {
        self.init(type: .corpus(corpus), descriptor: descriptor ?? corpus.descriptor, plugin: plugin)
    }

    /// An agent, known by its own descriptor unless `descriptor` says otherwise.
    public init(agent: any Agent.Type, descriptor: AgentDescriptor? = nil, plugin: String? = nil) {
        let d = descriptor ?? agent.descriptor
        type = .agent(agent)
        id = d.id
        task = "report"
        version = d.version
        summary = d.summary
        backend = d.languageModel == .none ? "agent" : "agent, llm \(d.languageModel.rawValue)"
        options = d.options
        cacheable = false
        languageModel = d.languageModel
        self.plugin = plugin
    }

    private init(type: ToolType, descriptor d: AnalyzerDescriptor, plugin: String?) {
        self.type = type
        id = d.id
        task = d.task
        version = d.version
        summary = d.summary
        backend = d.backend
        options = d.options
        cacheable = d.cacheable
        languageModel = .none
        self.plugin = plugin
    }

    /// The same entry under another id (a plugin's namespace).
    func renamed(_ newID: String) -> ToolEntry {
        switch type {
        case .analyzer(let t):
            var d = analyzerDescriptor
            d.id = newID
            return ToolEntry(analyzer: t, descriptor: d, plugin: plugin)
        case .corpus(let t):
            var d = analyzerDescriptor
            d.id = newID
            return ToolEntry(corpus: t, descriptor: d, plugin: plugin)
        case .agent(let t):
            var d = t.descriptor
            d.id = newID
            return ToolEntry(agent: t, descriptor: d, plugin: plugin)
        }
    }

    /// The descriptor an analyzer or corpus analyzer is registered under (for an agent, its
    /// facts in the same shape).
    public var analyzerDescriptor: AnalyzerDescriptor {
        AnalyzerDescriptor(
            id: id, task: task, version: version, summary: summary, backend: backend, options: options, cacheable: cacheable)
    }

    /// What a run records about this tool with these options.
    public func facts(options: AnalyzerOptions) -> ToolFacts {
        ToolFacts(id: id, task: task, version: version, backend: backend, options: options.canonicalJSON)
    }

    /// What kind of tool it is, for listings: its task, `TASK (corpus)` or `agent`.
    public var kindLabel: String {
        switch kind {
        case .analyzer: return task
        case .corpus: return task + " (corpus)"
        case .agent: return "agent"
        }
    }

    /// Effective options: declared defaults overridden by `overrides` (values given as text are
    /// parsed to the declared kind and checked against its choices).
    ///
    /// - Throws: `TaskFlowFailure` naming an unknown option (with "did you mean") or a bad value.
    public func effectiveOptions(overrides: [String: String] = [:]) throws -> AnalyzerOptions {
        try Self.effectiveOptions(id: id, specs: options, overrides: overrides)
    }

    /// Effective options from declared option specs (the rule every kind of tool shares).
    public static func effectiveOptions(id: String, specs: [OptionSpec], overrides: [String: String]) throws -> AnalyzerOptions {
        var options = AnalyzerOptions()
        for spec in specs { options[spec.name] = spec.defaultValue }
        for (name, text) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let spec = specs.first(where: { $0.name == name }) else {
                let names = specs.map(\.name)
                var hint = names.isEmpty ? "it takes no options" : "its options are: " + names.joined(separator: ", ")
                if let guess = Suggestions.closest(to: name, among: names) { hint = "did you mean '\(guess)'? " + hint }
                throw TaskFlowFailure("unknown-option", "\(id) has no option '\(name)'", hint: hint, exitCode: 2)
            }
            guard let value = spec.defaultValue.parsingSameKind(text) else {
                throw TaskFlowFailure(
                    "bad-option-value", "\(id).\(name): '\(text)' is not a valid value",
                    hint: "expected a value like '\(spec.defaultValue)'", exitCode: 2)
            }
            if let choices = spec.choices, !choices.contains(value) {
                throw TaskFlowFailure(
                    "bad-option-value", "\(id).\(name): '\(text)' is not allowed",
                    hint: "choose one of: " + choices.map(\.description).joined(separator: ", "), exitCode: 2)
            }
            options[name] = value
        }
        return options
    }
}

/// One tool of a pipeline with its effective options: the one selection type of every kind.
public struct ToolSelection: Sendable {
    public var entry: ToolEntry
    public var options: AnalyzerOptions

    /// A registered tool with its declared defaults, or with `options`.
    public init(entry: ToolEntry, options: AnalyzerOptions? = nil) throws {
        self.entry = entry
        self.options = try options ?? entry.effectiveOptions()
    }

    /// A built-in analyzer type with its declared defaults (for tests and benchmarks).
    public init(analyzer: any Analyzer.Type, options: AnalyzerOptions? = nil) throws {
        try self.init(entry: ToolEntry(analyzer: analyzer), options: options)
    }

    /// A corpus analyzer type with its declared defaults.
    public init(corpus: any CorpusAnalyzer.Type, options: AnalyzerOptions? = nil) throws {
        try self.init(entry: ToolEntry(corpus: corpus), options: options)
    }

    /// An agent type with its declared defaults.
    public init(agent: any Agent.Type, options: AnalyzerOptions? = nil) throws {
        try self.init(entry: ToolEntry(agent: agent), options: options)
    }

    public var id: String { entry.id }
    public var kind: ToolKind { entry.kind }

    /// What a run records about it.
    public var facts: ToolFacts { entry.facts(options: options) }
}
