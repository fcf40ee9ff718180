import Foundation
import TaskFlowPluginAPI

/// The failures the dataset readers raise, each naming the file and the fix.
extension TaskFlowFailure {
    static func fileNotFound(path: String) -> TaskFlowFailure {
        TaskFlowFailure(
            "file-not-found", "no such file: \(path)",
            hint: "check the path; a relative path starts from \(FileManager.default.currentDirectoryPath)")
    }

    static func notAFile(path: String) -> TaskFlowFailure {
        TaskFlowFailure(
            "not-a-file", "\(path) is a directory, not a dataset file",
            hint: "give one file inside it (\(DatasetFormat.supportedExtensions.joined(separator: ", ")))")
    }

    static func unreadableFile(path: String, reason: String) -> TaskFlowFailure {
        TaskFlowFailure(
            "unreadable-file", "cannot read \(path): \(reason)",
            hint: "check that the file exists and that you may read it (ls -l \(path))")
    }

    static func unknownFormat(path: String, extension ext: String) -> TaskFlowFailure {
        let supported = DatasetFormat.supportedExtensions.joined(separator: ", ")
        let what = ext.isEmpty ? "it has no extension" : "\".\(ext)\" is not a dataset extension"
        let formats = DatasetFormat.allCases.map(\.rawValue).joined(separator: ", ")
        return TaskFlowFailure(
            "unknown-format", "cannot tell the format of \(path == DatasetSource.standardInput ? "standard input" : path): \(what); supported: \(supported)",
            fix: Fix(.inputFormat, example: path.hasSuffix(".ndjson") || path == DatasetSource.standardInput ? "jsonl" : "csv"),
            hint: "the formats are \(formats); or rename the file to one of those extensions")
    }

    static func unsupportedEncoding(path: String, encoding: String) -> TaskFlowFailure {
        TaskFlowFailure(
            "unsupported-encoding", "\(path) is \(encoding); TaskFlow reads UTF-8",
            hint: "convert it, e.g. iconv -f \(encoding) -t UTF-8 \(path) > converted")
    }

    static func missingHeader(path: String) -> TaskFlowFailure {
        TaskFlowFailure(
            "missing-header", "\(path) is empty: a CSV file starts with a header row naming its columns",
            hint: "add a header row, e.g. id,text")
    }

    static func malformedHeader(path: String, line: Int, reason: String) -> TaskFlowFailure {
        TaskFlowFailure(
            "malformed-header", "\(path) line \(line): the header row is malformed: \(reason)",
            hint: "fix the header row; it names the columns, one per field")
    }

    /// A text or id column that is not in the file; the message lists the columns that are.
    static func unknownColumn(path: String, role: ColumnRole, name: String, columns: [String]) -> TaskFlowFailure {
        let shown = columns.prefix(50).map { $0.isEmpty ? "\"\"" : $0 }.joined(separator: ", ")
        let more = columns.count > 50 ? " … (\(columns.count - 50) more)" : ""
        let list = columns.isEmpty ? "it has none" : "its columns are: \(shown)\(more)"
        var hints: [String] = []
        if role == .id { hints.append("or leave the id column out to number the records") }
        if columns.count == 1, let only = columns.first, only.contains(";") || only.contains("\t") {
            hints.append("the header has a single column: is the file separated by semicolons or tabs?")
        }
        let candidates = role == .kept ? columns.filter { !["id", "text"].contains($0.lowercased()) } : columns
        let example = (candidates.first ?? columns.first).map { $0.isEmpty ? "COLUMN" : $0 } ?? "COLUMN"
        return TaskFlowFailure(
            "unknown-column", "\(path) has no \(role == .kept ? "" : role.rawValue + " ")column \"\(name)\"; \(list)",
            fix: Fix(role == .text ? .textColumn : role == .id ? .idColumn : .columns, example: example),
            hint: hints.isEmpty ? nil : hints.joined(separator: "; "))
    }

    static func malformedRow(path: String, line: Int, reason: String) -> TaskFlowFailure {
        TaskFlowFailure(
            "malformed-row", "\(path) line \(line): \(reason)",
            hint: "fix the row, or drop --strict to skip malformed rows and report them")
    }

    static func readFailed(path: String, error: any Error) -> TaskFlowFailure {
        TaskFlowFailure(
            "read-failed", "reading \(path) failed: \(error.localizedDescription)",
            hint: "check that the file is still there and the disk is healthy, then run again")
    }
}
