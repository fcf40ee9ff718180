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

    public init(
        path: String,
        format: DatasetFormat? = nil,
        textColumn: String? = nil,
        idColumn: String? = nil,
        strict: Bool = false,
        limit: Int? = nil
    ) {
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
