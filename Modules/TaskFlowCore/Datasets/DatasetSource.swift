import TaskFlowPluginAPI
import Foundation
/// What to read: a file, its format, which columns hold the text and the id, and how to treat bad rows.
public struct DatasetSource: Sendable, Hashable {
    /// The file to read, as the user gave it (a leading `~/` is expanded when opening).
    public var path: String
    /// The format, or `nil` to infer it from the file extension.
    public var format: DatasetFormat?
    /// The column (csv/tsv) or key (jsonl) holding the text; `nil` means `text`. Ignored for txt.
    public var textColumn: String?
    /// The column or key holding the record id; `nil` means `id` when present, else the row/line number.
    ///
    /// An id column named explicitly must exist. Ignored for txt.
    public var idColumn: String?
    /// Fail on the first malformed row instead of skipping and reporting it.
    public var strict: Bool
    /// Stop after this many records; `nil` reads everything.
    public var limit: Int?
    /// Which other columns travel with each record (`--columns`): all of them by default.
    public var columns: ColumnSelection = .all

    public init(
        path: String,
        format: DatasetFormat? = nil,
        textColumn: String? = nil,
        idColumn: String? = nil,
        strict: Bool = false,
        limit: Int? = nil,
        columns: ColumnSelection = .all
    ) {
        self.columns = columns
        self.path = path
        self.format = format
        self.textColumn = textColumn
        self.idColumn = idColumn
        self.strict = strict
        self.limit = limit
    }

    /// The text column actually looked for: `textColumn`, or `text`.
    public var effectiveTextColumn: String { textColumn ?? "text" }

    /// The path that means standard input (`tf analyze - --input-format jsonl`).
    public static let standardInput = "-"

    /// The id column actually looked for: `idColumn`, or `id`.
    public var effectiveIdColumn: String { idColumn ?? "id" }
}

/// Which of a dataset's columns, besides the text and the id, are kept with each record.
public enum ColumnSelection: Sendable, Hashable, Codable {
    /// Every column (CSV/TSV) or top-level field (JSONL).
    case all
    /// None: records carry only their id and text (the fastest read).
    case none
    /// These, in this order; each must exist (matched like `--text-column`).
    case only([String])

    /// Parses `--columns`: `all`, `none`, or names separated by commas.
    ///
    /// - Throws: `TaskFlowFailure` for an empty list.
    public static func parse(_ text: String) throws -> ColumnSelection {
        let t = text.trimmingCharacters(in: .whitespaces)
        switch t.lowercased() {
        case "all", "*": return .all
        case "none", "": return t.isEmpty ? .all : .none
        default:
            let names = t.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !names.isEmpty else {
                throw TaskFlowFailure(
                    "bad-columns", "'\(t)' names no column", fix: Fix(.columns, example: "product,rating"),
                    hint: "or 'all' (the default) or 'none'", exitCode: 2)
            }
            return .only(names)
        }
    }

    /// The selection as `--columns` takes it back: `all`, `none` or the names.
    public var text: String {
        switch self {
        case .all: return "all"
        case .none: return "none"
        case .only(let names): return names.joined(separator: ",")
        }
    }
}
