import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// `load PATH [--text COL] [--id COL] [--columns all|none|A,B] [--limit N] [--format FMT]`: chooses the dataset the next run reads.
struct LoadCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "load", usage: "load PATH [--text COL] [--id COL] [--columns all|none|A,B] [--limit N] [--format csv|tsv|jsonl|txt]",
        summary: "Load a dataset (.csv, .tsv, .jsonl, .txt) for the next run",
        details: """
            Reads the file once to count its records and report malformed rows; nothing is
            analysed until `run`. --text names the column (or JSON key) holding the text
            (default: text), --id the one holding record ids (default: id, else the row number),
            --columns which other columns travel with each record (default: all of them; see
            `columns`), --limit keeps the first N records, --format reads a file whose name does not say its
            format (csv, tsv, jsonl or txt).
            Examples:
              load Playground/feedback.csv
              load Playground/tickets.jsonl --text body --id ticket
            """,
        category: .data, completion: .paths(extra: ["--text", "--id", "--columns", "--limit", "--format"]))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        let parsed = try args.parse(options: ["--text", "--id", "--columns", "--limit", "--format"])
        var format: DatasetFormat?
        if let text = parsed.values["--format"] {
            guard let f = DatasetFormat(rawValue: text.lowercased()) else {
                throw TaskFlowFailure(
                    "bad-format", "'\(ReplArguments.brief(text))' is not a dataset format",
                    hint: "use one of: " + DatasetFormat.allCases.map(\.rawValue).joined(separator: ", "), exitCode: 2)
            }
            format = f
        }
        guard parsed.positional.count == 1 else { return .printUsage }
        let given = parsed.positional[0]
        let path = session.resolveInputPath(given)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw ReplFailure.notFound(given) }
        if isDirectory.boolValue {
            throw TaskFlowFailure("is-a-folder", "\(ReplArguments.briefPath(given)) is a folder", hint: "load a file in it (Tab lists them)")
        }
        let source = DatasetSource(
            path: path, format: format, textColumn: parsed.values["--text"], idColumn: parsed.values["--id"],
            limit: try parsed.positiveInt("--limit"), columns: try parsed.values["--columns"].map(ColumnSelection.parse) ?? .all)
        let summary = try DatasetSummary.read(source)
        session.state.dataset = source
        session.dataset = summary
        if session.results != nil {
            session.results = nil
        }
        var line = "loaded \(summary.name): \(summary.report.records) record\(summary.report.records == 1 ? "" : "s")"
        line += " (\(summary.format.rawValue)"
        if summary.format != .txt {
            line += "; text column \(source.effectiveTextColumn), "
            line += summary.idColumn.map { "id column \($0)" } ?? "ids are row numbers"
        }
        let kept = summary.report.columns
        if !kept.isEmpty {
            let shown = kept.prefix(8).map { "\($0.name) (\($0.type))" }.joined(separator: ", ")
            line += "; columns: \(shown)\(kept.count > 8 ? ", … (\(kept.count) in all; see columns)" : "")"
        }
        line += ")"
        session.console.note(line)
        if let issues = summary.issues { session.console.warning(issues) }
        if summary.report.records == 0 {
            session.console.warning("\(summary.name) has no records to analyse")
        }
        return .ok
    }
}
