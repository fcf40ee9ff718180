import Foundation
import Testing
@testable import TaskFlowCore
import TaskFlowPluginAPI

/// Plain-text reading: one record per line, ids are line numbers.
///
/// Each test writes its input to its own temporary directory, removed afterwards.
@Suite final class TextLineDatasetReaderTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("taskflow-txt-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func write(_ bytes: [UInt8], named name: String = "data.txt") throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func write(_ text: String, named name: String = "data.txt") throws -> String {
        try write(Array(text.utf8), named: name)
    }

    func readAll(
        _ path: String, limit: Int? = nil, chunkSize: Int = ByteChunkReader.defaultChunkSize
    ) throws -> (records: [Record], report: ReadReport) {
        let reader = try DatasetReaders.open(DatasetSource(path: path, limit: limit), chunkSize: chunkSize)
        #expect(reader.columns == ["text"])
        var records: [Record] = []
        while let batch = try reader.nextBatch(maxCount: 100) {
            #expect(!batch.isEmpty)
            records.append(contentsOf: batch)
        }
        return (records, reader.report)
    }

    @Test func eachLineIsARecordNumberedByLine() throws {
        let (records, report) = try readAll(try write("first\nsecond, with \"quotes\"\nthird\n"))
        #expect(records == [
            Record(id: "1", text: "first", line: 1),
            Record(id: "2", text: "second, with \"quotes\"", line: 2),
            Record(id: "3", text: "third", line: 3),
        ])
        #expect(report.records == 3)
        #expect(report.blankLinesSkipped == 0)
    }

    @Test func blankLinesAreSkippedCountedAndKeepTheNumbering() throws {
        let (records, report) = try readAll(try write("a\n\nb\r\n  \t\r\nc"))
        #expect(records.map(\.id) == ["1", "3", "5"])
        #expect(records.map(\.text) == ["a", "b", "c"])
        #expect(report.blankLinesSkipped == 2)
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func linesEndAtAnyLineEnding(_ newline: String) throws {
        let (records, _) = try readAll(try write(["one", "two", "three"].joined(separator: newline) + newline))
        #expect(records.map(\.text) == ["one", "two", "three"])
        #expect(records.map(\.id) == ["1", "2", "3"])
    }

    @Test func byteOrderMarkIsStripped() throws {
        let (records, _) = try readAll(try write([0xEF, 0xBB, 0xBF] + Array("hello\nworld\n".utf8)))
        #expect(records.map(\.text) == ["hello", "world"])
    }

    @Test func invalidUTF8IsReplacedAndCounted() throws {
        let bytes = Array("ok\nbad ".utf8) + [0xC3] + Array("\nalso bad ".utf8) + [0xF0, 0x9F, 0x98] + Array("!\n".utf8)
        let (records, report) = try readAll(try write(bytes))
        #expect(records.map(\.text) == ["ok", "bad \u{FFFD}", "also bad \u{FFFD}!"])
        #expect(report.invalidUTF8 == 2)
    }

    @Test func nulCharactersAreReplacedAndCounted() throws {
        let bytes = Array("hello".utf8) + [0] + Array("world\nplain\n".utf8) + [0] + Array("\n".utf8)
        let (records, report) = try readAll(try write(bytes))
        #expect(records.map(\.text) == ["hello\u{FFFD}world", "plain", "\u{FFFD}"])
        #expect(report.nulReplaced == 2)
        #expect(report.invalidUTF8 == 0)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 7, 1 << 18])
    func chunkBoundariesDoNotChangeTheResult(_ chunkSize: Int) throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("naïve café\r\n\r\n日本語 😀\r\n🎉\nlast".utf8)
        let (records, report) = try readAll(try write(bytes), chunkSize: chunkSize)
        #expect(records == [
            Record(id: "1", text: "naïve café", line: 1),
            Record(id: "3", text: "日本語 😀", line: 3),
            Record(id: "4", text: "🎉", line: 4),
            Record(id: "5", text: "last", line: 5),
        ])
        #expect(report.blankLinesSkipped == 1)
        #expect(report.invalidUTF8 == 0)
        #expect(report.bytesRead == bytes.count)
    }

    @Test(arguments: [(10, 4, [4, 4, 2]), (4, 4, [4]), (1, 10, [1])])
    func batchesHaveTheRequestedSizes(_ lines: Int, _ maxCount: Int, _ sizes: [Int]) throws {
        let text = (1...lines).map { "line \($0)\n" }.joined()
        let reader = try DatasetReaders.open(DatasetSource(path: try write(text)))
        var seen: [Int] = []
        var ids: [String] = []
        while let batch = try reader.nextBatch(maxCount: maxCount) {
            seen.append(batch.count)
            ids += batch.map(\.id)
        }
        #expect(seen == sizes)
        #expect(ids == (1...lines).map(String.init))
        #expect(try reader.nextBatch(maxCount: maxCount) == nil)
    }

    @Test(arguments: [(0, 0), (2, 2), (50, 6)])
    func limitStopsAfterThatManyRecords(_ limit: Int, _ expected: Int) throws {
        let (records, report) = try readAll(try write("a\nb\n\nc\nd\ne\nf\n"), limit: limit)
        #expect(records.count == expected)
        #expect(report.records == expected)
    }

    @Test func emptyFileHasNoRecords() throws {
        let (records, report) = try readAll(try write(""))
        #expect(records.isEmpty)
        #expect(report.blankLinesSkipped == 0)
    }

    @Test func overlongLineIsMalformed() throws {
        let path = try write("short\n" + String(repeating: "x", count: 50) + "\nfine\n")
        let reader = try TextLineDatasetReader(DatasetSource(path: path), chunkSize: 8, maxLineBytes: 20)
        let records = try reader.readAll()
        #expect(records.map(\.id) == ["1", "3"])
        #expect(reader.report.malformed == [MalformedRow(line: 2, reason: "line is longer than 20 bytes")])
    }

    @Test func textAndIdColumnsDoNotApply() throws {
        let path = try write("a\n")
        let reader = try DatasetReaders.open(DatasetSource(path: path, textColumn: "body", idColumn: "uid"))
        #expect(try reader.readAll() == [Record(id: "1", text: "a", line: 1)])
    }
}
