import BriefingPlugin
import TaskFlowPluginAPI

/// The bundle's one exported symbol.
@_cdecl("taskflow_plugin_entry")
public func taskflowPluginEntry(_ query: Int32, _ registrar: UnsafeMutableRawPointer?) -> Int64 {
    TaskFlowPluginEntry.answer(query, registrar, version: (1, 0, 0)) { registrar in
        try registrar.register(agent: BriefingAgent.self)
    }
}
