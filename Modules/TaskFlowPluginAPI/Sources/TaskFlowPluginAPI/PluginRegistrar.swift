/// Where built-in analyzers and plugins register what they provide.
///
/// Built-ins register through the same registrar that `.so` plugins receive, so a plugin's
/// analyzers appear in `tools` and run in pipelines exactly like built-ins.
public protocol PluginRegistrar: AnyObject, Sendable {
    /// Registers an analyzer type; throws when its id is already taken.
    func register(_ analyzer: any Analyzer.Type) throws
}

/// The plugin ABI version this SDK defines.
///
/// A plugin reports the version it was compiled against (the constant is emitted into the
/// plugin, not read from this library), and the host refuses a mismatch.
public enum TaskFlowPluginABI {
    @_alwaysEmitIntoClient
    public static var version: Int32 { 1 }
}
