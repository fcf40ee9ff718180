import ArgumentParser
import TaskFlowREPL
import TaskFlowWorkspace

/// The flags `tf` (the REPL, `-c`, `-f`) and `tf run` share (declared in both, so `tf run FILE --bail` reaches `tf run`).
struct ReplFlags: ParsableArguments {
    @Flag(name: .customLong("no-rc"), help: "Do not run $TF_HOME/taskflowrc at start-up.")
    var noRC = false

    @Flag(help: "Stop at the first failing command with exit code 1.")
    var bail = false

    @Flag(help: "Print each command before it runs (scripts and piped input).")
    var echo = false

    /// The launch options, with the workspace of `$TF_HOME`: the built-ins and the plugins found
    /// in `$TF_PLUGIN_PATH` and `$TF_HOME/plugins` (plus `plugins`, named explicitly).
    ///
    /// `--plugin` is not one of these flags: on `tf` itself it would take the option away from
    /// `tf analyze --plugin` and `tf tools --plugin`.
    func launchOptions(
        banner: String = "TaskFlow", plugins: [String] = [], allowUnsafePlugins: Bool = false
    ) async throws -> ReplLaunchOptions {
        var options = ReplLaunchOptions(noRC: noRC, bail: bail, echo: echo, banner: banner)
        try await runReporting {
            options.workspace = try PluginFlags(plugins: plugins, allowUnsafePlugins: allowUnsafePlugins).openWorkspace()
        }
        return options
    }
}
