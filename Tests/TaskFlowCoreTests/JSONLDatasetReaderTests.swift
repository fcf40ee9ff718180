import Foundation
import Testing
@testable import TaskFlowCore
import TaskFlowPluginAPI

/// JSON Lines reading: value types, malformed lines, columns, ids, batching, chunking.
///
/// Each test writes its input to its own temporary directory, removed afterwards.
@Suite final class JSONLDatasetReaderTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("taskflow-jsonl-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func write(_ bytes: [UInt8], named name: String = "data.jsonl") throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func write(_ text: String, named name: String = "data.jsonl") throws -> String {
        try write(Array(text.utf8), named: name)
    }

    func readAll(
        _ path: String, textColumn: String? = nil, idColumn: String? = nil, strict: Bool = false,
        limit: Int? = nil, chunkSize: Int = ByteChunkReader.defaultChunkSize, columns: ColumnSelection = .none
    ) throws -> (records: [Record], report: ReadReport, columns: [String]) {
        let source = DatasetSource(
            path: path, textColumn: textColumn, idColumn: idColumn, strict: strict, limit: limit, columns: columns)
        let reader = try DatasetReaders.open(source, chunkSize: chunkSize)
        var records: [Record] = []
        while let batch = try reader.nextBatch(maxCount: 100) {
            #expect(!batch.isEmpty)
            records.append(contentsOf: batch)
        }
        return (records, reader.report, reader.columns)
    }

    @Test func stringsAndNumbersBecomeTextAndIds() throws {
        let path = try write("""
            {"id": 7, "text": "hello", "extra": [1, 2]}
            {"id": "a-1", "text": 42}
            {"id": 3.0, "text": 2.5}
            {"id": -12, "text": "tab\\tand \\"quote\\" and \\u00e9"}
            {"id": 12345678901234567890, "text": 1e20}

            """)
        let (records, report, _) = try readAll(path)
        #expect(records.map(\.id) == ["7", "a-1", "3", "-12", "12345678901234567890"])
        #expect(records.map(\.text) == ["hello", "42", "2.5", "tab\tand \"quote\" and é", "1e+20"])
        #expect(records.map(\.line) == [1, 2, 3, 4, 5])
        #expect(report.malformedCount == 0)
    }

    @Test func columnsAreTheSortedKeysOfTheFirstObject() throws {
        let path = try write("{\"text\": \"a\", \"id\": 1, \"b\": null}\n{\"text\": \"b\", \"z\": 1}\n")
        let (_, _, columns) = try readAll(path)
        #expect(columns == ["b", "id", "text"])
    }

    @Test func malformedLinesAreSkippedWithTheirLines() throws {
        let path = try write("""
            {"id": 1, "text": "ok"}
            not json
            [1, 2, 3]
            {"id": 4, "body": "no text field"}
            {"id": 5, "text": null}
            {"id": 6, "text": true}
            {"id": 7, "text": {"nested": 1}}
            "just a string"
            {"id": 9, "text": "fine"}
            {"id": 10, "text": "unterminated
            """)
        let (records, report, _) = try readAll(path)
        #expect(records.map(\.id) == ["1", "9"])
        #expect(report.malformed == [
            MalformedRow(line: 2, reason: "not valid JSON"),
            MalformedRow(line: 3, reason: "expected a JSON object, found an array"),
            MalformedRow(line: 4, reason: "no \"text\" field"),
            MalformedRow(line: 5, reason: "\"text\" is null, not a string or number"),
            MalformedRow(line: 6, reason: "\"text\" is a boolean, not a string or number"),
            MalformedRow(line: 7, reason: "\"text\" is an object, not a string or number"),
            MalformedRow(line: 8, reason: "expected a JSON object, found a string"),
            MalformedRow(line: 10, reason: "not valid JSON"),
        ])
        #expect(report.malformedCount == 8)
    }

    @Test func firstLinesMalformedThenColumnsComeFromTheFirstObject() throws {
        let path = try write("oops\n\n{\"text\": \"a\", \"k\": 1}\n")
        let (records, report, columns) = try readAll(path)
        #expect(columns == ["k", "text"])
        #expect(records == [Record(id: "3", text: "a", line: 3)])
        #expect(report.malformed == [MalformedRow(line: 1, reason: "not valid JSON")])
        #expect(report.blankLinesSkipped == 1)
    }

    @Test func strictModeThrowsWithTheLine() throws {
        let path = try write("{\"text\": \"a\"}\n{\"text\": \"b\"}\n{\"body\": \"c\"}\n")
        let reader = try DatasetReaders.open(DatasetSource(path: path, strict: true))
        let error = #expect(throws: TaskFlowFailure.self) { try reader.nextBatch(maxCount: 10) }
        #expect(error?.code == "malformed-row")
        #expect(error?.description == "\(path) line 3: no \"text\" field")
        #expect(error?.hint == "fix the row, or drop --strict to skip malformed rows and report them")
    }

    @Test func strictModeThrowsWhileOpeningWhenTheFirstLineIsMalformed() throws {
        let path = try write("{oops\n{\"text\": \"b\"}\n")
        let error = #expect(throws: TaskFlowFailure.self) {
            try DatasetReaders.open(DatasetSource(path: path, strict: true))
        }
        #expect(error?.description == "\(path) line 1: not valid JSON")
    }

    @Test func defaultIdsArePhysicalLineNumbersAndBlankLinesAreSkipped() throws {
        let path = try write("{\"text\": \"a\"}\n\n   \n{\"text\": \"b\"}\r\n{\"text\": \"c\"}")
        let (records, report, _) = try readAll(path)
        #expect(records.map(\.id) == ["1", "4", "5"])
        #expect(records.map(\.text) == ["a", "b", "c"])
        #expect(report.blankLinesSkipped == 2)
    }

    @Test func defaultIdFieldIsUsedWhenPresentAndLineNumberWhenAbsent() throws {
        let path = try write("{\"id\": \"x\", \"text\": \"a\"}\n{\"text\": \"b\"}\n")
        let (records, report, _) = try readAll(path)
        #expect(records.map(\.id) == ["x", "2"])
        #expect(report.malformedCount == 0)
    }

    @Test func unknownTextFieldListsTheKeys() throws {
        let path = try write("{\"id\": 1, \"body\": \"a\", \"stars\": 5}\n")
        let error = #expect(throws: TaskFlowFailure.self) { try self.readAll(path) }
        #expect(error?.code == "unknown-column")
        #expect(error?.description == "\(path) has no text column \"text\"; its columns are: body, id, stars")
        #expect(error?.fix?.subject == .textColumn)
        let (records, _, _) = try readAll(path, textColumn: "body")
        #expect(records == [Record(id: "1", text: "a", line: 1)])
    }

    @Test func explicitIdField() throws {
        let path = try write("{\"uid\": \"u1\", \"text\": \"a\"}\n{\"text\": \"b\"}\n{\"uid\": 9, \"text\": \"c\"}\n")
        let (records, report, _) = try readAll(path, idColumn: "uid")
        #expect(records.map(\.id) == ["u1", "9"])
        #expect(report.malformed == [MalformedRow(line: 2, reason: "id field \"uid\" is missing")])
        let error = #expect(throws: TaskFlowFailure.self) { try self.readAll(path, idColumn: "ticket") }
        #expect(error?.description == "\(path) has no id column \"ticket\"; its columns are: text, uid")
    }

    @Test func keysMatchIgnoringCase() throws {
        let path = try write("{\"ID\": 5, \"Text\": \"a\"}\n{\"ID\": 6, \"Text\": \"b\"}\n")
        let (records, _, _) = try readAll(path)
        #expect(records.map(\.id) == ["5", "6"])
        #expect(records.map(\.text) == ["a", "b"])
    }

    @Test func invalidUTF8IsReplacedAndCounted() throws {
        let bytes = Array("{\"text\": \"caf".utf8) + [0xE9] + Array("\"}\n{\"text\": \"ok\"}\n".utf8)
        let (records, report, _) = try readAll(try write(bytes))
        #expect(records.map(\.text) == ["caf\u{FFFD}", "ok"])
        #expect(report.invalidUTF8 == 1)
    }

    @Test func escapedNULCharactersAreReplacedAndCounted() throws {
        let path = try write("{\"id\": \"a\\u0000b\", \"text\": \"hello\\u0000world\"}\n{\"text\": \"ok\"}\n")
        let (records, report, _) = try readAll(path)
        #expect(records.map(\.text) == ["hello\u{FFFD}world", "ok"])
        #expect(records.map(\.id) == ["a\u{FFFD}b", "2"])
        #expect(report.nulReplaced == 1)
    }

    @Test func emptyTextsAreKeptAndCounted() throws {
        let path = try write("{\"text\": \"\"}\n{\"text\": \"  \\n \"}\n{\"text\": \"x\"}\n")
        let (records, report, _) = try readAll(path)
        #expect(records.count == 3)
        #expect(report.emptyTexts == 2)
    }

    @Test func byteOrderMarkAndNdjsonExtension() throws {
        let path = try write([0xEF, 0xBB, 0xBF] + Array("{\"text\": \"a\"}\r\n{\"text\": \"b\"}\r\n".utf8), named: "d.ndjson")
        let (records, report, _) = try readAll(path)
        #expect(records == [Record(id: "1", text: "a", line: 1), Record(id: "2", text: "b", line: 2)])
        #expect(report.malformedCount == 0)
    }

    @Test(arguments: [(7, 3, [3, 3, 1]), (2, 2, [2]), (0, 5, [])])
    func batchesHaveTheRequestedSizes(_ lines: Int, _ maxCount: Int, _ sizes: [Int]) throws {
        let text = (0..<lines).map { "{\"id\": \($0), \"text\": \"t\($0)\"}\n" }.joined()
        let reader = try DatasetReaders.open(DatasetSource(path: try write(text)))
        var seen: [Int] = []
        while let batch = try reader.nextBatch(maxCount: maxCount) {
            seen.append(batch.count)
        }
        #expect(seen == sizes)
        #expect(try reader.nextBatch(maxCount: maxCount) == nil)
    }

    @Test(arguments: [(0, 0), (1, 1), (4, 4), (9, 5)])
    func limitStopsAfterThatManyRecords(_ limit: Int, _ expected: Int) throws {
        let text = (1...5).map { "{\"text\": \"t\($0)\"}\n" }.joined()
        let (records, report, _) = try readAll(try write(text), limit: limit)
        #expect(records.map(\.id) == (0..<expected).map { String($0 + 1) })
        #expect(report.records == expected)
    }

    @Test(arguments: [1, 2, 3, 5, 8, 1 << 18])
    func chunkBoundariesDoNotChangeTheResult(_ chunkSize: Int) throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((
            "{\"id\": \"é1\", \"text\": \"naïve café 日本語 😀\"}\r\n"
            + "\r\n"
            + "{\"id\": 2, \"text\": \"line\\nbreak, \\\"quoted\\\"\"}\r\n"
            + "not json 😀\r\n"
            + "{\"text\": \"🎉 last\"}"
        ).utf8)
        let path = try write(bytes)
        let (records, report, columns) = try readAll(path, chunkSize: chunkSize)
        #expect(columns == ["id", "text"])
        #expect(records == [
            Record(id: "é1", text: "naïve café 日本語 😀", line: 1),
            Record(id: "2", text: "line\nbreak, \"quoted\"", line: 3),
            Record(id: "5", text: "🎉 last", line: 5),
        ])
        #expect(report.malformed == [MalformedRow(line: 4, reason: "not valid JSON")])
        #expect(report.blankLinesSkipped == 1)
        #expect(report.invalidUTF8 == 0)
        #expect(report.bytesRead == bytes.count)
    }

    @Test func emptyFileHasNoRecordsAndNoColumns() throws {
        let reader = try DatasetReaders.open(DatasetSource(path: try write("")))
        #expect(reader.columns == [])
        #expect(try reader.nextBatch(maxCount: 10) == nil)
    }

    @Test(arguments: [
        ("3", "3"), ("3.0", "3"), ("-0.5", "-0.5"), ("1e2", "100"), ("-0", "0"),
        ("\"x\"", "x"), ("true", nil), ("null", nil), ("[1]", nil), ("12345678901234567890", "12345678901234567890"), ("1e300", "1e+300"),
    ] as [(String, String?)])
    func scalarValuesBecomeText(_ json: String, _ expected: String?) throws {
        let value = try JSONParser.parse(Array(json.utf8), keepingBigIntegers: true)
        #expect(JSONLDatasetReader.scalarString(value) == expected)
    }
}
