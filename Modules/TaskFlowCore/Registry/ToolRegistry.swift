import Foundation
import Synchronization
import TaskFlowPluginAPI

/// The tools TaskFlow knows — per-batch analyzers, corpus analyzers and agents, built-in and
/// from plugins — in one list, with one lookup rule.
///
/// It is the `PluginRegistrar` built-ins register into (plugins register into a
/// `PluginStagingRegistrar` that commits here). REPL commands plugins register go to its
/// separate `commands` registry, feature extractors to `featureExtractors`.
public final class ToolRegistry: PluginRegistrar, Sendable {
    private let entries = Mutex([ToolEntry]())
    /// REPL commands plugins registered.
    public let commands = CommandRegistry()
    /// Feature extractors, by kind.
    public let featureExtractors = FeatureExtractorRegistry()

    public init() {}

    // MARK: Registering

    public func register(_ analyzer: any Analyzer.Type) throws {
        try add([ToolEntry(analyzer: analyzer)])
    }

    public func register(corpusAnalyzer: any CorpusAnalyzer.Type) throws {
        try add([ToolEntry(corpus: corpusAnalyzer)])
    }

    public func register(agent: any Agent.Type) throws {
        try add([ToolEntry(agent: agent)])
    }

    public func register(command: any PluginCommand.Type) throws {
        try commands.add([RegisteredCommand(type: command, plugin: nil)])
    }

    public func register(featureExtractor: any FeatureExtractor.Type) throws {
        try featureExtractors.add([RegisteredFeatureExtractor(type: featureExtractor, plugin: nil)])
    }

    /// Adds tools all together, or none when any id is taken (ids are unique across kinds).
    public func add(_ tools: [ToolEntry]) throws {
        try entries.withLock { list in
            var ids = Set(list.map(\.id))
            for id in tools.map(\.id) where !ids.insert(id).inserted {
                throw TaskFlowFailure(
                    "duplicate-tool", "a tool with id '\(id)' is already registered",
                    hint: "give it a different id; plugins' ids are namespaced as plugin-name/id")
            }
            list += tools
        }
    }

    // MARK: Reading

    /// Every tool, in registration order.
    public var tools: [ToolEntry] { entries.withLock { $0 } }

    /// The tools of one kind, in registration order.
    public func tools(_ kind: ToolKind) -> [ToolEntry] {
        entries.withLock { $0.filter { $0.kind == kind } }
    }

    /// The tools a plugin provided.
    public func tools(fromPlugin name: String) -> [ToolEntry] {
        entries.withLock { $0.filter { $0.plugin == name } }
    }

    /// The tool a user's name means: its exact id, its id in any case, a task (the first tool
    /// registered for it; a task's singular or plural names it too, `keyphrase` for
    /// `keyphrases`, `entity` for `entities`), or a plugin's id without the namespace when only one plugin has it.
    ///
    /// - Throws: `TaskFlowFailure` (exit code 2) for an unknown or ambiguous name, listing what
    ///   exists and the closest name.
    public func entry(named raw: String) throws -> ToolEntry {
        let name = raw.trimmingCharacters(in: .whitespaces)
        let list = tools
        if let exact = list.first(where: { $0.id == name }) { return exact }
        let lowered = name.lowercased()
        if let byID = list.first(where: { $0.id.lowercased() == lowered }) { return byID }
        if let byTask = list.first(where: { $0.kind != .agent && $0.task.lowercased() == lowered }) { return byTask }
        let singularOrPlural = { (task: String) in
            task == lowered + "s" || task + "s" == lowered
                || (lowered.hasSuffix("y") && task == lowered.dropLast() + "ies")
                || (task.hasSuffix("y") && lowered == task.dropLast() + "ies")
        }
        if let byTask = list.first(where: { $0.kind != .agent && singularOrPlural($0.task.lowercased()) }) { return byTask }
        let unqualified = list.filter { $0.plugin != nil && $0.id.lowercased().hasSuffix("/" + lowered) }
        if unqualified.count == 1 { return unqualified[0] }
        if unqualified.count > 1 {
            throw TaskFlowFailure(
                "ambiguous-tool", "'\(name)' could be any of: " + unqualified.map(\.id).joined(separator: ", "),
                hint: "name one of them with its plugin's namespace", exitCode: 2)
        }
        throw unknown(name, list: list)
    }

    private func unknown(_ name: String, list: [ToolEntry]) -> TaskFlowFailure {
        let nonAgents = list.filter { $0.kind != .agent }
        let agents = list.filter { $0.kind == .agent }
        var known = list.map(\.id)
        for task in nonAgents.map(\.task) where !known.contains(task) { known.append(task) }
        var hint = "available: " + nonAgents.map { "\($0.id) (\($0.task))" }.joined(separator: ", ")
        if !agents.isEmpty { hint += "; agents: " + agents.map(\.id).joined(separator: ", ") }
        if let guess = Suggestions.closest(to: name, among: known) { hint = "did you mean '\(guess)'? " + hint }
        return TaskFlowFailure("unknown-tool", "unknown tool '\(name)'", hint: hint, exitCode: 2)
    }

    /// Resolves a tool list (`sentiment,duplicates,briefing`) to selections in the order given,
    /// without duplicates, each with its defaults overridden by `options[id]` (keyed by the
    /// registered id, or by any name that resolves to it).
    ///
    /// - Throws: for an unknown tool or option, or when the list names no tool.
    public func resolve(tools names: [String], options: [String: [String: String]] = [:]) throws -> [ToolSelection] {
        var byID: [String: [String: String]] = [:]
        for (name, values) in options {
            let id = try entry(named: name).id
            byID[id, default: [:]].merge(values) { _, new in new }
        }
        var out: [ToolSelection] = []
        for raw in names {
            let name = raw.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { continue }
            let e = try entry(named: name)
            if out.contains(where: { $0.id == e.id }) { continue }
            out.append(try ToolSelection(entry: e, options: e.effectiveOptions(overrides: byID[e.id] ?? [:])))
        }
        if out.isEmpty {
            throw TaskFlowFailure(
                "no-tools", "no tools selected",
                hint: "name one or more of: " + tools.map(\.id).joined(separator: ", "), exitCode: 2)
        }
        return out
    }
}

/// A plugin's REPL command as registered.
public struct RegisteredCommand: Sendable {
    public let type: any PluginCommand.Type
    public let plugin: String?
    public var name: String { type.name }

    public init(type: any PluginCommand.Type, plugin: String?) {
        self.type = type
        self.plugin = plugin
    }
}

/// The REPL commands plugins registered (the REPL's own live in its command table).
public final class CommandRegistry: Sendable {
    private let list = Mutex([RegisteredCommand]())

    public init() {}

    /// Every command, in registration order.
    public var all: [RegisteredCommand] { list.withLock { $0 } }

    /// Adds commands all together, or none when a name is taken.
    public func add(_ commands: [RegisteredCommand]) throws {
        try list.withLock { l in
            var names = Set(l.map(\.name))
            for name in commands.map(\.name) where !names.insert(name).inserted {
                throw TaskFlowFailure(
                    "duplicate-command", "a command named '\(name)' is already registered", hint: "rename the plugin's command")
            }
            l += commands
        }
    }
}
