import TaskFlowPluginAPI

/// The file formats a dataset can be read from.
public enum DatasetFormat: String, Sendable, CaseIterable {
    /// Comma-separated values, RFC 4180, with a header row.
    case csv
    /// Tab-separated values: the CSV rules with a tab delimiter.
    case tsv
    /// One JSON object per line (also `.ndjson`).
    case jsonl
    /// One text per line.
    case txt

    /// The file extensions that select this format, without the dot.
    public var fileExtensions: [String] {
        switch self {
        case .csv: ["csv"]
        case .tsv: ["tsv"]
        case .jsonl: ["jsonl", "ndjson"]
        case .txt: ["txt"]
        }
    }

    /// Every supported extension with its dot, in a stable order: `.csv, .tsv, .jsonl, .ndjson, .txt`.
    public static var supportedExtensions: [String] {
        allCases.flatMap { $0.fileExtensions.map { "." + $0 } }
    }

    /// The format a file's extension names (case-insensitive).
    ///
    /// - Throws: `TaskFlowFailure` with code `unknown-format`, listing the supported extensions,
    ///   when the extension is missing or unknown.
    public static func infer(fromPath path: String) throws -> DatasetFormat {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        var ext = ""
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            ext = name[name.index(after: dot)...].lowercased()
        }
        if let format = allCases.first(where: { $0.fileExtensions.contains(ext) }) {
            return format
        }
        throw TaskFlowFailure.unknownFormat(path: path, extension: ext)
    }
}
