/// A row or line that could not be turned into a record.
public struct MalformedRow: Sendable, Hashable, Codable {
    /// The physical line (1-based) where the row starts.
    public var line: Int
    /// Why it was rejected, e.g. `expected 6 fields, found 8`.
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}

/// What a dataset reader has seen so far: records produced and everything skipped or repaired.
public struct ReadReport: Sendable, Hashable, Codable {
    /// How many `MalformedRow`s `malformed` keeps; `malformedCount` counts them all.
    public static let malformedKept = 100

    /// Records returned so far.
    public var records: Int
    /// Malformed rows skipped (or, in strict mode, the one that stopped the read).
    public var malformedCount: Int
    /// The first `malformedKept` malformed rows, in file order.
    public var malformed: [MalformedRow]
    /// Records whose text or id had invalid UTF-8 bytes replaced by U+FFFD.
    public var invalidUTF8: Int
    /// Records whose text or id held NUL characters, replaced by U+FFFD.
    public var nulReplaced: Int
    /// Records whose text is empty or only whitespace (kept, not skipped).
    public var emptyTexts: Int
    /// Blank lines between rows, skipped.
    public var blankLinesSkipped: Int
    /// Bytes of the file consumed so far.
    public var bytesRead: Int
    /// Records whose id (from the data) was already used by an earlier record.
    public var duplicateIDs: Int = 0
    /// Records whose id column held an empty value.
    public var emptyIDs: Int = 0
    /// Header names that appear more than once (the first of each is the one read).
    public var duplicateColumns: [String] = []
    /// The columns kept with each record, with their types as read.
    public var columns: [ColumnFacts] = []

    public init(
        records: Int = 0,
        malformedCount: Int = 0,
        malformed: [MalformedRow] = [],
        invalidUTF8: Int = 0,
        nulReplaced: Int = 0,
        emptyTexts: Int = 0,
        blankLinesSkipped: Int = 0,
        bytesRead: Int = 0
    ) {
        self.records = records
        self.malformedCount = malformedCount
        self.malformed = malformed
        self.invalidUTF8 = invalidUTF8
        self.nulReplaced = nulReplaced
        self.emptyTexts = emptyTexts
        self.blankLinesSkipped = blankLinesSkipped
        self.bytesRead = bytesRead
    }

    private enum CodingKeys: String, CodingKey {
        case records, malformedCount, malformed, invalidUTF8, nulReplaced, emptyTexts, blankLinesSkipped, bytesRead, duplicateIDs,
            emptyIDs, duplicateColumns, columns
    }

    /// Decodes reports stored before the NUL, id and column checks existed, too (they read as 0).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        records = try c.decode(Int.self, forKey: .records)
        malformedCount = try c.decode(Int.self, forKey: .malformedCount)
        malformed = try c.decode([MalformedRow].self, forKey: .malformed)
        invalidUTF8 = try c.decode(Int.self, forKey: .invalidUTF8)
        nulReplaced = try c.decodeIfPresent(Int.self, forKey: .nulReplaced) ?? 0
        emptyTexts = try c.decode(Int.self, forKey: .emptyTexts)
        blankLinesSkipped = try c.decode(Int.self, forKey: .blankLinesSkipped)
        bytesRead = try c.decode(Int.self, forKey: .bytesRead)
        duplicateIDs = try c.decodeIfPresent(Int.self, forKey: .duplicateIDs) ?? 0
        emptyIDs = try c.decodeIfPresent(Int.self, forKey: .emptyIDs) ?? 0
        duplicateColumns = try c.decodeIfPresent([String].self, forKey: .duplicateColumns) ?? []
        columns = try c.decodeIfPresent([ColumnFacts].self, forKey: .columns) ?? []
    }
}

extension ReadReport {
    /// The checks on ids and columns that found something, one line each, for every front end's
    /// summary: repeated header names, empty ids, repeated ids, columns holding values of two types.
    public var idAndColumnWarnings: [String] {
        var out: [String] = []
        if !duplicateColumns.isEmpty {
            out.append(
                "the header repeats \(duplicateColumns.map { "\"\($0)\"" }.joined(separator: ", ")); the first of each is the one read")
        }
        if emptyIDs > 0 { out.append("\(emptyIDs) record\(emptyIDs == 1 ? " has" : "s have") an empty id") }
        if duplicateIDs > 0 {
            out.append("\(duplicateIDs) record\(duplicateIDs == 1 ? " repeats an id" : "s repeat ids") already used in the file")
        }
        out += columns.compactMap(\.warning)
        return out
    }
}
