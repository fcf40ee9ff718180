import Foundation
import TaskFlowAnalyzers
import TaskFlowCore
import TaskFlowPluginAPI

/// What a session runs against: TaskFlow's home, the results store, the analyzers, the
/// command table and the console.
public struct ReplEnvironment: Sendable {
    /// `$TF_HOME`: history, `taskflowrc`, the content cache.
    public var home: TaskFlowHome
    /// The results store: `$TF_DB`, else `$TF_HOME/taskflow.sqlite`.
    public var databasePath: String
    /// Whether `databasePath` came from `$TF_DB` (then the home folder is not created for it).
    public var databaseFromEnvironment: Bool
    public var registry: ToolRegistry
    public var commands: CommandTable
    public var console: ReplConsole
    /// A person is typing at a terminal (prompt, line editing, no echo).
    public var interactive: Bool
    /// The process environment (`TF_DEVICE`, test hooks).
    public var variables: [String: String]

    public init(
        home: TaskFlowHome, databasePath: String? = nil, registry: ToolRegistry, commands: CommandTable,
        console: ReplConsole, interactive: Bool, variables: [String: String] = [:]
    ) {
        self.home = home
        let fromEnvironment = databasePath == nil && !(variables["TF_DB"] ?? "").isEmpty
        self.databasePath = databasePath ?? home.defaultDatabasePath(variables)
        self.databaseFromEnvironment = databasePath != nil || fromEnvironment
        self.registry = registry
        self.commands = commands
        self.console = console
        self.interactive = interactive
        self.variables = variables
    }

    /// The built-in analyzers, registered the way plugins register theirs.
    public static func builtinRegistry() -> ToolRegistry {
        let registry = ToolRegistry()
        // The built-in ids are distinct, so registering cannot fail.
        try? BuiltinAnalyzers.register(into: registry)
        return registry
    }

    /// The process's own environment: stdout/stderr, `$TF_HOME`, `$TF_DB`, `NO_COLOR`.
    ///
    /// - Parameter registry: the analyzers, plugins' included (default: the built-ins); the
    ///   commands plugins registered in it join the command table.
    public static func standard(interactive: Bool, registry: ToolRegistry? = nil) -> ReplEnvironment {
        let variables = ProcessInfo.processInfo.environment
        let out = FileDescriptorSink.standardOutput()
        let colour = out.isTerminal && (variables["NO_COLOR"] ?? "").isEmpty && variables["TERM"] != "dumb"
        let console = ReplConsole(
            out: out, err: FileDescriptorSink.standardError(), colourAllowed: colour,
            width: { Terminal.width() })
        let commands = CommandTable.builtin()
        if let registry {
            for warning in commands.registerPluginCommands(from: registry) { console.warning(warning) }
        }
        return ReplEnvironment(
            home: TaskFlowHome.fromEnvironment(variables), registry: registry ?? builtinRegistry(), commands: commands,
            console: console, interactive: interactive, variables: variables)
    }
}

/// Facts about the terminal.
public enum Terminal {
    /// Columns of the terminal on stdout: from the terminal, else `$COLUMNS`, else 100.
    public static func width() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), c > 20 { return c }
        return 100
    }
}
