import TaskFlowCore
import TaskFlowPluginAPI

/// Something with options the REPL can set: an analyzer, a corpus analyzer or an agent.
struct OptionTarget {
    var id: String
    var options: [OptionSpec]
}

extension AnalyzerRegistry {
    /// What `set`/`unset`/`options` can address, by a tool name of any kind.
    func optionTarget(named name: String) throws -> OptionTarget {
        do {
            let d = try registeredDescriptor(named: name)
            return OptionTarget(id: d.id, options: d.options)
        } catch {
            if let c = corpusEntry(named: name) { return OptionTarget(id: c.descriptor.id, options: c.descriptor.options) }
            if let a = agentEntry(named: name) { return OptionTarget(id: a.descriptor.id, options: a.descriptor.options) }
            throw error
        }
    }

    /// Every option target, analyzers first.
    var optionTargets: [OptionTarget] {
        descriptors.map { OptionTarget(id: $0.id, options: $0.options) }
            + corpusAnalyzers.map { OptionTarget(id: $0.descriptor.id, options: $0.descriptor.options) }
            + agents.map { OptionTarget(id: $0.descriptor.id, options: $0.descriptor.options) }
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
        do {
            return try registeredDescriptor(named: name).id
        } catch {
            if let c = corpusEntry(named: name) { return c.descriptor.id }
            if let a = agentEntry(named: name) { return a.descriptor.id }
            throw error
        }
    }
}
