import TaskFlowPluginAPI
import ToxicityPlugin

/// The bundle's one exported symbol: TaskFlow asks for the ABI, the toolchain and the
/// version, then lets the plugin register.
@_cdecl("taskflow_plugin_entry")
public func taskflowPluginEntry(_ query: Int32, _ registrar: UnsafeMutableRawPointer?) -> Int64 {
    TaskFlowPluginEntry.answer(query, registrar, version: (1, 0, 0)) { registrar in
        try registrar.register(ToxicityAnalyzer.self)
    }
}
