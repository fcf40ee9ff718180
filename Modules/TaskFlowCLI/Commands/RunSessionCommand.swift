import ArgumentParser
import TaskFlowREPL

/// `tf run FILE.tf`: replays a session file through the REPL's dispatcher.
struct RunSessionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Replay a session file (.tf): one REPL command per line.",
        discussion: """
            Session files hold REPL commands, one per line; # starts a comment line and a
            trailing \\ continues a command on the next line. `save FILE` at the tf> prompt
            writes one.

            Exit codes: 0 every command succeeded, 1 a command failed (with --bail the file
            stops there; the message names FILE:LINE), 130 stopped with Ctrl-C.
            """)

    @Argument(help: "The session file to replay.")
    var file: String

    @OptionGroup var flags: ReplFlags

    @OptionGroup var pluginFlags: PluginFlags

    func run() async throws {
        let options = try await flags.launchOptions(plugins: pluginFlags.plugins, allowUnsafePlugins: pluginFlags.allowUnsafePlugins)
        let code = await Repl.runFile(file, options)
        if code != 0 { throw ExitCode(code) }
    }
}
