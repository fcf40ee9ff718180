import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// `history [N]`: the commands typed, oldest first.
struct HistoryCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "history", usage: "history [N]", summary: "List the last N commands typed (default 20; Up recalls them)",
        details: "History is kept in $TF_HOME/history between sessions; save FILE keeps the state instead.",
        category: .session)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.count <= 1 else { return .printUsage }
        let n = try args.words.first.map(HeadCommand.count) ?? 20
        let all = session.history
        let first = max(0, all.count - n)
        var out = ""
        for i in first..<all.count {
            out += String(repeating: " ", count: max(0, 5 - String(i + 1).count)) + "\(i + 1)  \(all[i])\n"
        }
        if out.isEmpty { out = "(no history yet)\n" }
        session.console.print(out)
        return .ok
    }
}
