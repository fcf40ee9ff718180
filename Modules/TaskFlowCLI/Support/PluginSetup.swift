import Foundation
import TaskFlowAnalyzers
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowPluginLoader

/// Builds the registry every command uses: the built-ins, then the plugins found.
enum PluginSetup {
    /// Registers the built-ins and loads plugins from `explicit` paths, `$TF_PLUGIN_PATH` and
    /// `$TF_HOME/plugins`. A refused plugin named explicitly is an error; one found by discovery
    /// is a warning and the command goes on without it.
    static func registry(
        explicit: [String], allowUnsafe: Bool, home: TaskFlowHome = .fromEnvironment()
    ) throws -> (ToolRegistry, PluginLoader) {
        let registry = ToolRegistry()
        try BuiltinAnalyzers.register(into: registry)
        let loader = PluginLoader(registry: registry, allowUnsafe: allowUnsafe)
        let paths = PluginLoader.discover(explicit: explicit, home: home)
        let explicitSet = Set(explicit.map { ($0 as NSString).standardizingPath })
        for path in paths {
            do {
                try loader.load(path)
            } catch let refusal as PluginRefusal {
                if explicitSet.contains((path as NSString).standardizingPath) { throw refusal }
                printWarning(refusal.description + (refusal.hint.map { "; \($0)" } ?? ""))
            }
        }
        return (registry, loader)
    }
}
