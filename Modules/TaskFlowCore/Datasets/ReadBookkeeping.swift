import Foundation
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

    /// Counts a record about to be returned and builds it, NULs in its text and id replaced.
    mutating func record(id: String, text: String, line: Int, repaired: Bool) -> Record {
        report.records += 1
        remaining -= 1
        if repaired {
            report.invalidUTF8 += 1
        }
        var (id, text) = (id, text)
        let nulInText = NULCharacters.occur(in: text)
        let nulInID = NULCharacters.occur(in: id)
        if nulInText || nulInID {
            report.nulReplaced += 1
            if nulInText { text = NULCharacters.replaced(in: text) }
            if nulInID { id = NULCharacters.replaced(in: id) }
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
        var text = String(decoding: bytes, as: UTF8.self)
        // Decoding keeps valid input byte for byte, so any difference means a replacement.
        if text.utf8.count != bytes.count {
            return (text, true)
        }
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            return (text, false)
        }
        let same = text.withUTF8 { utf8 in
            utf8.baseAddress.map { memcmp($0, base, bytes.count) == 0 } ?? false
        }
        return (text, !same)
    }

    /// `decode` over an array slice.
    static func decode(_ bytes: ArraySlice<UInt8>) -> (text: String, repaired: Bool) {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    /// Whether `text` is empty or only whitespace.
    static func isBlank(_ text: String) -> Bool {
        // Most texts start with an ASCII letter: settle that without Unicode property lookups.
        if let first = text.utf8.first, first < 0x80, first != 0x20, !(0x09...0x0D).contains(first) {
            return false
        }
        return text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }
}
