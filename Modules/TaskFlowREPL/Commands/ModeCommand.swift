import TaskFlowCore
import TaskFlowPluginAPI

/// `mode table|json|csv|markdown`: how tables print.
struct ModeCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "mode", usage: "mode [table|json|csv|markdown]", summary: "Choose how results print (no argument: show it)",
        details: "table fits the terminal; json, csv and markdown print every cell in full.",
        category: .output, completion: .words(OutputMode.allCases.map(\.rawValue)))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.count <= 1 else { return .printUsage }
        guard let word = args.words.first else {
            session.console.print("mode: \(session.settings.mode.rawValue)")
            return .ok
        }
        let lowered = word.lowercased()
        guard let mode = OutputMode(rawValue: lowered) ?? (lowered == "md" ? .markdown : nil) else {
            throw TaskFlowFailure(
                "bad-argument", "unknown mode '\(ReplArguments.brief(word))'",
                hint: "choose one of: " + OutputMode.allCases.map(\.rawValue).joined(separator: ", "), exitCode: 2)
        }
        session.settings.mode = mode
        session.console.note("mode: \(mode.rawValue)")
        return .ok
    }
}
