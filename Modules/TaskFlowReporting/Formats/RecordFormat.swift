import Foundation
import TaskFlowPluginAPI

/// How per-record results are written: an aligned table, a JSON array, JSON Lines or CSV.
public enum RecordFormat: String, Sendable, CaseIterable {
    case table, json, jsonl, csv

    /// A writer for this format into `output`.
    ///
    /// - Parameter columns: whether records' other columns are written (JSON and CSV; the
    ///   table shows the id, results and text only).
    public func makeWriter(output: TextOutput, width: Int, maxTableRows: Int?, columns: Bool = true) -> any RecordWriter {
        switch self {
        case .table: return TableRecordWriter(output: output, width: width, maxRows: maxTableRows)
        case .json: return JSONRecordWriter(output: output, lines: false, columns: columns)
        case .jsonl: return JSONRecordWriter(output: output, lines: true, columns: columns)
        case .csv: return CSVRecordWriter(output: output, columns: columns)
        }
    }
}

/// Writes records with their results, one at a time, then finishes.
public protocol RecordWriter: AnyObject {
    func write(_ record: Record, _ values: [(task: String, value: AnalysisValue)])
    func finish()
}

/// The per-record JSON object of DESIGN.md: `id`, `text`, the record's other columns as one
/// object under `columns` (when it has any and `columns` is true: nested, so a column can never
/// be taken for a task's result), then one key per task.
public func recordJSON(_ record: Record, _ values: [(task: String, value: AnalysisValue)], columns: Bool = true) -> String {
    var out = "{\"id\":"
    JSONWriter.writeString(record.id, into: &out)
    out += ",\"text\":"
    JSONWriter.writeString(record.text, into: &out)
    if columns, !record.columns.isEmpty {
        out += ",\"columns\":" + record.columns.jsonObject.jsonString
    }
    for (task, value) in values {
        out += ","
        JSONWriter.writeString(task, into: &out)
        out += ":"
        out += value.jsonString
    }
    return out + "}"
}

/// JSON Lines (one object per line) or a JSON array.
final class JSONRecordWriter: RecordWriter {
    let output: TextOutput
    let lines: Bool
    let columns: Bool
    var count = 0

    init(output: TextOutput, lines: Bool, columns: Bool) {
        self.output = output
        self.lines = lines
        self.columns = columns
    }

    func write(_ record: Record, _ values: [(task: String, value: AnalysisValue)]) {
        if lines {
            output.write(recordJSON(record, values, columns: columns) + "\n")
        } else {
            output.write(count == 0 ? "[\n" : ",\n")
            output.write(recordJSON(record, values, columns: columns))
        }
        count += 1
    }

    func finish() {
        if !lines { output.write(count == 0 ? "[]\n" : "\n]\n") }
        output.flush()
    }
}

/// CSV (RFC 4180): `id,text`, the first record's other columns (a name that another header
/// already has is written `col.NAME`), then per task a label and score column for
/// classifications (plus each named score), or a JSON column for other values.
final class CSVRecordWriter: RecordWriter {
    let output: TextOutput
    let keepColumns: Bool
    var columns: [(task: String, kind: Kind)]?
    /// The record columns written, fixed by the first record.
    var recordColumns: [String] = []

    enum Kind {
        case classification([String])
        /// `topic_id`, `topic_label`, `topic_score`.
        case topic
        case other
    }

    init(output: TextOutput, columns: Bool) {
        self.output = output
        self.keepColumns = columns
    }

    static func field(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    func write(_ record: Record, _ values: [(task: String, value: AnalysisValue)]) {
        if columns == nil {
            columns = values.map { v in
                if case .classification(let c) = v.value { return (v.task, .classification(c.scores.map(\.name))) }
                if case .topic = v.value { return (v.task, .topic) }
                return (v.task, .other)
            }
            var taskHeader: [String] = []
            for (task, kind) in columns! {
                switch kind {
                case .classification(let names): taskHeader += ["\(task)_label", "\(task)_score"] + names.map { "\(task)_\($0)" }
                case .topic: taskHeader += ["\(task)_id", "\(task)_label", "\(task)_score"]
                case .other: taskHeader.append(task)
                }
            }
            recordColumns = keepColumns ? record.columns.names.names : []
            let taken = Set((["id", "text"] + taskHeader).map { $0.lowercased() })
            let columnHeader = recordColumns.map { taken.contains($0.lowercased()) ? "col." + $0 : $0 }
            let header = ["id", "text"] + columnHeader + taskHeader
            output.write(header.map(Self.field).joined(separator: ",") + "\r\n")
        }
        var row = [record.id, record.text]
        for name in recordColumns { row.append(record.columns[name]?.text ?? "") }
        for (i, (task, kind)) in columns!.enumerated() {
            // By task: a value that is missing for this record (its analyzer failed on the batch) shifts nothing.
            let value = i < values.count && values[i].task == task ? values[i].value : values.first { $0.task == task }?.value ?? .json(.null)
            switch kind {
            case .classification(let names):
                if case .classification(let c) = value {
                    row += [c.label, Self.number(c.score)] + names.map { c[$0].map(Self.number) ?? "" }
                } else {
                    row += ["", ""] + names.map { _ in "" }
                }
            case .topic:
                if case .topic(let t) = value {
                    row += [String(t.id), t.label, Self.number(t.score)]
                } else {
                    row += ["", "", ""]
                }
            case .other: row.append(value.jsonString)
            }
        }
        output.write(row.map(Self.field).joined(separator: ",") + "\r\n")
    }

    static func number(_ d: Double) -> String {
        var s = ""
        JSONWriter.writeNumber(d, into: &s)
        return s
    }

    func finish() { output.flush() }
}

/// An aligned table for people: id, one column per task, then the text cut to fit the width.
final class TableRecordWriter: RecordWriter {
    let output: TextOutput
    let width: Int
    let maxRows: Int?
    var table: TextTable?
    var total = 0

    init(output: TextOutput, width: Int, maxRows: Int?) {
        self.output = output
        self.width = width
        self.maxRows = maxRows
    }

    func write(_ record: Record, _ values: [(task: String, value: AnalysisValue)]) {
        total += 1
        if table == nil {
            var headers = ["id"]
            var right = Set<Int>()
            for v in values {
                if case .classification = v.value {
                    headers += [v.task, "score"]
                    right.insert(headers.count - 1)
                } else {
                    headers.append(v.task)
                }
            }
            headers.append("text")
            table = TextTable(headers: headers, rightAligned: right, flexibleColumn: headers.count - 1)
        }
        if let maxRows, table!.rows.count >= maxRows { return }
        var row = [record.id]
        for v in values {
            switch v.value {
            case .classification(let c): row += [c.label, String(format: "%.4f", c.score)]
            default: row.append(ValueText.brief(v.value))
            }
        }
        row.append(record.text)
        table!.rows.append(row)
    }

    func finish() {
        guard let table else {
            output.write("(no records)\n")
            output.flush()
            return
        }
        output.write(table.render(width: width))
        if table.rows.count < total {
            output.write("… \(total - table.rows.count) more rows (all of them: --format jsonl -o FILE, or --format table -o FILE)\n")
        }
        output.flush()
    }
}
