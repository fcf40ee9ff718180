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
    /// Hashes of the ids seen so far, to count repeats (8 bytes a record, not the ids).
    private var seenIDs = Set<Int>()
    /// The types seen in each kept column, in column order.
    private var tallies: [ColumnTally] = []
    /// For records whose columns differ (JSONL), each name's tally.
    private var tallyIndex: [String: Int] = [:]
    /// Per kept column (CSV), 8 counters by kind: every value of the kind (the tally counts only the first).
    private var kindCounts: [Int] = []
    /// The names last tallied by name, and their tallies.
    private var lastTallied: ColumnNames?
    private var lastTallyMap: [Int] = []

    init(_ source: DatasetSource) {
        path = source.path
        strict = source.strict
        remaining = max(0, source.limit ?? Int.max)
    }

    /// The report with the kept columns' facts as read so far.
    var fullReport: ReadReport {
        guard !tallies.isEmpty else { return report }
        var r = report
        // A record without a value (a JSONL object lacking the field) counts as null.
        r.columns = tallies.enumerated().map { k, t in
            var t = t
            if 8 * k + 8 <= kindCounts.count {
                // The first of each kind is counted by the tally itself.
                for kind in ColumnValue.Kind.allCases where kindCounts[8 * k + kind.rawValue] > 1 {
                    t.counts[kind.rawValue] += kindCounts[8 * k + kind.rawValue] - 1
                }
            }
            t.addMissing(max(0, report.records - t.counts.reduce(0, +)))
            return t.facts
        }
        return r
    }

    /// Starts counting the types of columns `names` (a CSV header's kept columns): one tally
    /// per position, a repeated name included (the header may repeat one).
    mutating func keep(columns names: [String]) {
        for n in names {
            if tallyIndex[n] == nil { tallyIndex[n] = tallies.count }
            tallies.append(ColumnTally(name: n))
            kindCounts += Array(repeating: 0, count: 8)
        }
    }

    /// Counts the kind of kept column `k`'s value (CSV: in the order of `keep(columns:)`).
    ///
    /// The hot path of reading with columns: a flat counter, and the column's tally only for
    /// the first value of each kind (whose text it keeps for messages).
    @inline(__always)
    mutating func tally(column k: Int, kind: Int, line: Int, sample: () -> String) {
        let slot = 8 &* k &+ kind
        if kindCounts[slot] == 0 {
            tallies[k].add(ColumnValue.Kind(rawValue: kind) ?? .text, line: line, sample: sample)
        }
        kindCounts[slot] &+= 1
    }

    /// Counts a record's column values by name (JSONL, whose objects may differ in keys).
    mutating func tally(_ columns: RecordColumns, line: Int) {
        // Records of one file mostly share one set of names: map them to tallies once.
        if lastTallied !== columns.names {
            lastTallied = columns.names
            lastTallyMap = columns.names.names.map { name in
                if let k = tallyIndex[name] { return k }
                tallyIndex[name] = tallies.count
                tallies.append(ColumnTally(name: name))
                return tallies.count - 1
            }
        }
        for (j, v) in columns.values.enumerated() { tallies[lastTallyMap[j]].add(v, line: line) }
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

    /// Notes the header's repeated names, if any.
    mutating func header(_ names: [String]) {
        var seen = Set<String>()
        var repeated: [String] = []
        for name in names where !seen.insert(name.lowercased()).inserted && !repeated.contains(name) { repeated.append(name) }
        report.duplicateColumns = repeated
    }

    /// Counts a record about to be returned and builds it, NULs in its text and id replaced.
    ///
    /// - Parameter idFromData: the id came from the data (then empty and repeated ids are
    ///   counted); row and line numbers are unique by construction.
    mutating func record(
        id: String, text: String, line: Int, repaired: Bool, idFromData: Bool = false, columns: RecordColumns = .none
    ) -> Record {
        if idFromData {
            if UTF8Text.isBlank(id) {
                report.emptyIDs += 1
            } else if !seenIDs.insert(id.hashValue).inserted {
                report.duplicateIDs += 1
            }
        }
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
        return Record(id: id, text: text, line: line, columns: columns)
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

    /// Whether `text` is empty or shows nothing: white space of any script (U+3000, NBSP…) and
    /// invisible characters (zero-width space, word joiner, BOM, other default-ignorables).
    static func isBlank(_ text: String) -> Bool {
        // Most texts start with an ASCII letter: settle that without Unicode property lookups.
        if let first = text.utf8.first, first < 0x80, first != 0x20, !(0x09...0x0D).contains(first) {
            return false
        }
        return text.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0.properties.isDefaultIgnorableCodePoint }
    }
}
