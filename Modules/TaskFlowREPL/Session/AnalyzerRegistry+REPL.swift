import TaskFlowCore
import TaskFlowPluginAPI

extension AnalyzerRegistry {
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
