import TaskFlowCore
import TaskFlowPluginAPI

/// `bail on|off`: whether a failing command stops a session file.
struct BailCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "bail", usage: "bail on|off", summary: "Stop a session file at its first failing command (exit code 1)",
        details: "`tf run FILE --bail` turns it on from the command line.",
        category: .session, completion: .words(["on", "off"]))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard let on = try Toggle.read(args, "bail") else {
            session.console.print("bail: \(session.settings.bail ? "on" : "off")")
            return .ok
        }
        session.settings.bail = on
        return .ok
    }
}
