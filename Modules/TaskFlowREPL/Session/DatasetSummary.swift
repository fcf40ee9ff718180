import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// What `load` found in a dataset: its format, columns, size and records.
struct DatasetSummary: Sendable {
    var source: DatasetSource
    var format: DatasetFormat
    var columns: [String]
    var bytes: Int
    var idColumn: String?
    var report: ReadReport

    /// Reads the whole dataset once to count its records and its problems.
    ///
    /// - Throws: the reader's `TaskFlowFailure` (missing file, unknown column, …).
    static func read(_ source: DatasetSource) throws -> DatasetSummary {
        let reader = try DatasetReaders.open(source)
        while try reader.nextBatch(maxCount: 4096) != nil {}
        return DatasetSummary(
            source: source, format: try source.format ?? DatasetFormat.infer(fromPath: source.path),
            columns: reader.columns, bytes: reader.bytesTotal,
            idColumn: source.idColumn ?? reader.columns.first(where: { $0.lowercased() == "id" }),
            report: reader.report)
    }

    /// The first `count` records.
    static func head(_ source: DatasetSource, count: Int) throws -> [Record] {
        let reader = try DatasetReaders.open(source)
        return try reader.nextBatch(maxCount: count) ?? []
    }

    var name: String { (source.path as NSString).lastPathComponent }

    /// `3 malformed rows skipped (lines 5, 9, 12); 1 text with invalid UTF-8`, or nil.
    var issues: String? {
        var parts: [String] = []
        let r = report
        if r.malformedCount > 0 {
            let lines = r.malformed.prefix(8).map { String($0.line) }.joined(separator: ", ")
            parts.append("\(r.malformedCount) malformed row\(r.malformedCount == 1 ? "" : "s") skipped (line\(r.malformedCount == 1 ? "" : "s") \(lines)\(r.malformedCount > 8 ? ", …" : ""))")
        }
        if r.invalidUTF8 > 0 { parts.append("\(r.invalidUTF8) text\(r.invalidUTF8 == 1 ? "" : "s") with invalid UTF-8 (replaced)") }
        if r.nulReplaced > 0 { parts.append("\(r.nulReplaced) text\(r.nulReplaced == 1 ? "" : "s") with NUL characters (replaced)") }
        if r.emptyTexts > 0 { parts.append("\(r.emptyTexts) empty text\(r.emptyTexts == 1 ? "" : "s")") }
        parts += r.idAndColumnWarnings
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
