import TaskFlowCore
import TaskFlowPluginAPI

/// `echo on|off`: prints each command before running it (scripts and piped input).
struct EchoCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "echo", usage: "echo on|off", summary: "Print each command of a script or piped input before it runs",
        category: .session, completion: .words(["on", "off"]))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard let on = try Toggle.read(args, "echo") else {
            session.console.print("echo: \(session.settings.echo ? "on" : "off")")
            return .ok
        }
        session.settings.echo = on
        return .ok
    }
}
