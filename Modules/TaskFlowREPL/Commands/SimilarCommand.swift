import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowWorkspace

/// `similar "TEXT" [N]` | `similar ID [N]`: the records of the loaded dataset most like a text
/// or a record, by all-MiniLM-L6-v2 sentence embeddings (exact cosine search).
struct SimilarCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "similar", usage: "similar \"TEXT\"|ID [N]",
        summary: "Find the records most like a text or a record (sentence embeddings, cosine)",
        details: """
            Embeds the loaded dataset once (through the content cache: after a run with topic
            or embedding it costs only the lookup) and keeps the vectors for the next search.
            A word that is a record id starts from that record; anything else is a text.
            N is how many to show (default 10).
            Examples:
              similar "battery dies overnight"
              similar FB-0042 5
            """,
        category: .results, completion: .none)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        var words = args.words
        guard (1...2).contains(words.count) else { return .printUsage }
        let limit = try words.count == 2 ? HeadCommand.count(words.removeLast()) : 10
        let query = words[0]
        let source = try session.requireDataset()
        let model = "all-MiniLM-L6-v2"
        let key = "\(source.path)|\(source.textColumn ?? "")|\(source.idColumn ?? "")|\(source.limit ?? 0)|\(model)"
        let index: SimilarityIndex
        if let cached = session.similarIndex, cached.key == key {
            index = cached.index
        } else {
            let token = session.interrupts.push {}
            defer { session.interrupts.remove(token) }
            index = try await session.workspace.similarityIndex(source: source, model: model, threads: session.state.threads)
            session.similarIndex = (key, index)
        }
        let hits: [SimilarRecord]
        if let v = index.vector(of: query) {
            hits = index.nearest(to: v, limit: limit, excluding: query)
            session.console.note("records most like \(query):")
        } else {
            let v = try await session.workspace.embedding(of: query, model: model, threads: session.state.threads ?? 1)
            hits = index.nearest(to: v, limit: limit)
        }
        let rows: [[String?]] = hits.map { [$0.id, String(format: "%.4f", $0.score), $0.text] }
        session.printTable(ReplTable(headers: ["id", "similarity", "text"], rows: rows, numeric: [1]))
        return .ok
    }
}
