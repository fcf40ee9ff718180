import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting

/// `show [N]`, `show ID`: records with their results, through the filter.
struct ShowCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "show", usage: "show [N] [--columns A,B|all] | show ID | show id ID",
        summary: "Show results: the first N records (default 10), or one record in full",
        details: """
            Goes through the filter (see `filter`). A number is a count; a record whose id is a
            number is shown with `show id 17`. --columns adds the dataset's columns you name (or
            all of them) after the id; one record in full shows every column. In mode json each
            record is the per-record JSON object of `tf analyze --format jsonl`.
            Example: show 10 --columns product,rating
            """,
        category: .results, completion: .words(["id", "--columns"]))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        let results = try session.requireResults()
        let parsed = try args.parse(options: ["--columns"])
        let words = parsed.positional
        let columns = try parsed.values["--columns"].map { try Self.chosenColumns($0, in: results) } ?? []
        switch words.count {
        case 0:
            try showMany(10, columns, results, session)
        case 1:
            if let n = Int(words[0]) {
                guard n >= 1 else { return .printUsage }
                try showMany(min(n, 1_000_000), columns, results, session)
            } else {
                try showOne(words[0], results, session)
            }
        case 2 where words[0].lowercased() == "id":
            try showOne(words[1], results, session)
        default:
            return .printUsage
        }
        return .ok
    }

    /// The columns `--columns` names (`all`, or names separated by commas), as the records spell them.
    static func chosenColumns(_ text: String, in r: ResultSet) throws -> [String] {
        let known = r.columnNames
        let selection = try ColumnSelection.parse(text)
        switch selection {
        case .all: return known
        case .none: return []
        case .only(let names):
            return try names.map { try FieldReference.namedColumn($0, in: known) }
        }
    }

    private func showMany(_ n: Int, _ columns: [String], _ r: ResultSet, _ session: isolated ReplSession) throws {
        let view = try session.view(r)
        let shown = Array(view.prefix(n))
        if session.settings.mode == .json {
            var out = "["
            for (k, i) in shown.enumerated() {
                out += (k == 0 ? "\n" : ",\n") + recordJSON(r.records[i], Self.values(r, i))
            }
            session.console.print(out + (shown.isEmpty ? "]" : "\n]"))
        } else {
            var headers = ["id"] + columns
            var numeric = Set<Int>()
            for (k, c) in columns.enumerated() where r.records.first?.columns[c]?.number != nil { numeric.insert(1 + k) }
            for t in r.tools {
                if Self.isScored(r, t) {
                    headers += [t.task, "score"]
                    numeric.insert(headers.count - 1)
                } else {
                    headers.append(t.task)
                }
            }
            headers.append("text")
            var table = ReplTable(headers: headers, numeric: numeric)
            for i in shown {
                var row: [String?] = [r.records[i].id]
                for c in columns { row.append(r.records[i].columns[c]?.text ?? "") }
                for (t, tool) in r.tools.enumerated() {
                    let value = r.value(t, i)
                    if Self.isScored(r, tool) {
                        switch value {
                        case .classification(let c)?: row += [c.label, String(format: "%.4f", c.score)]
                        case .topic(let topic)?: row += ["\(topic.id): \(topic.label)", String(format: "%.4f", topic.score)]
                        default: row += ["", ""]
                        }
                    } else {
                        row.append(value.map(ValueText.brief) ?? "")
                    }
                }
                row.append(r.records[i].text)
                table.rows.append(row)
            }
            if shown.isEmpty {
                session.console.print("(no records)")
            } else {
                session.printTable(table)
            }
        }
        var note = "\(shown.count) of \(view.count) record\(view.count == 1 ? "" : "s")"
        if let f = session.state.filter { note += " matching \(f.briefText) (\(r.records.count) in all)" }
        if shown.count < view.count { note += "; show \(min(view.count, max(n * 2, 20))) for more" }
        session.console.note(note)
    }

    private func showOne(_ id: String, _ r: ResultSet, _ session: isolated ReplSession) throws {
        guard let i = r.records.firstIndex(where: { $0.id == id }) else {
            let ids = r.records.prefix(3).map(\.id).joined(separator: ", ")
            throw TaskFlowFailure(
                "unknown-record", "no record with id '\(ReplArguments.brief(id))' in the results",
                hint: "ids look like \(ids)\(r.records.count > 3 ? ", …" : ""); show N lists records", exitCode: 2)
        }
        let record = r.records[i]
        if session.settings.mode == .json {
            session.console.print(recordJSON(record, Self.values(r, i)))
            return
        }
        var rows: [[String?]] = [["id", record.id]]
        if record.line > 0 { rows.append(["line", String(record.line)]) }
        for (name, value) in record.columns.pairs { rows.append([name, value.text]) }
        for (t, tool) in r.tools.enumerated() {
            guard let value = r.value(t, i) else { continue }
            switch value {
            case .classification(let c):
                rows.append([tool.task, "\(c.label) \(String(format: "%.4f", c.score))"])
                rows.append(["", c.scores.map { "\($0.name)=\(String(format: "%.4f", $0.value))" }.joined(separator: " ")])
            default:
                rows.append([tool.task, value.jsonString])
            }
        }
        session.printTable(ReplTable(headers: ["field", "value"], rows: rows))
        session.console.print("text:\n" + record.text)
    }

    static func values(_ r: ResultSet, _ i: Int) -> [(task: String, value: AnalysisValue)] {
        r.tools.indices.compactMap { t in r.value(t, i).map { (r.tools[t].task, $0) } }
    }

    /// Whether a tool's values are labels with scores (one label and one score column).
    static func isScored(_ r: ResultSet, _ tool: ToolFacts) -> Bool {
        guard let t = r.tools.firstIndex(of: tool), let first = r.values[safe: t]?.lazy.compactMap({ $0 }).first else { return false }
        switch first {
        case .classification, .topic: return true
        default: return false
        }
    }
}
