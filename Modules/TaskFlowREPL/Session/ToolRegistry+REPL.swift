import TaskFlowCore
import TaskFlowPluginAPI

extension ToolRegistry {
    /// The registered id for a tool name of any kind (the id is what the REPL shows and saves:
    /// a plugin's carries the plugin's name).
    ///
    /// - Throws: the registry's error, listing the tools, for an unknown name.
    func registeredID(named name: String) throws -> String {
        try entry(named: name).id
    }
}
