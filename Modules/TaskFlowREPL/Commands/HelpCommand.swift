import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting

/// `help [CMD]`: the command table, or one command in full.
struct HelpCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "help", aliases: [".help", "?"], usage: "help [COMMAND]", summary: "List the commands, or explain one",
        category: .shell, completion: .commands)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.count <= 1 else { return .printUsage }
        let console = session.console
        let table = session.environment.commands
        if let word = args.words.first {
            let d = try table.resolve(word).descriptor
            var text = console.paint(d.usage, .bold) + "\n  " + d.summary + "\n"
            if !d.aliases.isEmpty { text += "  aliases: " + d.aliases.joined(separator: ", ") + "\n" }
            if !d.details.isEmpty {
                text += "\n" + d.details.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n"
            }
            console.print(text)
            return .ok
        }
        let descriptors = table.descriptors
        let usageWidth = min(46, descriptors.map { DisplayWidth.of($0.usage) }.max() ?? 20)
        var text = "Commands (help COMMAND explains one; a unique prefix works too: lo = load):\n"
        for category in CommandCategory.allCases {
            let inCategory = descriptors.filter { $0.category == category }
            guard !inCategory.isEmpty else { continue }
            text += "\n" + console.paint(category.rawValue, .bold) + "\n"
            for d in inCategory {
                let usage = DisplayWidth.fit(d.usage, usageWidth)
                let summaryWidth = max(20, console.width - usageWidth - 4)
                text += "  " + DisplayWidth.pad(usage, usageWidth) + "  " + DisplayWidth.fit(d.summary, summaryWidth) + "\n"
            }
        }
        text += "\nSession files: one command per line, # comments, \\ continues a line; tf run FILE.tf replays one.\n"
        console.print(text)
        return .ok
    }
}
