import TaskFlowPluginAPI

/// A plugin bundle that loaded, and what it registered.
public struct LoadedPlugin: Sendable, Hashable, Codable {
    public var name: String
    public var version: String
    public var path: String
    public var abi: Int32
    public var toolchain: String
    public var analyzers: [String]
    public var corpusAnalyzers: [String]
    public var commands: [String]
    public var agents: [String]
    /// Milliseconds spent loading it (dlopen, checks, registration).
    public var loadMilliseconds: Double

    public init(
        name: String, version: String, path: String, abi: Int32, toolchain: String, analyzers: [String],
        corpusAnalyzers: [String], commands: [String], agents: [String], loadMilliseconds: Double
    ) {
        self.name = name
        self.version = version
        self.path = path
        self.abi = abi
        self.toolchain = toolchain
        self.analyzers = analyzers
        self.corpusAnalyzers = corpusAnalyzers
        self.commands = commands
        self.agents = agents
        self.loadMilliseconds = loadMilliseconds
    }

    /// What it provides, for listings: ids, `agent ID`, `command NAME`.
    public var provides: [String] {
        analyzers + corpusAnalyzers + agents.map { "agent \($0)" } + commands.map { "command \($0)" }
    }
}

/// Why a bundle was refused; the host goes on without it.
public struct PluginRefusal: TaskFlowError, Hashable {
    public var path: String
    public var reason: String
    public var hint: String?
    public var description: String { "plugin \(path) refused: \(reason)" }

    public init(path: String, reason: String, hint: String?) {
        self.path = path
        self.reason = reason
        self.hint = hint
    }
}

