import Foundation
import TaskFlowPluginAPI

/// Reads one record per line of a JSON Lines file (`.jsonl`, `.ndjson`).
///
/// Each non-blank line must be a JSON object holding the text field; text and id values may be
/// strings or numbers (numbers become their decimal form, integers without `.0`). Without an id
/// field the id is the 1-based physical line number. A line that is not an object, or lacks the
/// text field, is malformed: skipped and reported, or thrown in strict mode. `columns` are the
/// sorted keys of the first object, which is read when the reader opens.
public final class JSONLDatasetReader: DatasetReader {
    public private(set) var columns: [String] = []
    public var report: ReadReport { bookkeeping.fullReport }
    public let bytesTotal: Int

    private let lines: ByteLineReader
    private var bookkeeping: ReadBookkeeping
    private let source: DatasetSource
    /// The text key as spelled in the first object (after case-insensitive matching).
    private var textKey: String
    /// The id key as spelled in the first object; `nil` when no id field was found there.
    private var idKey: String?
    /// The first object, read while opening and turned into a record by the first batch.
    private var firstObject: JSONObject?
    /// The names of the last record's columns, shared with the next when its keys are the same.
    private var lastNames = ColumnNames.none
    /// The keys kept with each record when the run chose them (`--columns a,b`), as in the first object.
    private var chosenKeys: [String]?

    /// A line's object: its fields in file order (the last of repeated keys wins) and by key.
    private struct JSONObject {
        var ordered: [JSONField]
        var byKey: [String: JSONValue]
        subscript(key: String) -> JSONValue? { byKey[key] }
        var keys: Dictionary<String, JSONValue>.Keys { byKey.keys }
    }
    /// Whether the current line had invalid UTF-8 replaced before parsing.
    private var lineRepaired = false
    private var finished = false

    /// Opens `source` as JSON Lines and reads up to its first object.
    ///
    /// - Throws: `TaskFlowFailure` when the file cannot be read, the first object lacks the text
    ///   field (or a requested id field), or (strict) a line before it is malformed.
    public convenience init(_ source: DatasetSource) throws {
        try self.init(source, chunkSize: ByteChunkReader.defaultChunkSize)
    }

    init(_ source: DatasetSource, chunkSize: Int, maxLineBytes: Int = 16 << 20) throws {
        let input = try ByteChunkReader(path: source.path, chunkSize: chunkSize)
        try input.skipByteOrderMark()
        bytesTotal = input.size
        lines = ByteLineReader(input, maxLineBytes: maxLineBytes)
        bookkeeping = ReadBookkeeping(source)
        self.source = source
        textKey = source.effectiveTextColumn
        idKey = source.idColumn
        try readFirstObject()
    }

    public func contentHash() throws -> String? {
        try lines.input.contentHash()
    }

    public func nextBatch(maxCount: Int) throws -> [Record]? {
        guard !finished else { return nil }
        let wanted = max(1, maxCount)
        var batch: [Record] = []
        batch.reserveCapacity(min(wanted, 4096))
        defer {
            bookkeeping.consumed(upTo: lines.offset)
        }
        while batch.count < wanted {
            guard !bookkeeping.isExhausted else {
                finished = true
                break
            }
            if let object = firstObject {
                // `lines` is still on the first object's line.
                firstObject = nil
                if let record = try makeRecord(object) {
                    batch.append(record)
                }
                continue
            }
            guard try lines.nextLine() else {
                finished = true
                break
            }
            if let object = try parseLine(), let record = try makeRecord(object) {
                batch.append(record)
            }
        }
        return batch.isEmpty ? nil : batch
    }

    /// Reads lines up to the first JSON object, fixing the columns and the text and id keys.
    private func readFirstObject() throws {
        while try lines.nextLine() {
            guard let object = try parseLine() else { continue }
            columns = object.keys.sorted()
            guard let text = Self.key(source.effectiveTextColumn, in: object) else {
                throw TaskFlowFailure.unknownColumn(
                    path: source.path, role: .text, name: source.effectiveTextColumn, columns: columns)
            }
            textKey = text
            if let requested = source.idColumn {
                guard let id = Self.key(requested, in: object) else {
                    throw TaskFlowFailure.unknownColumn(
                        path: source.path, role: .id, name: requested, columns: columns)
                }
                idKey = id
            } else {
                idKey = Self.key("id", in: object)
            }
            if case .only(let names) = source.columns {
                chosenKeys = try names.map { name in
                    guard let k = Self.key(name, in: object) else {
                        throw TaskFlowFailure.unknownColumn(path: source.path, role: .kept, name: name, columns: columns)
                    }
                    return k
                }
            }
            firstObject = object
            break
        }
        bookkeeping.consumed(upTo: lines.offset)
    }

    /// The current line as a JSON object; `nil` for a blank line or a malformed one (recorded).
    private func parseLine() throws -> JSONObject? {
        if lines.isBlank {
            bookkeeping.blankLine()
            return nil
        }
        if lines.overflowed {
            try bookkeeping.malformed(line: lines.line, reason: "line is longer than \(lines.maxLineBytes) bytes")
            return nil
        }
        var bytes = lines.bytes
        lineRepaired = false
        if bytes.contains(where: { $0 >= 0x80 }) {
            let (text, repaired) = bytes.withUnsafeBufferPointer { UTF8Text.decode($0) }
            if repaired {
                bytes = Array(text.utf8)
                lineRepaired = true
            }
        }
        // The SDK's own parser, not JSONSerialization: no Foundation objects per value, typed
        // numbers (int vs double) for the columns that travel with records, and one JSON stack
        // for reading data, results and caches alike.
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, keepingBigIntegers: true)
        } catch {
            try bookkeeping.malformed(line: lines.line, reason: "not valid JSON")
            return nil
        }
        guard case .object(let fields) = value else {
            try bookkeeping.malformed(
                line: lines.line, reason: "expected a JSON object, found \(Self.kind(of: value))")
            return nil
        }
        var object: [String: JSONValue] = [:]
        object.reserveCapacity(fields.count)
        // The last of repeated keys wins, as in most JSON readers.
        var repeated = false
        for f in fields where object.updateValue(f.value, forKey: f.key) != nil { repeated = true }
        var ordered = fields
        if repeated {
            var seen = Set<String>()
            ordered = fields.reversed().filter { seen.insert($0.key).inserted }.reversed()
        }
        return JSONObject(ordered: ordered, byKey: object)
    }

    /// The record for an object from the current line, or `nil` when it is malformed (recorded).
    private func makeRecord(_ object: JSONObject) throws -> Record? {
        guard let textValue = object[textKey] ?? Self.key(textKey, in: object).flatMap({ object[$0] }) else {
            try bookkeeping.malformed(line: lines.line, reason: "no \"\(textKey)\" field")
            return nil
        }
        guard let text = Self.scalarString(textValue) else {
            try bookkeeping.malformed(
                line: lines.line,
                reason: "\"\(textKey)\" is \(Self.kind(of: textValue)), not a string or number")
            return nil
        }
        var id = String(lines.line)
        var idFromData = false
        if let idKey {
            let idValue = object[idKey] ?? Self.key(idKey, in: object).flatMap { object[$0] }
            if let idValue, let idString = Self.scalarString(idValue) {
                id = idString
                idFromData = true
            } else if source.idColumn != nil {
                let found = idValue.map { "is \(Self.kind(of: $0)), not a string or number" } ?? "is missing"
                try bookkeeping.malformed(line: lines.line, reason: "id field \"\(idKey)\" \(found)")
                return nil
            }
        }
        let columns = keptColumns(object, textKey: textKey, idKey: idFromData ? idKey : nil)
        if !columns.isEmpty { bookkeeping.tally(columns, line: lines.line) }
        return bookkeeping.record(
            id: id, text: text, line: lines.line, repaired: lineRepaired, idFromData: idFromData, columns: columns)
    }

    /// The object's fields other than the text and id, typed, as the run chose them.
    private func keptColumns(_ object: JSONObject, textKey: String, idKey: String?) -> RecordColumns {
        var names: [String] = []
        var values: [ColumnValue] = []
        switch source.columns {
        case .none: return .none
        case .only:
            for k in chosenKeys ?? [] where k != textKey && k != idKey {
                names.append(k)
                values.append(object[k].map(ColumnTyping.value(ofJSON:)) ?? .null)
            }
        case .all:
            // Most lines have the keys of the line before: check that without building a list.
            values.reserveCapacity(object.ordered.count)
            var same = true
            var j = 0
            let previous = lastNames.names
            for f in object.ordered where f.key != textKey && f.key != idKey {
                if same, j < previous.count, previous[j] == f.key {
                    j += 1
                } else {
                    same = false
                }
                values.append(ColumnTyping.value(ofJSON: f.value))
            }
            if same, j == previous.count {
                return values.isEmpty ? .none : RecordColumns(names: lastNames, values: values)
            }
            names = object.ordered.lazy.filter { $0.key != textKey && $0.key != idKey }.map(\.key)
        }
        if names.isEmpty { return .none }
        if lastNames.names != names { lastNames = ColumnNames(names) }
        return RecordColumns(names: lastNames, values: values)
    }

    /// The key of `object` matching `name`: exact, then case-insensitive.
    private static func key(_ name: String, in object: JSONObject) -> String? {
        if object[name] != nil {
            return name
        }
        let keys = object.keys.sorted()
        return DatasetColumns.index(of: name, in: keys).map { keys[$0] }
    }

    /// A string or number as text: numbers in decimal, integral ones without a fraction.
    static func scalarString(_ value: JSONValue) -> String? {
        switch value {
        case .string(let string): return string
        case .int(let i): return String(i)
        case .double(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return String(d)
        default: return nil
        }
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .string: "a string"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        case .bool: "a boolean"
        case .int, .double: "a number"
        }
    }
}
