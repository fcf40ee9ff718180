import TaskFlowCore
import TaskFlowPluginAPI

/// `head [N]`: the first records of the loaded dataset, as read (no results).
struct HeadCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "head", usage: "head [N]", summary: "Show the first N records of the dataset (default 10)",
        details: "Shows the records as read, before any analysis; `show` shows them with results.",
        category: .data)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.count <= 1 else { return .printUsage }
        let count = try args.words.first.map { try Self.count($0) } ?? 10
        let source = try session.requireDataset()
        let records = try DatasetSummary.head(source, count: count)
        let table = ReplTable(headers: ["id", "text"], rows: records.map { [$0.id, $0.text] })
        session.printTable(table)
        return .ok
    }

    /// A positive row count.
    static func count(_ word: String) throws -> Int {
        guard let n = Int(word), n >= 1 else {
            throw TaskFlowFailure("bad-number", "'\(ReplArguments.brief(word))' is not a positive number of rows", hint: "e.g. 20", exitCode: 2)
        }
        return min(n, 1_000_000)
    }
}
