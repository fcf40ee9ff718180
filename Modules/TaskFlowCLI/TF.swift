import ArgumentParser
import TaskFlowPluginAPI

/// `tf`: TaskFlow's command line.
@main
struct TF: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "tf",
        abstract: "Fast, local-first text analytics: sentiment and more over piles of comments, reviews and tickets.",
        discussion: """
            Start with:
              tf analyze Playground/feedback.csv --report /tmp/report.md

            Results are stored in $TF_HOME/taskflow.sqlite (default ~/.taskflow) unless --db says otherwise.
            """,
        version: "tf \(version) (TaskFlow; plugin ABI \(TaskFlowPluginABI.version))",
        subcommands: [AnalyzeCommand.self, ToolsCommand.self, PluginsCommand.self, CacheCommand.self, BenchCommand.self, EmbedCommand.self, ModelsCommand.self]
    )
}
