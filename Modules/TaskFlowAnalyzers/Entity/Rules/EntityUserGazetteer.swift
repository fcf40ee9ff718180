import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// The user's own names for `entity.rules` (option `gazetteer`): a CSV file of `text,label`.
///
/// - One entry a line: the name, a comma, the label (`PERSON`, `ORG`, `LOC`, `PRODUCT`, `WORK`,
///   `GROUP` or any other label of `entity.rules`, in any case). A name holding a comma is quoted
///   as in CSV: `"Acme, Inc.",ORG`.
/// - A first line `text,label` is a header and is skipped; blank lines are skipped; a name listed
///   twice takes its last label. UTF-8, with or without a byte-order mark, LF or CRLF.
/// - Names match case-insensitively on word boundaries (`Aura Speaker` matches `aura speaker`
///   but not `auras speaker`) and win over every other rule.
struct EntityUserGazetteer: Sendable {
    let table: EntityPhraseTable
    /// SHA-256 of the file's bytes: part of the analyzer's fingerprint.
    let sha256: String

    static func load(path: String) throws -> EntityUserGazetteer {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TaskFlowFailure(
                "gazetteer-missing", "entity.rules.gazetteer: no file at \(path)",
                hint: "give the path of a CSV file of text,label lines, e.g. --set entity.rules.gazetteer=names.csv")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw TaskFlowFailure(
                "gazetteer-unreadable", "entity.rules.gazetteer: cannot read \(path)\(isDirectory.boolValue ? " (it is a folder)" : "")",
                hint: "give a readable CSV file of text,label lines")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw TaskFlowFailure(
                "gazetteer-encoding", "entity.rules.gazetteer: \(path) is not UTF-8 text",
                hint: "save the file as UTF-8 CSV with text,label lines")
        }
        return EntityUserGazetteer(table: try parse(text, path: path), sha256: SHA256Digest.hex(data))
    }

    /// The entries of a gazetteer file's text; `path` names it in errors.
    static func parse(_ text: String, path: String) throws -> EntityPhraseTable {
        var table = EntityPhraseTable()
        var lineNumber = 0
        var sawContent = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let place = "\(path), line \(lineNumber)"
            let fields = try fields(of: line, place: place)
            let isFirst = !sawContent
            sawContent = true
            guard fields.count == 2 else {
                throw TaskFlowFailure(
                    "gazetteer-columns", "entity.rules.gazetteer: \(place) has \(fields.count) column\(fields.count == 1 ? "" : "s"); expected 2 (text,label)",
                    hint: "write one name a line as text,label, e.g. Aura Speaker,PRODUCT; quote a name holding a comma: \"Acme, Inc.\",ORG")
            }
            let name = trim(fields[0]), labelText = trim(fields[1])
            if isFirst, name.lowercased() == "text", labelText.lowercased() == "label" { continue }
            guard !name.isEmpty else {
                throw TaskFlowFailure(
                    "gazetteer-empty-text", "entity.rules.gazetteer: \(place) has an empty text",
                    hint: "give the name to find before the comma, or delete the line")
            }
            guard let label = EntityLabel(rawValue: labelText.uppercased()) else {
                throw TaskFlowFailure(
                    "gazetteer-label",
                    "entity.rules.gazetteer: \(place) has \(labelText.isEmpty ? "no label" : "an unknown label '\(labelText)'")",
                    hint: "use one of " + EntityLabel.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard table.add(name, label, replacing: true, anyCase: true) else {
                throw TaskFlowFailure(
                    "gazetteer-empty-text", "entity.rules.gazetteer: \(place): '\(name)' has no letters or digits",
                    hint: "give a name with at least one letter or digit, or delete the line")
            }
        }
        return table
    }

    private static func trim(_ s: String) -> String {
        String(s.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }

    /// The comma-separated fields of one line, CSV quoting understood.
    private static func fields(of line: Substring, place: String) throws -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var wasQuoted = false
        var chars = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let d = chars.next() {
                        if d == "\"" { current.append("\"") } else { inQuotes = false; pending = d }
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "," {
                fields.append(current)
                current = ""
                wasQuoted = false
            } else if c == "\"", !wasQuoted, current.allSatisfy({ $0 == " " }) {
                inQuotes = true
                wasQuoted = true
                current = ""
            } else {
                current.append(c)
            }
        }
        guard !inQuotes else {
            throw TaskFlowFailure(
                "gazetteer-quotes", "entity.rules.gazetteer: \(place) has a quote that is never closed",
                hint: "close the quoted name with \", and double any quote inside it (\"\")")
        }
        fields.append(current)
        return fields
    }
}
