import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// `topic [ID]`: the topics of the last run as a table, or one topic in full — its keywords,
/// size, sentiment, emotion and the records nearest its centre.
struct TopicCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "topic", usage: "topic [ID]",
        summary: "Show the last run's topics, or one topic: keywords, sentiment, emotion, its most typical records",
        details: """
            Needs a run with topic (use sentiment,topic then run). Without ID: one row per topic
            with its size, mean sentiment and dominant emotion (when those ran). With ID: that
            topic in full; -1 is the outliers. filter topic=ID keeps its records for show,
            top and count.
            Examples:
              topic
              topic 3
            """,
        category: .results, completion: .none)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.count <= 1 else { return .printUsage }
        let r = try session.requireResults()
        guard let table = r.summary?.topics else {
            throw TaskFlowFailure(
                "no-topics", "the last run found no topics", hint: "enable topic, then run (topic needs all-MiniLM-L6-v2)", exitCode: 2)
        }
        guard let word = args.words.first else {
            var rows: [[String?]] = []
            for t in table.topics {
                rows.append([
                    String(t.id), t.label, String(t.size), String(format: "%.1f%%", t.share * 100),
                    t.sentiment.map { String(format: "%+.2f", $0.mean) }, t.emotion,
                ])
            }
            session.console.print(
                "\(table.k) topics in \(table.records) records (\(table.chosenBy == "silhouette" ? "k by silhouette" : table.chosenBy), seed \(table.seed)); \(table.outliers) outliers")
            session.printTable(ReplTable(headers: ["id", "topic", "records", "share", "sentiment", "emotion"], rows: rows, numeric: [0, 2, 3, 4]))
            return .ok
        }
        guard let id = Int(word), let t = table.topics.first(where: { $0.id == id }) else {
            throw TaskFlowFailure(
                "unknown-topic", "there is no topic '\(word)' in the last run",
                hint: "topics are " + table.topics.map { String($0.id) }.joined(separator: ", ") + " (topic lists them)", exitCode: 2)
        }
        let console = session.console
        console.print(console.paint("topic \(t.id): \(t.label)", .bold))
        console.print("records: \(t.size) (\(String(format: "%.1f", t.share * 100)) %)")
        if !t.keywords.isEmpty { console.print("keywords: " + t.keywords.joined(separator: ", ")) }
        if let s = t.sentiment {
            console.print(
                String(format: "sentiment: mean %+.2f; positive %.0f %%, neutral %.0f %%, negative %.0f %%", s.mean, s.positive * 100, s.neutral * 100, s.negative * 100))
        }
        if let e = t.emotion { console.print("emotion: mostly \(e)") }
        let rows: [[String?]] = t.representatives.map { [$0.id, String(format: "%.3f", $0.score), $0.text] }
        if !rows.isEmpty {
            console.print("most typical records:")
            session.printTable(ReplTable(headers: ["id", "similarity", "text"], rows: rows, numeric: [1]))
        }
        return .ok
    }
}
