import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowWorkspace

/// What a session runs against: the workspace (home, store, cache, tools, plugins), the
/// command table and the console.
public struct ReplEnvironment: Sendable {
    public var workspace: Workspace
    public var commands: CommandTable
    public var console: ReplConsole
    /// A person is typing at a terminal (prompt, line editing, no echo).
    public var interactive: Bool
    /// The process environment (`TF_DEVICE`, test hooks).
    public var variables: [String: String] { workspace.configuration.environment }

    /// `$TF_HOME`: history, `taskflowrc`, the content cache.
    public var home: TaskFlowHome { workspace.home }
    /// The tools, plugins' included.
    public var registry: ToolRegistry { workspace.registry }
    /// The results store's path.
    public var databasePath: String { workspace.databasePath }

    public init(workspace: Workspace, commands: CommandTable, console: ReplConsole, interactive: Bool) {
        self.workspace = workspace
        self.commands = commands
        self.console = console
        self.interactive = interactive
    }

    /// The process's own environment: stdout/stderr, `$TF_HOME`, `$TF_DB`, `NO_COLOR`.
    ///
    /// - Parameter workspace: the workspace, plugins' tools included (default: `$TF_HOME` with
    ///   the plugins discovered there); the commands its plugins registered join the table.
    public static func standard(interactive: Bool, workspace: Workspace? = nil) -> ReplEnvironment {
        let variables = ProcessInfo.processInfo.environment
        let out = FileDescriptorSink.standardOutput()
        let colour = out.isTerminal && (variables["NO_COLOR"] ?? "").isEmpty && variables["TERM"] != "dumb"
        let console = ReplConsole(
            out: out, err: FileDescriptorSink.standardError(), colourAllowed: colour,
            width: { Terminal.width() })
        let warn: @Sendable (String) -> Void = { console.warning($0) }
        let configuration = Workspace.Configuration(environment: variables, warn: warn)
        let workspace = workspace ?? (try? Workspace.open(configuration)) ?? Workspace.builtins(configuration)
        let commands = CommandTable.builtin()
        for warning in commands.registerPluginCommands(from: workspace.registry) { console.warning(warning) }
        return ReplEnvironment(workspace: workspace, commands: commands, console: console, interactive: interactive)
    }
}
