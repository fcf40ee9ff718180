/// One text to analyse, with its identifier.
///
/// `id` comes from the dataset's id column, or is the 1-based row/line number when there is none.
/// `line` is the physical line in the source file where the record starts (for messages).
public struct Record: Sendable, Hashable, Codable {
    public var id: String
    public var text: String
    public var line: Int

    public init(id: String, text: String, line: Int = 0) {
        self.id = id
        self.text = text
        self.line = line
    }
}
