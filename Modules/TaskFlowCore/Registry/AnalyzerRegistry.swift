import Foundation
import Synchronization
import TaskFlowPluginAPI

/// An analyzer as registered: its type, the descriptor it is known by (a plugin's ids carry the
/// plugin's name) and the plugin that provided it.
public struct RegisteredAnalyzer: Sendable {
    public let type: any Analyzer.Type
    public let descriptor: AnalyzerDescriptor
    /// The plugin's name, or nil for a built-in.
    public let plugin: String?

    public init(type: any Analyzer.Type, descriptor: AnalyzerDescriptor? = nil, plugin: String? = nil) {
        self.type = type
        self.descriptor = descriptor ?? type.descriptor
        self.plugin = plugin
    }
}

/// A corpus analyzer as registered.
public struct RegisteredCorpusAnalyzer: Sendable {
    public let type: any CorpusAnalyzer.Type
    public let descriptor: AnalyzerDescriptor
    public let plugin: String?
}

/// An agent as registered.
public struct RegisteredAgent: Sendable {
    public let type: any Agent.Type
    public let descriptor: AgentDescriptor
    public let plugin: String?

    public init(type: any Agent.Type, descriptor: AgentDescriptor? = nil, plugin: String? = nil) {
        self.type = type
        self.descriptor = descriptor ?? type.descriptor
        self.plugin = plugin
    }
}

/// A tool list split by kind, each in the order given.
public struct ResolvedPipeline: Sendable {
    public var analyzers: [RegisteredAnalyzer]
    public var corpus: [RegisteredCorpusAnalyzer]
    public var agents: [RegisteredAgent]
}

/// A plugin's REPL command as registered.
public struct RegisteredCommand: Sendable {
    public let type: any PluginCommand.Type
    public let plugin: String?
    public var name: String { type.name }
}

/// The analyzers TaskFlow knows: built-ins and those plugins registered.
///
/// It is the `PluginRegistrar` that built-ins register into (plugins register into a
/// `PluginStagingRegistrar` that commits here), and it resolves what users type (`sentiment`,
/// `sentiment.vader`, `toxicity/toxicity.lexicon`) to analyzers.
public final class AnalyzerRegistry: PluginRegistrar, Sendable {
    private struct State {
        var analyzers: [RegisteredAnalyzer] = []
        var corpus: [RegisteredCorpusAnalyzer] = []
        var commands: [RegisteredCommand] = []
        var agents: [RegisteredAgent] = []
    }

    private let state = Mutex(State())

    public init() {}

    public func register(_ analyzer: any Analyzer.Type) throws {
        try add(analyzers: [RegisteredAnalyzer(type: analyzer)], corpus: [], commands: [])
    }

    public func register(corpusAnalyzer: any CorpusAnalyzer.Type) throws {
        try add(
            analyzers: [], corpus: [RegisteredCorpusAnalyzer(type: corpusAnalyzer, descriptor: corpusAnalyzer.descriptor, plugin: nil)],
            commands: [])
    }

    public func register(command: any PluginCommand.Type) throws {
        try add(analyzers: [], corpus: [], commands: [RegisteredCommand(type: command, plugin: nil)])
    }

    public func register(agent: any Agent.Type) throws {
        try add(analyzers: [], corpus: [], commands: [], agents: [RegisteredAgent(type: agent)])
    }

    /// Adds registrations all together, or none when any id or command name is taken.
    public func add(
        analyzers: [RegisteredAnalyzer], corpus: [RegisteredCorpusAnalyzer], commands: [RegisteredCommand],
        agents: [RegisteredAgent] = []
    ) throws {
        try state.withLock { s in
            var ids = Set(s.analyzers.map(\.descriptor.id) + s.corpus.map(\.descriptor.id) + s.agents.map(\.descriptor.id))
            for id in analyzers.map(\.descriptor.id) + corpus.map(\.descriptor.id) + agents.map(\.descriptor.id) {
                guard ids.insert(id).inserted else {
                    throw TaskFlowFailure(
                        "duplicate-analyzer", "an analyzer with id '\(id)' is already registered",
                        hint: "give the analyzer a different id; plugins' ids are namespaced as plugin-name/id")
                }
            }
            var names = Set(s.commands.map(\.name))
            for name in commands.map(\.name) {
                guard names.insert(name).inserted else {
                    throw TaskFlowFailure(
                        "duplicate-command", "a command named '\(name)' is already registered",
                        hint: "rename the plugin's command")
                }
            }
            s.analyzers += analyzers
            s.corpus += corpus
            s.commands += commands
            s.agents += agents
        }
    }

    /// Every registered analyzer's descriptor, in registration order.
    public var descriptors: [AnalyzerDescriptor] {
        state.withLock { $0.analyzers.map(\.descriptor) }
    }

    /// Every registered analyzer.
    public var analyzers: [RegisteredAnalyzer] { state.withLock { $0.analyzers } }

    /// Every registered corpus analyzer.
    public var corpusAnalyzers: [RegisteredCorpusAnalyzer] { state.withLock { $0.corpus } }

    /// Every registered agent.
    public var agents: [RegisteredAgent] { state.withLock { $0.agents } }

    /// Every command plugins registered.
    public var commands: [RegisteredCommand] { state.withLock { $0.commands } }

    /// The analyzer for an id, or for a task name (the first registered for that task).
    public func entry(named name: String) throws -> RegisteredAnalyzer {
        let list = state.withLock { $0.analyzers }
        if let exact = list.first(where: { $0.descriptor.id == name }) { return exact }
        let lowered = name.lowercased()
        if let byID = list.first(where: { $0.descriptor.id.lowercased() == lowered }) { return byID }
        if let byTask = list.first(where: { $0.descriptor.task.lowercased() == lowered }) { return byTask }
        // A plugin's analyzer may be named without its namespace when that is unambiguous.
        let unqualified = list.filter { $0.plugin != nil && $0.descriptor.id.lowercased().hasSuffix("/" + lowered) }
        if unqualified.count == 1 { return unqualified[0] }
        let (corpus, agents) = state.withLock { ($0.corpus, $0.agents) }
        let known = list.map(\.descriptor.id) + Set(list.map(\.descriptor.task)).sorted() + corpus.map(\.descriptor.id)
            + agents.map(\.descriptor.id)
        var hint = "available: " + (list.map(\.descriptor) + corpus.map(\.descriptor)).map { "\($0.id) (\($0.task))" }.joined(separator: ", ")
        if !agents.isEmpty { hint += "; agents: " + agents.map(\.descriptor.id).joined(separator: ", ") }
        if let guess = Suggestions.closest(to: name, among: known) {
            hint = "did you mean '\(guess)'? " + hint
        }
        throw TaskFlowFailure("unknown-analyzer", "unknown tool '\(name)'", hint: hint, exitCode: 2)
    }

    /// The corpus analyzer for an id or task, if one is registered (namespace optional).
    public func corpusEntry(named name: String) -> RegisteredCorpusAnalyzer? {
        let list = state.withLock { $0.corpus }
        let lowered = name.lowercased()
        return list.first { $0.descriptor.id.lowercased() == lowered }
            ?? list.first { $0.descriptor.task.lowercased() == lowered }
            ?? list.first { $0.descriptor.id.lowercased().hasSuffix("/" + lowered) }
    }

    /// The agent for an id (namespace optional), if one is registered.
    public func agentEntry(named name: String) -> RegisteredAgent? {
        let list = state.withLock { $0.agents }
        let lowered = name.lowercased()
        return list.first { $0.descriptor.id.lowercased() == lowered }
            ?? list.first { $0.descriptor.id.lowercased().hasSuffix("/" + lowered) }
    }

    /// Splits a tool list into per-batch analyzers, corpus analyzers and agents, in order.
    public func resolvePipeline(tools: [String]) throws -> ResolvedPipeline {
        var batch: [String] = []
        var corpus: [RegisteredCorpusAnalyzer] = []
        var agents: [RegisteredAgent] = []
        for raw in tools {
            let name = raw.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { continue }
            if (try? entry(named: name)) != nil {
                batch.append(name)
            } else if let c = corpusEntry(named: name) {
                if !corpus.contains(where: { $0.descriptor.id == c.descriptor.id }) { corpus.append(c) }
            } else if let a = agentEntry(named: name) {
                if !agents.contains(where: { $0.descriptor.id == a.descriptor.id }) { agents.append(a) }
            } else {
                batch.append(name)  // resolveEntries names the unknown tool
            }
        }
        if batch.isEmpty && !(corpus.isEmpty && agents.isEmpty) {
            return ResolvedPipeline(analyzers: [], corpus: corpus, agents: agents)
        }
        return ResolvedPipeline(analyzers: try resolveEntries(tools: batch), corpus: corpus, agents: agents)
    }

    /// The descriptor an analyzer is registered under (by id or task).
    public func descriptor(named name: String) throws -> AnalyzerDescriptor {
        try entry(named: name).descriptor
    }

    /// The analyzer type for an id, or for a task name (the first registered for that task).
    public func type(named name: String) throws -> any Analyzer.Type {
        try entry(named: name).type
    }

    /// Resolves a tool list (`sentiment,topic`) to registered analyzers, in order, without
    /// duplicates.
    public func resolveEntries(tools: [String]) throws -> [RegisteredAnalyzer] {
        var out: [RegisteredAnalyzer] = []
        for raw in tools {
            let name = raw.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { continue }
            let e = try entry(named: name)
            if !out.contains(where: { $0.descriptor.id == e.descriptor.id }) { out.append(e) }
        }
        if out.isEmpty {
            throw TaskFlowFailure(
                "no-tools", "no tools selected", hint: "pass --tools with one or more of: "
                    + descriptors.map(\.id).joined(separator: ", "), exitCode: 2)
        }
        return out
    }

    /// Resolves a tool list to analyzer types (see `resolveEntries`).
    public func resolve(tools: [String]) throws -> [any Analyzer.Type] {
        try resolveEntries(tools: tools).map(\.type)
    }

    /// Effective options for an analyzer: declared defaults overridden by `overrides`
    /// (values given as text are parsed to the declared kind).
    public static func effectiveOptions(
        for descriptor: AnalyzerDescriptor, overrides: [String: String] = [:]
    ) throws -> AnalyzerOptions {
        try effectiveOptions(id: descriptor.id, specs: descriptor.options, overrides: overrides)
    }

    /// Effective options for an agent (see the analyzer form).
    public static func effectiveOptions(
        for descriptor: AgentDescriptor, overrides: [String: String] = [:]
    ) throws -> AnalyzerOptions {
        try effectiveOptions(id: descriptor.id, specs: descriptor.options, overrides: overrides)
    }

    /// Effective options from declared option specs (the form analyzers and agents share).
    public static func effectiveOptions(id: String, specs: [OptionSpec], overrides: [String: String]) throws -> AnalyzerOptions {
        var options = AnalyzerOptions()
        for spec in specs { options[spec.name] = spec.defaultValue }
        for (name, text) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let spec = specs.first(where: { $0.name == name }) else {
                let names = specs.map(\.name)
                throw TaskFlowFailure(
                    "unknown-option", "\(id) has no option '\(name)'",
                    hint: names.isEmpty ? "it takes no options" : "its options are: " + names.joined(separator: ", "),
                    exitCode: 2)
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
