import Foundation
import Testing
@testable import TaskFlowCore
import TaskFlowPluginAPI

/// CSV and TSV reading: RFC 4180 quoting, line numbers, malformed rows, columns, batching, chunking.
///
/// Each test writes its input to its own temporary directory, removed afterwards.
@Suite final class CSVDatasetReaderTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("taskflow-csv-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes `bytes` to a file called `name` and returns its path.
    func write(_ bytes: [UInt8], named name: String = "data.csv") throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func write(_ text: String, named name: String = "data.csv") throws -> String {
        try write(Array(text.utf8), named: name)
    }

    /// Reads every record of `path` through `DatasetReaders.open`, with an optional chunk size.
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

    // MARK: - Quoting

    @Test func quotedFieldsKeepDelimitersAndEscapedQuotes() throws {
        let path = try write("id,text,rating\n1,\"Hello, world\",5\n2,\"She said \"\"hi\"\"\",4\n3,plain,3\n4,\"\",2\n")
        let (records, report, columns) = try readAll(path)
        #expect(columns == ["id", "text", "rating"])
        #expect(records.map(\.text) == ["Hello, world", "She said \"hi\"", "plain", ""])
        #expect(records.map(\.id) == ["1", "2", "3", "4"])
        #expect(records.map(\.line) == [2, 3, 4, 5])
        #expect(report.malformedCount == 0)
        #expect(report.records == 4)
        #expect(report.emptyTexts == 1)
    }

    @Test func newlinesInsideQuotesAreKeptAndCountedAsLines() throws {
        let path = try write("id,text\r\n1,\"line one\nline two\"\r\n2,\"a\r\nb\"\r\n3,after\r\n")
        let (records, report, _) = try readAll(path)
        #expect(records.map(\.text) == ["line one\nline two", "a\r\nb", "after"])
        #expect(records.map(\.line) == [2, 4, 6])
        #expect(report.malformedCount == 0)
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func rowsEndAtAnyLineEnding(_ newline: String) throws {
        let path = try write(["id,text", "1,first", "2,\"second, quoted\"", "3,third"].joined(separator: newline) + newline)
        let (records, report, _) = try readAll(path)
        #expect(records.map(\.text) == ["first", "second, quoted", "third"])
        #expect(records.map(\.line) == [2, 3, 4])
        #expect(report.blankLinesSkipped == 0)
        #expect(report.malformedCount == 0)
    }

    @Test func lastRowWithoutNewlineIsRead() throws {
        let path = try write("id,text\n1,a\n2,b")
        let (records, _, _) = try readAll(path)
        #expect(records.map(\.text) == ["a", "b"])
    }

    @Test func byteOrderMarkIsStripped() throws {
        let path = try write([0xEF, 0xBB, 0xBF] + Array("id,text\n1,hi\n".utf8))
        let (records, _, columns) = try readAll(path)
        #expect(columns == ["id", "text"])
        #expect(records == [Record(id: "1", text: "hi", line: 2)])
    }

    @Test func strayQuoteInUnquotedFieldIsLiteral() throws {
        let path = try write("id,text\n1,5\" screen is great\n2,a \"quoted\" word\n")
        let (records, report, _) = try readAll(path)
        #expect(records.map(\.text) == ["5\" screen is great", "a \"quoted\" word"])
        #expect(report.malformedCount == 0)
    }

    @Test func blankLinesBetweenRowsAreSkippedAndCounted() throws {
        let path = try write("id,text\n1,a\n\n2,b\r\n\r\n3,c\n")
        let (records, report, _) = try readAll(path)
        #expect(records.map(\.text) == ["a", "b", "c"])
        #expect(records.map(\.line) == [2, 4, 6])
        #expect(report.blankLinesSkipped == 2)
        #expect(report.malformedCount == 0)
    }

    @Test func tabSeparatedFilesUseTheSameRules() throws {
        let path = try write("id\ttext\n1\ta, b \"c\"\n2\t\"x\ty\"\n", named: "data.tsv")
        let (records, _, columns) = try readAll(path)
        #expect(columns == ["id", "text"])
        #expect(records.map(\.text) == ["a, b \"c\"", "x\ty"])
        // The public initializer picks the tab from the extension too.
        #expect(try CSVDatasetReader(DatasetSource(path: path)).readAll().map(\.text) == records.map(\.text))
    }

    // MARK: - Malformed rows

    @Test func raggedRowsAreSkippedWithTheirLines() throws {
        let path = try write("id,text,score\n1,ok,1\n2,too,many,fields\n3,few\n4,fine,4\n")
        let (records, report, _) = try readAll(path)
        #expect(records.map(\.id) == ["1", "4"])
        #expect(report.malformedCount == 2)
        #expect(report.malformed == [
            MalformedRow(line: 3, reason: "expected 3 fields, found 4"),
            MalformedRow(line: 4, reason: "expected 3 fields, found 2"),
        ])
    }

    @Test func raggedRowAfterMultilineFieldReportsItsPhysicalLine() throws {
        // Row 1 spans lines 2-4, so the ragged row is on line 5 (data row 2).
        let path = try write("id,text\n1,\"a\nb\nc\"\n2,x,y\n3,ok\n")
        let (records, report, _) = try readAll(path)
        #expect(records.map(\.id) == ["1", "3"])
        #expect(records.map(\.line) == [2, 6])
        #expect(report.malformed == [MalformedRow(line: 5, reason: "expected 2 fields, found 3")])
    }

    @Test func charactersAfterClosingQuoteMakeTheRowMalformed() throws {
        let path = try write("id,text\n1,\"quoted\"junk\n2,fine\n")
        let (records, report, _) = try readAll(path)
        #expect(records.map(\.text) == ["fine"])
        #expect(report.malformed == [MalformedRow(line: 2, reason: "characters after the closing quote of field 2")])
    }

    @Test func unterminatedQuoteAtEndOfFileCostsOnlyItsRow() throws {
        let path = try write("id,text\n1,ok\n2,\"broken\n3,fine\n4,also fine\n")
        let (records, report, _) = try readAll(path)
        #expect(report.malformed == [MalformedRow(line: 3, reason: "unterminated quoted field starting at line 3")])
        #expect(records.map(\.id) == ["1", "3", "4"])
        #expect(records.map(\.line) == [2, 4, 5])
    }

    @Test func unterminatedQuoteOnTheLastRow() throws {
        let path = try write("id,text\n1,ok\n2,\"never closed")
        let (records, report, _) = try readAll(path)
        #expect(records.map(\.id) == ["1"])
        #expect(report.malformed == [MalformedRow(line: 3, reason: "unterminated quoted field starting at line 3")])
    }

    @Test func unterminatedQuoteNamesTheLineWhereTheQuoteOpens() throws {
        // The row starts on line 2; its second quoted field opens on line 3 and never closes.
        let path = try write("a,b,text\n1,\"x\ny\",\"open\n")
        let (records, report, _) = try readAll(path)
        #expect(records.isEmpty)
        #expect(report.malformed.first == MalformedRow(line: 2, reason: "unterminated quoted field starting at line 3"))
    }

    @Test func strictModeThrowsOnTheFirstMalformedRow() throws {
        let path = try write("id,text\n1,a\n2,\"b\nc\"\n3,d,e\n4,f\n")
        let reader = try DatasetReaders.open(DatasetSource(path: path, strict: true))
        let first = try reader.nextBatch(maxCount: 1)
        #expect(first?.map(\.id) == ["1"])
        let error = #expect(throws: TaskFlowFailure.self) { try reader.nextBatch(maxCount: 10) }
        #expect(error?.code == "malformed-row")
        #expect(error?.description == "\(path) line 5: expected 2 fields, found 3")
        #expect(error?.hint == "fix the row, or drop --strict to skip malformed rows and report them")
    }

    @Test func strictModeThrowsOnAnUnterminatedQuote() throws {
        let path = try write("id,text\n1,\"open\n2,b\n")
        let reader = try DatasetReaders.open(DatasetSource(path: path, strict: true))
        let error = #expect(throws: TaskFlowFailure.self) { try reader.nextBatch(maxCount: 10) }
        #expect(error?.description == "\(path) line 2: unterminated quoted field starting at line 2")
    }

    @Test func onlyTheFirstHundredMalformedRowsAreKept() throws {
        var text = "id,text\n"
        for i in 1...150 {
            text += "\(i),ok\n\(i),bad,row\n"
        }
        let (records, report, _) = try readAll(try write(text))
        #expect(records.count == 150)
        #expect(report.malformedCount == 150)
        #expect(report.malformed.count == ReadReport.malformedKept)
        #expect(report.malformed.first?.line == 3)
        #expect(report.malformed.last?.line == 201)
    }

    @Test func overlongRowIsMalformedNotBuffered() throws {
        let long = String(repeating: "x", count: 300)
        let path = try write("id,text\n1,short\n2,\(long)\n3,fine\n")
        let reader = try CSVDatasetReader(
            DatasetSource(path: path), delimiter: UInt8(ascii: ","), chunkSize: 64, maxRowBytes: 100)
        let records = try reader.readAll()
        #expect(records.map(\.id) == ["1", "3"])
        #expect(reader.report.malformed.map(\.line) == [3])
        #expect(reader.report.malformed.first?.reason.hasPrefix("row is longer than 100 bytes") == true)
    }

    // MARK: - Text

    @Test func invalidUTF8IsReplacedAndCountedOncePerRecord() throws {
        var bytes = Array("id,text\n1,caf".utf8) + [0xE9] + Array(" ok".utf8) + [0xFF] + Array("\n".utf8)
        bytes += Array("2,fine\n3,".utf8) + [0xE2, 0x82] + Array("\n".utf8)
        let (records, report, _) = try readAll(try write(bytes))
        #expect(records.map(\.text) == ["caf\u{FFFD} ok\u{FFFD}", "fine", "\u{FFFD}"])
        #expect(report.invalidUTF8 == 2)
    }

    @Test func nulCharactersAreReplacedAndCountedNotCutShort() throws {
        let bytes = Array("id,text\n1,\"hello".utf8) + [0] + Array("world\"\n2,fine\nx".utf8) + [0] + Array(",a".utf8) + [0, 0] + Array("\n".utf8)
        let (records, report, _) = try readAll(try write(bytes))
        #expect(records.map(\.text) == ["hello\u{FFFD}world", "fine", "a\u{FFFD}\u{FFFD}"])
        #expect(records.map(\.id) == ["1", "2", "x\u{FFFD}"])
        #expect(report.nulReplaced == 2)
        #expect(report.invalidUTF8 == 0)
    }

    @Test func validMultibyteTextIsNotCountedAsInvalid() throws {
        let path = try write("id,text\n1,naïve café 日本語 😀\n2,\"\u{FFFD} literal replacement\"\n")
        let (records, report, _) = try readAll(path)
        #expect(records.map(\.text) == ["naïve café 日本語 😀", "\u{FFFD} literal replacement"])
        #expect(report.invalidUTF8 == 0)
    }

    @Test func emptyAndWhitespaceTextsAreKeptAndCounted() throws {
        let path = try write("id,text\n1,\n2,\"   \"\n3,x\n4,\"\t\"\n")
        let (records, report, _) = try readAll(path)
        #expect(records.map(\.text) == ["", "   ", "x", "\t"])
        #expect(report.emptyTexts == 3)
    }

    // MARK: - Columns and ids

    @Test func unknownTextColumnListsTheColumns() throws {
        let path = try write("id,text,rating\n1,a,5\n")
        let error = #expect(throws: TaskFlowFailure.self) { try self.readAll(path, textColumn: "body") }
        #expect(error?.code == "unknown-column")
        #expect(error?.description == "\(path) has no text column \"body\"; its columns are: id, text, rating")
        #expect(error?.fix?.subject == .textColumn)
    }

    @Test func missingDefaultTextColumnIsAnError() throws {
        let path = try write("id,comment\n1,a\n")
        let error = #expect(throws: TaskFlowFailure.self) { try self.readAll(path) }
        #expect(error?.description.contains("no text column \"text\"") == true)
        #expect(error?.description.contains("id, comment") == true)
    }

    @Test func singleColumnHeaderHintsAtTheDelimiter() throws {
        let path = try write("id;text\n1;a\n")
        let error = #expect(throws: TaskFlowFailure.self) { try self.readAll(path) }
        #expect(error?.hint?.contains("semicolons or tabs") == true)
    }

    @Test func explicitIdColumnIsUsed() throws {
        let path = try write("ticket,text,id\nT-1,a,9\nT-2,b,8\n")
        let (records, _, _) = try readAll(path, idColumn: "ticket")
        #expect(records.map(\.id) == ["T-1", "T-2"])
    }

    @Test func explicitIdColumnThatIsMissingIsAnError() throws {
        let path = try write("ticket,text\nT-1,a\n")
        let error = #expect(throws: TaskFlowFailure.self) { try self.readAll(path, idColumn: "uid") }
        #expect(error?.code == "unknown-column")
        #expect(error?.description == "\(path) has no id column \"uid\"; its columns are: ticket, text")
        #expect(error?.fix?.subject == .idColumn)
    }

    @Test func withoutAnIdColumnIdsAreDataRowNumbers() throws {
        // Malformed rows keep their number, so fixing one does not renumber the rest.
        let path = try write("text,score\na,1\n\nb\nc,3\n\"d\ne\",4\n")
        let (records, report, _) = try readAll(path)
        #expect(records.map(\.id) == ["1", "3", "4"])
        #expect(records.map(\.text) == ["a", "c", "d\ne"])
        #expect(report.malformed.map(\.line) == [4])
    }

    @Test(arguments: [
        ("ID,Text\n7,hi\n", nil as String?, "hi", "7"),
        ("Id,TEXT\n7,hi\n", "text", "hi", "7"),
        ("text,Text\nlower,upper\n", "Text", "upper", "1"),
        ("text,Text\nlower,upper\n", "text", "lower", "1"),
        (" id , text \n7,hi\n", nil, "hi", "7"),
        (" text,TEXT,id\nspaced,upper,7\n", "text", "upper", "7"),
    ])
    func columnsMatchExactlyFirstThenIgnoringCase(_ csv: String, _ textColumn: String?, _ text: String, _ id: String) throws {
        let (records, _, _) = try readAll(try write(csv), textColumn: textColumn)
        #expect(records == [Record(id: id, text: text, line: 2)])
    }

    // MARK: - Batching and limits

    @Test(arguments: [
        (10, 4, [4, 4, 2]),
        (10, 5, [5, 5]),
        (3, 100, [3]),
        (1, 1, [1]),
        (0, 4, []),
        (5, 0, [1, 1, 1, 1, 1]),
    ])
    func batchesHaveTheRequestedSizes(_ rows: Int, _ maxCount: Int, _ sizes: [Int]) throws {
        let text = "id,text\n" + (1...max(rows, 1)).prefix(rows).map { "\($0),t\($0)\n" }.joined()
        let reader = try DatasetReaders.open(DatasetSource(path: try write(text)))
        var seen: [Int] = []
        var ids: [String] = []
        while let batch = try reader.nextBatch(maxCount: maxCount) {
            seen.append(batch.count)
            ids += batch.map(\.id)
        }
        #expect(seen == sizes)
        #expect(ids == (0..<rows).map { String($0 + 1) })
        #expect(try reader.nextBatch(maxCount: maxCount) == nil)
        #expect(reader.report.records == rows)
    }

    @Test(arguments: [(0, 0), (3, 3), (10, 10), (20, 10)])
    func limitStopsAfterThatManyRecords(_ limit: Int, _ expected: Int) throws {
        let text = "id,text\n" + (1...10).map { "\($0),t\($0)\n" }.joined()
        let (records, report, _) = try readAll(try write(text), limit: limit)
        #expect(records.map(\.id) == (0..<expected).map { String($0 + 1) })
        #expect(report.records == expected)
    }

    @Test func limitCountsRecordsNotMalformedRows() throws {
        let path = try write("id,text\n1,a\n2,b,x\n3,c\n4,d\n")
        let (records, _, _) = try readAll(path, limit: 2)
        #expect(records.map(\.id) == ["1", "3"])
    }

    @Test func reportCountsBytes() throws {
        let text = "id,text\n1,a\n2,b\n"
        let path = try write(text)
        let reader = try DatasetReaders.open(DatasetSource(path: path))
        #expect(reader.bytesTotal == text.utf8.count)
        _ = try reader.readAll()
        #expect(reader.report.bytesRead == text.utf8.count)
    }

    // MARK: - Chunk boundaries

    /// A file that puts quotes, CRLFs, escapes, multi-byte characters and bad rows everywhere.
    static let tricky: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((
        "id,text,note\r\n"
        + "1,\"naïve, \"\"café\"\"\r\nsecond line 日本語\",😀\r\n"
        + "\r\n"
        + "2,plain 5\" text,x\r\n"
        + "3,\"ends in emoji 😀\",\"\"\r\n"
        + "4,too,many,fields\r\n"
        + "5,\"a\nb\nc\",z\n"
        + "6,\"closed\"junk,y\n"
        + "7,last,ok"
    ).utf8)

    @Test(arguments: [1, 2, 3, 4, 5, 7, 13, 64, 1 << 18])
    func chunkBoundariesDoNotChangeTheResult(_ chunkSize: Int) throws {
        let path = try write(Self.tricky)
        let (records, report, columns) = try readAll(path, chunkSize: chunkSize, columns: .all)
        #expect(columns == ["id", "text", "note"])
        // The other column travels with each record, across every chunk boundary too.
        func note(_ v: ColumnValue) -> RecordColumns { RecordColumns(names: ColumnNames(["note"]), values: [v]) }
        #expect(records == [
            Record(id: "1", text: "naïve, \"café\"\r\nsecond line 日本語", line: 2, columns: note(.text("😀"))),
            Record(id: "2", text: "plain 5\" text", line: 5, columns: note(.text("x"))),
            Record(id: "3", text: "ends in emoji 😀", line: 6, columns: note(.null)),
            Record(id: "5", text: "a\nb\nc", line: 8, columns: note(.text("z"))),
            Record(id: "7", text: "last", line: 12, columns: note(.text("ok"))),
        ])
        #expect(report.malformed == [
            MalformedRow(line: 7, reason: "expected 3 fields, found 4"),
            MalformedRow(line: 11, reason: "characters after the closing quote of field 2"),
        ])
        #expect(report.blankLinesSkipped == 1)
        #expect(report.invalidUTF8 == 0)
        #expect(report.bytesRead == Self.tricky.count)
    }

    @Test(arguments: [1, 2, 3, 5])
    func unterminatedQuoteRecoveryWorksAcrossChunks(_ chunkSize: Int) throws {
        let path = try write("id,text\r\n1,ok\r\n2,\"broken 😀\r\n3,fine\r\n")
        let (records, report, _) = try readAll(path, chunkSize: chunkSize)
        #expect(records.map(\.text) == ["ok", "fine"])
        #expect(records.map(\.line) == [2, 4])
        #expect(report.malformed.map(\.line) == [3])
    }

    /// Random rows with hostile fields, quoted as a CSV writer would, read back at several chunk sizes.
    @Test(arguments: [1, 3, 8, 17, 1 << 18])
    func generatedRowsRoundTrip(_ chunkSize: Int) throws {
        var random = SplitMix64(seed: 42)
        let pieces = [
            "a", "word", "longer words here", ",", "\"", "\"\"", "\n", "\r\n", " ", "é", "日本", "😀",
            "x,y", "5\" tv", "\t",
        ]
        func field() -> String {
            (0..<random.next(below: 12)).map { _ in pieces[random.next(below: pieces.count)] }.joined()
        }
        var texts: [Record] = []
        var others: [Record] = []
        var text = "id,other,text\n"
        var line = 2
        for row in 1...400 {
            let (other, body) = (field(), field())
            let newline = random.next(below: 2) == 0 ? "\n" : "\r\n"
            text += "\(row),\(Self.quoted(other)),\(Self.quoted(body))\(newline)"
            texts.append(Record(id: String(row), text: body, line: line))
            others.append(Record(id: String(row), text: other, line: line))
            line += 1 + (other + body).filter { $0 == "\n" || $0 == "\r\n" }.count
        }
        let path = try write(text)
        for (column, expected) in [("text", texts), ("other", others)] {
            let (records, report, _) = try readAll(path, textColumn: column, chunkSize: chunkSize)
            #expect(report.malformedCount == 0)
            #expect(records.count == expected.count)
            for (got, want) in zip(records, expected) where got != want {
                Issue.record("\(column) of row \(want.id): got \(got), want \(want)")
            }
        }
    }

    /// `field` as a CSV writer writes it: quoted (quotes doubled) when it needs to be.
    static func quoted(_ field: String) -> String {
        let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r\n" }
            || field.hasPrefix(" ")
        return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    // MARK: - Files and formats

    @Test func missingFileIsNamed() throws {
        let path = directory.appendingPathComponent("nope.csv").path
        let error = #expect(throws: TaskFlowFailure.self) { try DatasetReaders.open(DatasetSource(path: path)) }
        #expect(error?.code == "file-not-found")
        #expect(error?.description == "no such file: \(path)")
        #expect(error?.hint != nil)
    }

    @Test func directoryIsRefused() throws {
        let error = #expect(throws: TaskFlowFailure.self) {
            try DatasetReaders.open(DatasetSource(path: self.directory.path))
        }
        #expect(error?.code == "not-a-file")
        #expect(error?.description.contains(directory.path) == true)
    }

    @Test func unknownExtensionListsTheSupportedOnes() throws {
        let path = try write("id,text\n1,a\n", named: "data.xlsx")
        let error = #expect(throws: TaskFlowFailure.self) { try DatasetReaders.open(DatasetSource(path: path)) }
        #expect(error?.code == "unknown-format")
        #expect(error?.description.contains(".csv, .tsv, .jsonl, .ndjson, .txt") == true)
        #expect(error?.fix?.subject == .inputFormat)
        // Given explicitly, the format wins over the extension.
        let reader = try DatasetReaders.open(DatasetSource(path: path, format: .csv))
        #expect(try reader.readAll().map(\.text) == ["a"])
    }

    @Test(arguments: [
        ("a.csv", DatasetFormat.csv), ("b.TSV", .tsv), ("dir.v2/c.jsonl", .jsonl), ("d.ndjson", .jsonl),
        ("e.txt", .txt), ("/x/y/f.Csv", .csv),
    ])
    func formatIsInferredFromTheExtension(_ path: String, _ format: DatasetFormat) throws {
        #expect(try DatasetFormat.infer(fromPath: path) == format)
    }

    @Test(arguments: ["noext", "archive.csv.gz", "dir.csv/file", ".csv"])
    func unknownExtensionsAreRejected(_ path: String) {
        #expect(throws: TaskFlowFailure.self) { try DatasetFormat.infer(fromPath: path) }
    }

    @Test func emptyFileHasNoHeader() throws {
        let path = try write("")
        let error = #expect(throws: TaskFlowFailure.self) { try DatasetReaders.open(DatasetSource(path: path)) }
        #expect(error?.code == "missing-header")
    }

    @Test func headerOnlyFileHasNoRecords() throws {
        let reader = try DatasetReaders.open(DatasetSource(path: try write("id,text\n")))
        #expect(reader.columns == ["id", "text"])
        #expect(try reader.nextBatch(maxCount: 10) == nil)
        #expect(reader.report.blankLinesSkipped == 0)
    }

    @Test func malformedHeaderIsAnError() throws {
        let path = try write("id,\"text\"x\n1,a\n")
        let error = #expect(throws: TaskFlowFailure.self) { try DatasetReaders.open(DatasetSource(path: path)) }
        #expect(error?.code == "malformed-header")
        #expect(error?.description.contains("line 1") == true)
    }

    @Test func utf16IsRefusedWithAConversionHint() throws {
        let path = try write([0xFF, 0xFE] + Array("i\0d\0".utf8))
        let error = #expect(throws: TaskFlowFailure.self) { try DatasetReaders.open(DatasetSource(path: path)) }
        #expect(error?.code == "unsupported-encoding")
        #expect(error?.description.contains("UTF-16LE") == true)
    }
}

/// A small seeded generator, so generated inputs are the same on every run.
private struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
