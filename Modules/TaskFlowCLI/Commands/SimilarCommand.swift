import ArgumentParser
import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowWorkspace

/// `tf similar INPUT "text"`: the records of a dataset most like a text, by sentence embeddings.
struct SimilarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Find the records most similar to a text (cosine of sentence embeddings).",
        discussion: """
            Embeds every record through the content cache (a dataset a run embedded already
            costs only the lookup), then searches them exactly. --like ID starts from a record
            of the dataset instead of a text.
            Examples:
              tf similar Playground/feedback.csv "battery dies overnight"
              tf similar Playground/feedback.csv --like FB-0042 -n 5 --format jsonl
            """)

    @Argument(help: "The dataset (.csv/.tsv/.jsonl/.txt).")
    var input: String

    @Argument(help: "The text to compare with (or use --like ID).")
    var query: String?

    @Option(help: "Start from this record's text instead of a query text.")
    var like: String?

    @Option(name: .customShort("n"), help: "How many records to show.")
    var top: Int = 10

    @Option(help: "The sentence-embedding model (a store name or a model folder).")
    var model: String = "all-MiniLM-L6-v2"

    @Option(name: .customLong("text"), help: "The dataset's text column (default: text).")
    var textColumn: String?

    @Option(name: .customLong("id"), help: "The dataset's id column (default: id, else the row number).")
    var idColumn: String?

    @Option(help: "Output format: table or jsonl.")
    var format: String = "table"

    @Option(help: "Threads for the encoder.")
    var threads: Int?

    @OptionGroup var pluginFlags: PluginFlags

    func validate() throws {
        guard (query == nil) != (like == nil) else { throw ValidationError("give a query text or --like ID (one of them)") }
        guard top >= 1 else { throw ValidationError("-n must be at least 1") }
        guard ["table", "jsonl"].contains(format) else { throw ValidationError("--format must be table or jsonl") }
    }

    func run() async throws {
        try await runReporting {
            let workspace = try pluginFlags.openWorkspace()
            let index = try await workspace.similarityIndex(
                source: DatasetSource(path: input, textColumn: textColumn, idColumn: idColumn), model: model, threads: threads)
            let vector: [Float]
            if let like {
                guard let v = index.vector(of: like) else {
                    throw TaskFlowFailure(
                        "unknown-record", "\(input) has no record with id '\(like)'", hint: "check the id (tf analyze shows them)", exitCode: 2)
                }
                vector = v
            } else {
                vector = try await workspace.embedding(of: query ?? "", model: model, threads: threads ?? 1)
            }
            let hits = index.nearest(to: vector, limit: top, excluding: like)
            let out = TextOutput.standardOutput()
            if format == "jsonl" {
                for h in hits {
                    out.write(
                        JSONValue.object([JSONField("id", .string(h.id)), JSONField("score", .double((h.score * 10000).rounded() / 10000)), JSONField("text", .string(h.text))]).jsonString + "\n")
                }
            } else {
                let rows = hits.map { [$0.id, String(format: "%.4f", $0.score), $0.text] }
                var table = TextTable(headers: ["id", "similarity", "text"], rightAligned: [1], flexibleColumn: 2)
                table.rows = rows
                out.write(table.render(width: out.isTerminal ? Terminal.width() : 120))
            }
            try out.close()
        }
    }
}
