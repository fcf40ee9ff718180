import ArgumentParser
import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowREPL

/// `tf`: TaskFlow's command line; with no arguments, the `tf>` REPL.
@main
struct TF: AsyncParsableCommand {
    static let version = TaskFlowVersion.current

    static let configuration = CommandConfiguration(
        commandName: "tf",
        abstract: "Fast, local-first text analytics: sentiment and more over piles of comments, reviews and tickets.",
        usage: """
            tf                              (the tf> REPL)
            tf -c "load FILE; run; top sentiment"
            tf run FILE.tf [--bail]
            tf <subcommand> ...
            """,
        discussion: """
            Start with:
              tf                                   then: load Playground/feedback.csv, run, top sentiment
              tf run Playground/triage-negative.tf
              tf analyze Playground/feedback.csv --report /tmp/report.md

            Results are stored in $TF_HOME/taskflow.sqlite (default ~/.taskflow) unless --db or $TF_DB says otherwise.
            The REPL runs $TF_HOME/taskflowrc first (--no-rc skips it) and keeps its history in $TF_HOME/history.
            """,
        version: "tf \(version) (TaskFlow; plugin ABI \(TaskFlowPluginABI.version))",
        subcommands: [AnalyzeCommand.self, ToolsCommand.self, PluginsCommand.self, CacheCommand.self, BenchCommand.self, EvalCommand.self, RunSessionCommand.self, EmbedCommand.self, ModelsCommand.self, TrainCommand.self, SimilarCommand.self, ReportCommand.self, LogsCommand.self]
    )

    @Option(name: .customShort("c"), help: "Run REPL commands separated by ';', then exit (stops at the first that fails).")
    var commands: String?

    @Option(name: .customShort("f"), help: "Replay a session file, then exit (the same as tf run FILE).")
    var file: String?

    @OptionGroup var flags: ReplFlags

    func validate() throws {
        if commands != nil && file != nil { throw ValidationError("-c and -f cannot be used together; choose one") }
    }

    /// Parses and runs like ArgumentParser's own entry point, except that usage errors exit 2, as
    /// DESIGN.md's exit codes say (ArgumentParser's default is 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    func run() async throws {
        let options = try await flags.launchOptions(
            banner: "TaskFlow \(Self.version): help lists the commands, Tab completes, Ctrl-C clears the line, Ctrl-D leaves.")
        let code: Int32
        if let commands {
            code = await Repl.runCommands(commands, options)
        } else if let file {
            code = await Repl.runFile(file, options)
        } else {
            code = await Repl.interactive(options)
        }
        if code != 0 { throw ExitCode(code) }
    }
}
