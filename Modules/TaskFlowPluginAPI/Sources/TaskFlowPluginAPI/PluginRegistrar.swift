/// Where built-in analyzers and plugins register what they provide: every hook a plugin may
/// use is a method here.
///
/// Built-ins register through the same registrar that `.so` plugins receive, so a plugin's
/// analyzers appear in `tools` and run in pipelines exactly like built-ins. For a plugin the
/// host prefixes every id with the plugin's name (`toxicity/toxicity.lexicon`).
///
/// | hook | what it adds |
/// |---|---|
/// | `register(_:)` an `Analyzer` | a per-batch analyzer (`--tools`, `tools`, pipelines, cache) |
/// | `register(corpusAnalyzer:)` a `CorpusAnalyzer` | a whole-run analyzer and its report section |
/// | `register(agent:)` an `Agent` | a step after the run that writes report sections, optionally with the run's `LanguageModel` |
/// | `register(command:)` a `PluginCommand` | a `tf>` REPL command |
/// | `register(featureExtractor:)` a `FeatureExtractor` | a shared feature (an embedding, tokens) analyzers consume through `Analyzer.features`, computed once per batch and cached |
///
/// Report sections come from two hooks: a corpus analyzer's `CorpusResult.reportSection` and an
/// agent's `AgentOutput.sections`; both appear in Markdown and JSON reports like built-ins'.
public protocol PluginRegistrar: AnyObject, Sendable {
    /// Registers an analyzer type; throws when its id is already taken.
    func register(_ analyzer: any Analyzer.Type) throws
    /// Registers a corpus analyzer type; throws when its id is already taken.
    func register(corpusAnalyzer: any CorpusAnalyzer.Type) throws
    /// Registers a REPL command; throws when its name is already taken.
    func register(command: any PluginCommand.Type) throws
    /// Registers an agent type; throws when its id is already taken.
    func register(agent: any Agent.Type) throws
    /// Told the error a plugin's registration threw (the host then refuses the plugin).
    func registrationFailed(_ message: String)
    /// Registers a feature extractor; throws when one of its kind is already registered.
    func register(featureExtractor: any FeatureExtractor.Type) throws
}

extension PluginRegistrar {
    public func registrationFailed(_ message: String) {}

    public func register(agent: any Agent.Type) throws {
        throw TaskFlowFailure(
            "agents-unsupported", "this TaskFlow cannot load agents (agent '\(agent.descriptor.id)')",
            hint: "update TaskFlow, or load a build of the plugin without agents")
    }

    public func register(featureExtractor: any FeatureExtractor.Type) throws {
        throw TaskFlowFailure(
            "feature-extractors-unsupported",
            "this TaskFlow cannot load feature extractors (kind '\(featureExtractor.kind)')",
            hint: "update TaskFlow, or load a build of the plugin without feature extractors")
    }
}

/// The plugin ABI this SDK defines, and what a plugin exports.
///
/// A plugin exports exactly one C symbol, `taskflow_plugin_entry`, with the signature
/// `@convention(c) (Int32, UnsafeMutableRawPointer?) -> Int64`, answering three queries:
/// `abiVersionQuery` (the ABI it was compiled against), `toolchainQuery` (the Swift compiler
/// that built it, as `major * 10000 + minor * 100 + patch`), `pluginVersionQuery` (its own
/// version, encoded the same way) and `registerQuery` (register into the `PluginRegistrar`
/// passed as an unretained pointer; 0 on success). The host asks for the
/// ABI and toolchain first, through plain C values, and only then lets Swift types cross.
/// `TaskFlowPluginEntry.answer` implements the queries; a plugin's entry point is three lines.
public enum TaskFlowPluginABI {
    /// The ABI version this SDK defines (emitted into each plugin when it is compiled).
    @_alwaysEmitIntoClient
    public static var version: Int32 { 1 }

    public static let abiVersionQuery: Int32 = 0
    public static let toolchainQuery: Int32 = 1
    public static let registerQuery: Int32 = 2
    public static let pluginVersionQuery: Int32 = 3

    /// The Swift compiler that compiled the caller, as `major * 10000 + minor * 100 + patch`.
    @_alwaysEmitIntoClient
    public static var compilerVersion: Int64 {
        #if compiler(>=6.5)
            return 60500
        #elseif compiler(>=6.4)
            return 60400
        #elseif compiler(>=6.3.1)
            return 60301
        #elseif compiler(>=6.3)
            return 60300
        #elseif compiler(>=6.2)
            return 60200
        #elseif compiler(>=6.1)
            return 60100
        #else
            return 60000
        #endif
    }

    /// `60301` → `6.3.1`.
    public static func describe(compilerVersion v: Int64) -> String {
        "\(v / 10000).\(v / 100 % 100)" + (v % 100 == 0 ? "" : ".\(v % 100)")
    }
}

/// Answers the host's queries for a plugin's `taskflow_plugin_entry`.
///
/// ```swift
/// @_cdecl("taskflow_plugin_entry")
/// public func taskflowPluginEntry(_ query: Int32, _ registrar: UnsafeMutableRawPointer?) -> Int64 {
///     TaskFlowPluginEntry.answer(query, registrar, version: (1, 0, 0)) { try $0.register(MyAnalyzer.self) }
/// }
/// ```
public enum TaskFlowPluginEntry {
    @_alwaysEmitIntoClient
    public static func answer(
        _ query: Int32, _ registrar: UnsafeMutableRawPointer?, version: (Int, Int, Int) = (0, 0, 0),
        register: (any PluginRegistrar) throws -> Void
    ) -> Int64 {
        switch query {
        case TaskFlowPluginABI.abiVersionQuery: return Int64(TaskFlowPluginABI.version)
        case TaskFlowPluginABI.toolchainQuery: return TaskFlowPluginABI.compilerVersion
        case TaskFlowPluginABI.pluginVersionQuery: return Int64(version.0 * 10000 + version.1 * 100 + version.2)
        case TaskFlowPluginABI.registerQuery:
            guard let registrar,
                let r = Unmanaged<AnyObject>.fromOpaque(registrar).takeUnretainedValue() as? any PluginRegistrar
            else { return 2 }
            do {
                try register(r)
                return 0
            } catch {
                r.registrationFailed(String(describing: error))
                return 1
            }
        default: return -1
        }
    }
}
