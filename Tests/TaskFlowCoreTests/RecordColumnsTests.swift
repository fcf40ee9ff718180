import Foundation
import Testing
@testable import TaskFlowCore
import TaskFlowPluginAPI

/// Every column travels with its record: typed cells, the choice of columns, JSONL fields,
/// the type facts and their warnings, and hostile shapes (1,000 columns, a 1 MB cell).
@Suite final class RecordColumnsTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("taskflow-columns-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func write(_ text: String, named name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func read(_ text: String, named name: String = "d.csv", columns: ColumnSelection = .all) throws -> (records: [Record], report: ReadReport) {
        let reader = try DatasetReaders.open(DatasetSource(path: try write(text, named: name), columns: columns))
        let records = try reader.readAll()
        return (records, reader.report)
    }

    static func typed(_ cell: String) -> ColumnValue {
        Array(cell.utf8).withUnsafeBufferPointer { ColumnValue(cell: $0) }
    }

    @Test(arguments: [
        ("", ColumnValue.null),
        ("0", .int(0)), ("42", .int(42)), ("-7", .int(-7)),
        ("02139", .text("02139")), ("+5", .text("+5")), ("9223372036854775807", .int(Int.max)),
        ("9223372036854775808", .text("9223372036854775808")),
        ("4.5", .decimal(4.5)), ("-0.25", .decimal(-0.25)), ("1e3", .decimal(1000)), ("1.", .text("1.")),
        (".5", .text(".5")), ("1e999", .text("1e999")), ("00.5", .text("00.5")),
        ("true", .bool(true)), ("FALSE", .bool(false)), ("yes", .text("yes")),
        ("2026-03-05", .time("2026-03-05")), ("2026/03/05", .time("2026-03-05")),
        ("2026-03-05T10:15", .time("2026-03-05T10:15:00")), ("2026-03-05 10:15:30", .time("2026-03-05T10:15:30")),
        ("2026-03-05T10:15:30.250Z", .time("2026-03-05T10:15:30.250Z")),
        ("2026-03-05T10:15:30+0130", .time("2026-03-05T10:15:30+01:30")),
        ("2026-03-05T10:15:30-05", .time("2026-03-05T10:15:30-05:00")),
        ("2026-02-29", .text("2026-02-29")), ("2024-02-29", .time("2024-02-29")), ("2026-04-31", .text("2026-04-31")),
        ("2026-13-01", .text("2026-13-01")), ("2026-03-05T25:00", .text("2026-03-05T25:00")),
        ("03/07/2026", .text("03/07/2026")), ("Pulse Band", .text("Pulse Band")),
    ])
    func cellsAreTypedWhereTheDataAllows(_ cell: String, _ expected: ColumnValue) {
        #expect(Self.typed(cell) == expected, "\(cell)")
    }

    @Test func csvRowsCarryEveryOtherColumnTyped() throws {
        let (records, report) = try read(
            "id,product,rating,price,verified,created,text\n"
                + "a,Pulse Band,5,19.99,true,2026-03-01,great\n"
                + "b,\"Aura, Speaker\",,20,false,2026-03-02T08:00:00Z,meh\n")
        #expect(records.count == 2)
        let c = records[0].columns
        #expect(c.names.names == ["product", "rating", "price", "verified", "created"])
        #expect(c["product"] == .text("Pulse Band"))
        #expect(c["RATING"] == .int(5), "names match in any case")
        #expect(c["price"] == .decimal(19.99))
        #expect(c["verified"] == .bool(true))
        #expect(c["created"] == .time("2026-03-01"))
        #expect(records[1].columns["product"] == .text("Aura, Speaker"))
        #expect(records[1].columns["rating"] == .null)
        #expect(records[0].columns.names === records[1].columns.names, "one set of names for the file")
        let facts = Dictionary(uniqueKeysWithValues: report.columns.map { ($0.name, $0) })
        #expect(facts["rating"]?.type == "integer")
        #expect(facts["rating"]?.counts == ["integer": 1, "null": 1])
        #expect(facts["price"]?.type == "decimal", "integers among decimals are decimals")
        #expect(facts["price"]?.warning == nil)
        #expect(facts["created"]?.type == "time")
        #expect(report.idAndColumnWarnings.isEmpty)
    }

    @Test func chosenColumnsAreKeptInTheOrderGivenAndNoneKeepsNone() throws {
        let csv = "id,a,b,c,text\n1,x,2,y,t\n"
        #expect(try read(csv, columns: .only(["c", "A"])).records[0].columns.pairs.map(\.name) == ["c", "a"])
        #expect(try read(csv, columns: .none).records[0].columns.isEmpty)
        #expect(try read(csv, columns: .none).report.columns.isEmpty)
        let error = #expect(throws: TaskFlowFailure.self) { try self.read(csv, columns: .only(["nope"])) }
        #expect(error?.code == "unknown-column")
        #expect(error?.description.contains("has no column \"nope\"; its columns are: id, a, b, c, text") == true)
        #expect(error?.fix?.subject == .columns)
        #expect(try ColumnSelection.parse("none") == .none)
        #expect(try ColumnSelection.parse(" product , rating ") == .only(["product", "rating"]))
        #expect(throws: TaskFlowFailure.self) { try ColumnSelection.parse(",") }
    }

    @Test func aDateColumnInMixedFormatsIsRefusedNamingTheRow() throws {
        let (records, report) = try read(
            "id,created,text\n1,2026-03-01,a\n2,2026-03-02,b\n3,03/07/2026,c\n4,2026-03-04,d\n5,7 March 2026,e\n")
        #expect(records[2].columns["created"] == .text("03/07/2026"))
        let facts = try #require(report.columns.first)
        #expect(facts.type == "time")
        #expect(facts.others == 2)
        let warning = try #require(facts.warning)
        #expect(warning.contains("column \"created\" is mostly time but 2 values are not ISO-8601 dates"), "\(warning)")
        #expect(warning.contains("first on line 4: \"03/07/2026\""), "\(warning)")
        #expect(report.idAndColumnWarnings.contains(warning))
    }

    @Test func jsonlFieldsKeepTheirJSONTypesAndNestedValuesStayJSON() throws {
        let (records, report) = try read(
            """
            {"id": 1, "text": "a", "stars": 4, "score": 0.5, "ok": true, "when": "2026-01-02", "tags": ["x", "y"], "meta": {"k": null}, "none": null}
            {"id": 2, "text": "b", "stars": "five", "extra": "new"}
            """, named: "d.jsonl")
        let c = records[0].columns
        #expect(c.names.names == ["stars", "score", "ok", "when", "tags", "meta", "none"])
        #expect(c["stars"] == .int(4))
        #expect(c["score"] == .decimal(0.5))
        #expect(c["ok"] == .bool(true))
        #expect(c["when"] == .time("2026-01-02"))
        #expect(c["tags"] == .json("[\"x\",\"y\"]"))
        #expect(c["meta"] == .json("{\"k\":null}"))
        #expect(c["none"] == .null)
        #expect(records[1].columns.names.names == ["stars", "extra"])
        let facts = Dictionary(uniqueKeysWithValues: report.columns.map { ($0.name, $0) })
        #expect(facts["extra"]?.counts == ["text": 1, "null": 1], "a record without the field counts as null")
        #expect(facts["stars"]?.warning?.contains("first on line 2: \"five\"") == true)
    }

    /// Found by fuzzing: a header repeating a kept column's name counted its types in one
    /// tally for two positions and read past the counters.
    @Test func aRepeatedHeaderNameKeepsBothColumnsAndTheirFacts() throws {
        let (records, report) = try read("id,a,a,text\n1,x,2,t\n2,y,3,u\n")
        #expect(records[0].columns.names.names == ["a", "a"])
        #expect(records[0].columns.values == [.text("x"), .int(2)])
        #expect(records[0].columns["a"] == .text("x"), "the first of a repeated name is the one looked up")
        #expect(report.columns.map(\.type) == ["text", "integer"])
        #expect(report.duplicateColumns == ["a"])
    }

    @Test func aThousandColumnsAndAOneMegabyteCell() throws {
        let names = (1...1000).map { "c\($0)" }
        let big = String(repeating: "x", count: 1 << 20)
        let csv = "id,text," + names.joined(separator: ",") + "\n"
            + "1,hello," + (1...1000).map(String.init).joined(separator: ",") + "\n"
            + "2,\(big)," + Array(repeating: big.prefix(1000), count: 1000).joined(separator: ",") + "\n"
        let (records, report) = try read(csv)
        #expect(records.count == 2)
        #expect(records[0].columns.count == 1000)
        #expect(records[0].columns["c1000"] == .int(1000))
        #expect(records[1].text.utf8.count == 1 << 20)
        #expect(records[1].columns["c500"] == .text(String(repeating: "x", count: 1000)))
        #expect(report.columns.count == 1000)
    }

    @Test func storedColumnsRoundTripWithTheirTypes() throws {
        let columns = RecordColumns(
            names: ColumnNames(["p", "r", "d", "b", "t", "j", "n"]),
            values: [.text("Pulse"), .int(3), .decimal(2.5), .bool(false), .time("2026-03-01"), .json("[1,2]"), .null])
        let json = try #require(StoredColumns.encode(columns))
        var decoder = StoredColumns.Decoder()
        #expect(decoder.decode(json) == columns)
        #expect(StoredColumns.encode(.none) == nil)
        #expect(decoder.decode(nil).isEmpty)
    }

    @Test func weeksStartOnMonday() {
        #expect(CivilDate.weekStart(year: 2026, month: 11, day: 29) == "2026-11-23")
        #expect(CivilDate.weekStart(year: 2026, month: 11, day: 23) == "2026-11-23")
        #expect(CivilDate.weekStart(year: 2026, month: 1, day: 1) == "2025-12-29")
        #expect(CivilDate.date(days: CivilDate.days(year: 2000, month: 2, day: 29)) == (2000, 2, 29))
    }
}
