import Foundation
import Synchronization
import TaskFlowPluginAPI

/// The analyzers TaskFlow knows: built-ins and those plugins registered.
///
/// It is the `PluginRegistrar` that built-ins and plugins register into, and it resolves what
/// users type (`sentiment`, `sentiment.vader`) to analyzer types.
public final class AnalyzerRegistry: PluginRegistrar, Sendable {
    private let entries = Mutex<[any Analyzer.Type]>([])

    public init() {}

    public func register(_ analyzer: any Analyzer.Type) throws {
        let id = analyzer.descriptor.id
        try entries.withLock { list in
            if list.contains(where: { $0.descriptor.id == id }) {
                throw TaskFlowFailure(
                    "duplicate-analyzer", "an analyzer with id '\(id)' is already registered",
                    hint: "give the analyzer a different id (plugins are namespaced as plugin-name/analyzer)")
            }
            list.append(analyzer)
        }
    }

    /// Every registered analyzer's descriptor, in registration order.
    public var descriptors: [AnalyzerDescriptor] {
        entries.withLock { $0.map { $0.descriptor } }
    }

    /// The analyzer type for an id, or for a task name (the first registered for that task).
    public func type(named name: String) throws -> any Analyzer.Type {
        let list = entries.withLock { $0 }
        if let exact = list.first(where: { $0.descriptor.id == name }) { return exact }
        let lowered = name.lowercased()
        if let byID = list.first(where: { $0.descriptor.id.lowercased() == lowered }) { return byID }
        if let byTask = list.first(where: { $0.descriptor.task.lowercased() == lowered }) { return byTask }
        let known = list.map { $0.descriptor.id } + Set(list.map { $0.descriptor.task }).sorted()
        var hint = "available: " + list.map { "\($0.descriptor.id) (\($0.descriptor.task))" }.joined(separator: ", ")
        if let guess = Suggestions.closest(to: name, among: known) {
            hint = "did you mean '\(guess)'? " + hint
        }
        throw TaskFlowFailure("unknown-analyzer", "unknown tool '\(name)'", hint: hint, exitCode: 2)
    }

    /// Resolves a comma-separated tool list (`sentiment,topic`) to analyzer types, in order,
    /// without duplicates.
    public func resolve(tools: [String]) throws -> [any Analyzer.Type] {
        var out: [any Analyzer.Type] = []
        for raw in tools {
            let name = raw.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { continue }
            let t = try type(named: name)
            if !out.contains(where: { $0.descriptor.id == t.descriptor.id }) { out.append(t) }
        }
        if out.isEmpty {
            throw TaskFlowFailure(
                "no-tools", "no tools selected", hint: "pass --tools with one or more of: "
                    + descriptors.map(\.id).joined(separator: ", "), exitCode: 2)
        }
        return out
    }

    /// Effective options for an analyzer: declared defaults overridden by `overrides`
    /// (values given as text are parsed to the declared kind).
    public static func effectiveOptions(
        for descriptor: AnalyzerDescriptor, overrides: [String: String] = [:]
    ) throws -> AnalyzerOptions {
        var options = AnalyzerOptions()
        for spec in descriptor.options { options[spec.name] = spec.defaultValue }
        for (name, text) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let spec = descriptor.options.first(where: { $0.name == name }) else {
                let names = descriptor.options.map(\.name)
                throw TaskFlowFailure(
                    "unknown-option", "\(descriptor.id) has no option '\(name)'",
                    hint: names.isEmpty ? "it takes no options" : "its options are: " + names.joined(separator: ", "),
                    exitCode: 2)
            }
            guard let value = spec.defaultValue.parsingSameKind(text) else {
                throw TaskFlowFailure(
                    "bad-option-value", "\(descriptor.id).\(name): '\(text)' is not a valid value",
                    hint: "expected a value like '\(spec.defaultValue)'", exitCode: 2)
            }
            if let choices = spec.choices, !choices.contains(value) {
                throw TaskFlowFailure(
                    "bad-option-value", "\(descriptor.id).\(name): '\(text)' is not allowed",
                    hint: "choose one of: " + choices.map(\.description).joined(separator: ", "), exitCode: 2)
            }
            options[name] = value
        }
        return options
    }
}
