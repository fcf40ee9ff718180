import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting

/// How tabular results are printed: `mode table|json|csv|markdown`.
public enum OutputMode: String, Sendable, CaseIterable {
    case table, json, csv, markdown
}

/// Rows and columns of text to print in the current output mode.
public struct ReplTable: Sendable, Equatable {
    public var headers: [String]
    /// Cells; nil is SQL NULL (empty in tables, `null` in JSON).
    public var rows: [[String?]]
    /// Columns holding numbers: right-aligned in tables, numbers in JSON.
    public var numeric: Set<Int>

    public init(headers: [String], rows: [[String?]] = [], numeric: Set<Int> = []) {
        self.headers = headers
        self.rows = rows
        self.numeric = numeric
    }

    /// The table as text in `mode`.
    ///
    /// - Parameters:
    ///   - width: columns a `table` must fit in (cells are cut with `…`).
    ///   - maxRows: in `table` mode, rows shown before a "… N more rows" note.
    ///   - bold: makes the header line bold (colour on a terminal).
    public func render(mode: OutputMode, width: Int, maxRows: Int? = nil, bold: (String) -> String = { $0 }) -> String {
        switch mode {
        case .table: return renderTable(width: width, maxRows: maxRows, bold: bold)
        case .json: return renderJSON()
        case .csv: return renderCSV()
        case .markdown: return renderMarkdown()
        }
    }

    private func renderTable(width: Int, maxRows: Int?, bold: (String) -> String) -> String {
        // A table is for people: control characters in the data are neutralised, before the
        // widths are measured (a stand-in takes a column where a control took none).
        let headers = self.headers.map { TerminalSafe.neutralise($0) }
        let shown = (maxRows.map { Array(rows.prefix($0)) } ?? rows).map { $0.map { $0.map { TerminalSafe.neutralise($0) } } }
        let widths = Self.fitWidths(headers: headers, rows: shown, width: width)
        let fitted = shown.map { row in
            widths.indices.map { i in DisplayWidth.fit(i < row.count ? row[i] ?? "" : "", widths[i]) }
        }
        let table = TextTable(
            headers: widths.indices.map { DisplayWidth.fit(headers[$0], widths[$0]) }, rows: fitted,
            rightAligned: numeric)
        var text = table.render(width: width)
        if let newline = text.firstIndex(of: "\n") {
            text = bold(String(text[..<newline])) + String(text[newline...])
        }
        if shown.count < rows.count {
            text += "… \(rows.count - shown.count) more row\(rows.count - shown.count == 1 ? "" : "s") (mode csv, then output FILE, writes them all)\n"
        }
        return text
    }

    /// Column widths that fit `width`: the widest columns shrink first, none below 8.
    static func fitWidths(headers: [String], rows: [[String?]], width: Int) -> [Int] {
        var natural = headers.map(DisplayWidth.of)
        for row in rows {
            for (i, cell) in row.enumerated() where i < natural.count {
                natural[i] = max(natural[i], min(400, DisplayWidth.of(cell ?? "")))
            }
        }
        let budget = width - 2 * max(0, headers.count - 1)
        if natural.reduce(0, +) <= budget { return natural }
        // The largest cap at which the columns fit; columns narrower than it keep their width.
        var low = 8
        var high = max(8, natural.max() ?? 8)
        while low < high {
            let mid = (low + high + 1) / 2
            if natural.reduce(0, { $0 + min($1, mid) }) <= budget { low = mid } else { high = mid - 1 }
        }
        return natural.map { min($0, low) }
    }

    private func renderJSON() -> String {
        var out = "["
        for (r, row) in rows.enumerated() {
            out += r == 0 ? "\n" : ",\n"
            out += "{"
            for (i, name) in headers.enumerated() {
                if i > 0 { out += "," }
                JSONWriter.writeString(name, into: &out)
                out += ":"
                let cell = i < row.count ? row[i] : nil
                if let cell {
                    if numeric.contains(i), let d = Double(cell), d.isFinite {
                        out += Int(cell) != nil ? cell : JSONValue.double(d).jsonString
                    } else {
                        JSONWriter.writeString(cell, into: &out)
                    }
                } else {
                    out += "null"
                }
            }
            out += "}"
        }
        return out + (rows.isEmpty ? "]\n" : "\n]\n")
    }

    private func renderCSV() -> String {
        var out = headers.map(Self.csvField).joined(separator: ",") + "\r\n"
        for row in rows {
            out += headers.indices.map { Self.csvField(($0 < row.count ? row[$0] : nil) ?? "") }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    private func renderMarkdown() -> String {
        /// Numbers as they are (`-0.5` needs no escape), anything else as Markdown text.
        func cell(_ s: String) -> String {
            Double(s) != nil ? s : Markdown.text(s)
        }
        var out = "| " + headers.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + headers.indices.map { numeric.contains($0) ? "---:|" : "---|" }.joined() + "\n"
        for row in rows {
            out += "| " + headers.indices.map { cell(($0 < row.count ? row[$0] : nil) ?? "") }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    static func csvField(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}

/// Horizontal bars from unicode eighth blocks, for distributions.
public enum BarChart {
    /// A bar `fraction` of `width` columns long (eighths of a column precise).
    public static func bar(_ fraction: Double, width: Int) -> String {
        let f = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let eighths = Int((f * Double(width) * 8).rounded())
        let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + blocks[eighths % 8]
    }

    /// Lines of `label  count  share  bar`, labels padded, bars scaled to the largest count.
    public static func render(
        _ items: [(label: String, count: Int)], total: Int, width: Int, paint: (String) -> String = { $0 }
    ) -> String {
        let labelWidth = min(40, items.map { DisplayWidth.of(TerminalSafe.neutralise($0.label)) }.max() ?? 0)
        let countWidth = items.map { String($0.count).count }.max() ?? 1
        let barWidth = max(10, min(40, width - labelWidth - countWidth - 12))
        let largest = max(1, items.map(\.count).max() ?? 1)
        var out = ""
        for item in items {
            let share = total > 0 ? Double(item.count) / Double(total) : 0
            let shareText = String(format: "%5.1f%%", share * 100)
            let label = TerminalSafe.neutralise(item.label)
            out += DisplayWidth.pad(DisplayWidth.fit(label, labelWidth), labelWidth) + "  "
            out += DisplayWidth.pad(String(item.count), countWidth, right: true) + "  " + shareText + "  "
            out += paint(bar(Double(item.count) / Double(largest), width: barWidth)) + "\n"
        }
        return out
    }
}
