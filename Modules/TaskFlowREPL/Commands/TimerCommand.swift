import TaskFlowCore
import TaskFlowPluginAPI

/// `timer on|off`: prints how long each command took.
struct TimerCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "timer", usage: "timer on|off", summary: "Print how long each command takes",
        category: .output, completion: .words(["on", "off"]))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard let on = try Toggle.read(args, "timer") else {
            session.console.print("timer: \(session.settings.timer ? "on" : "off")")
            return .ok
        }
        session.settings.timer = on
        return .ok
    }
}

/// `on` / `off` arguments.
enum Toggle {
    /// The switch's new value, or nil when none was given.
    ///
    /// - Throws: `TaskFlowFailure` for anything but on/off (true/false, yes/no, 1/0).
    static func read(_ args: ReplArguments, _ command: String) throws -> Bool? {
        guard let word = args.words.first else { return nil }
        guard args.words.count == 1 else { throw ReplFailure.onOff(command, args.rest) }
        switch word.lowercased() {
        case "on", "true", "yes", "1": return true
        case "off", "false", "no", "0": return false
        default: throw ReplFailure.onOff(command, word)
        }
    }
}
