/// One text to analyse, with its identifier and the other columns of its row.
///
/// `id` comes from the dataset's id column, or is the 1-based row/line number when there is none.
/// `line` is the physical line in the source file where the record starts (for messages).
/// `columns` are the row's other columns (CSV/TSV) or top-level fields (JSONL), typed; empty
/// for plain text files and when the run keeps none (`--columns none`).
public struct Record: Sendable, Hashable, Codable {
    public var id: String
    public var text: String
    public var line: Int
    public var columns: RecordColumns

    public init(id: String, text: String, line: Int = 0) {
        self.id = id
        self.text = text
        self.line = line
        self.columns = .none
    }

    public init(id: String, text: String, line: Int = 0, columns: RecordColumns) {
        self.id = id
        self.text = text
        self.line = line
        self.columns = columns
    }

    private enum CodingKeys: String, CodingKey {
        case id, text, line, columns
    }

    /// Decodes a record; one written without columns has none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        text = try c.decode(String.self, forKey: .text)
        line = try c.decodeIfPresent(Int.self, forKey: .line) ?? 0
        columns = try c.decodeIfPresent(RecordColumns.self, forKey: .columns) ?? .none
    }
}
