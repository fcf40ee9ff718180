import TaskFlowCore
import TaskFlowPluginAPI

/// Something with options the REPL can set: an analyzer, a corpus analyzer or an agent.
struct OptionTarget {
    var id: String
    /// What it is, for listings: its task, `TASK (corpus)` or `agent`.
    var kind: String
    var options: [OptionSpec]
}

extension ToolRegistry {
    /// What `set`/`unset`/`options` can address, by a tool name of any kind.
    func optionTarget(named name: String) throws -> OptionTarget {
        do {
            let d = try registeredDescriptor(named: name)
            return OptionTarget(id: d.id, kind: d.task, options: d.options)
        } catch {
            if let c = corpusEntry(named: name) { return Self.target(c) }
            if let a = agentEntry(named: name) { return Self.target(a) }
            throw error
        }
    }

    /// Every option target, analyzers first.
    var optionTargets: [OptionTarget] {
        descriptors.map { OptionTarget(id: $0.id, kind: $0.task, options: $0.options) } + corpusAnalyzers.map(Self.target)
            + agents.map(Self.target)
    }

    private static func target(_ c: RegisteredCorpusAnalyzer) -> OptionTarget {
        OptionTarget(id: c.descriptor.id, kind: c.descriptor.task + " (corpus)", options: c.descriptor.options)
    }

    private static func target(_ a: RegisteredAgent) -> OptionTarget {
        OptionTarget(id: a.descriptor.id, kind: "agent", options: a.descriptor.options)
    }

    /// The descriptor a tool name (an id or a task) is registered under.
    ///
    /// A plugin's registered id carries the plugin's name (`toxicity/toxicity.lexicon`), so
    /// this, not the analyzer type's own descriptor, is what the REPL shows and saves.
    /// - Throws: the registry's error, listing the tools, for an unknown name.
    func registeredDescriptor(named name: String) throws -> AnalyzerDescriptor {
        try entry(named: name).descriptor
    }

    /// The registered id for a tool name: an analyzer, a corpus analyzer or an agent.
    func registeredID(named name: String) throws -> String {
        try optionTarget(named: name).id
    }
}
