import TaskFlowCore
import TaskFlowPluginAPI

/// The built-in commands, in `help` order: one line per command.
public enum BuiltinCommands {
    public static let all: [any ReplCommand.Type] = [
        LoadCommand.self,
        InfoCommand.self,
        HeadCommand.self,
        ToolsCommand.self,
        UseCommand.self,
        EnableCommand.self,
        DisableCommand.self,
        SetCommand.self,
        UnsetCommand.self,
        OptionsCommand.self,
        DeviceCommand.self,
        PipelineCommand.self,
        CacheCommand.self,
        RunCommand.self,
        ShowCommand.self,
        TopCommand.self,
        FilterCommand.self,
        CountCommand.self,
        SQLCommand.self,
        ReportCommand.self,
        RunsCommand.self,
        ResultsCommand.self,
        ModeCommand.self,
        OutputCommand.self,
        TimerCommand.self,
        SaveCommand.self,
        SourceCommand.self,
        HistoryCommand.self,
        BailCommand.self,
        EchoCommand.self,
        ClearCommand.self,
        PluginsCommand.self,
        PluginLoadCommand.self,
        HelpCommand.self,
        QuitCommand.self,
    ]
}
