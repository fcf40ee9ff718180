import TaskFlowPluginAPI

/// The state every dataset reader shares: the report, strictness and the record limit.
struct ReadBookkeeping {
    /// The path as the user gave it, for messages.
    let path: String
    let strict: Bool
    private(set) var report = ReadReport()
    /// Records still allowed by the limit (`Int.max` without one).
    private(set) var remaining: Int

    init(_ source: DatasetSource) {
        path = source.path
        strict = source.strict
        remaining = max(0, source.limit ?? Int.max)
    }

    /// Whether the limit has been reached.
    var isExhausted: Bool { remaining == 0 }

    /// Records a malformed row; in strict mode throws it instead of letting the read go on.
    mutating func malformed(line: Int, reason: String) throws {
        report.malformedCount += 1
        if report.malformed.count < ReadReport.malformedKept {
            report.malformed.append(MalformedRow(line: line, reason: reason))
        }
        if strict {
            throw TaskFlowFailure.malformedRow(path: path, line: line, reason: reason)
        }
    }

    mutating func blankLine(count: Int = 1) {
        report.blankLinesSkipped += count
    }

    mutating func consumed(upTo offset: Int) {
        report.bytesRead = max(report.bytesRead, offset)
    }

    /// Counts a record about to be returned and builds it.
    mutating func record(id: String, text: String, line: Int, repaired: Bool) -> Record {
        report.records += 1
        remaining -= 1
        if repaired {
            report.invalidUTF8 += 1
        }
        if UTF8Text.isBlank(text) {
            report.emptyTexts += 1
        }
        return Record(id: id, text: text, line: line)
    }
}

/// Decoding UTF-8 bytes that may be invalid.
enum UTF8Text {
    /// The bytes as a string, invalid sequences replaced by U+FFFD, and whether any were.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, repaired: Bool) {
        let text = String(decoding: bytes, as: UTF8.self)
        // Decoding keeps valid input byte for byte, so any difference means a replacement.
        let utf8 = text.utf8
        if utf8.count != bytes.count {
            return (text, true)
        }
        let same = utf8.withContiguousStorageIfAvailable { $0.elementsEqual(bytes) } ?? utf8.elementsEqual(bytes)
        return (text, !same)
    }

    /// `decode` over an array slice.
    static func decode(_ bytes: ArraySlice<UInt8>) -> (text: String, repaired: Bool) {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    /// Whether `text` is empty or only whitespace.
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }
}
