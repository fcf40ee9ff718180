import Foundation
import Testing

/// `tf analyze` carries every column of a record to its outputs and store, typed, or the
/// ones `--columns` names; `--no-columns` leaves them out of the output only.
@Suite struct ColumnOutputTests {
    let feedback = "Playground/feedback.csv"

    @Test func jsonlCarriesTypedColumnsAndCSVWritesThemAfterTheText() throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let r = try TFProcess.run(["analyze", feedback, "--format", "jsonl", "--limit", "3", "--quiet"], home: home)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let first = try #require(r.stdout.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let columns = try #require(object["columns"] as? [String: Any])
        #expect(columns["product"] as? String == "Pulse Band")
        #expect(columns["rating"] as? Int == 3, "a number, not text")
        #expect(columns["created"] as? String == "2026-01-02T10:34:01Z")
        #expect(object["sentiment"] != nil)

        let csv = try TFProcess.run(["analyze", feedback, "--format", "csv", "--limit", "2", "--quiet", "--columns", "rating,product"], home: home)
        #expect(csv.stdout.hasPrefix("id,text,rating,product,sentiment_label,"), "\(csv.stdout.prefix(120))")
        #expect(csv.stdout.contains(",3,Pulse Band,"))

        let bare = try TFProcess.run(["analyze", feedback, "--format", "jsonl", "--limit", "2", "--quiet", "--no-columns"], home: home)
        #expect(!bare.stdout.contains("\"columns\""))
        let none = try TFProcess.run(["analyze", feedback, "--format", "csv", "--limit", "2", "--quiet", "--columns", "none"], home: home)
        #expect(none.stdout.hasPrefix("id,text,sentiment_label,"))
    }

    @Test func anUnknownColumnIsNamedWithTheColumnsThereAre() throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let r = try TFProcess.run(["analyze", feedback, "--columns", "rating,prodcut", "--quiet"], home: home)
        #expect(r.status != 0)
        #expect(r.stderr.contains("has no column \"prodcut\"; its columns are: id, product, channel, rating, created, text"), "\(r.stderr)")
        #expect(r.stderr.contains("--columns product"), "the fix names the flag: \(r.stderr)")
    }

    @Test func aDateColumnInMixedFormatsIsWarnedAboutNamingTheLine() throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let path = home.appendingPathComponent("mixed.csv").path
        try "id,created,text\n1,2026-03-01,good\n2,2026-03-02,bad\n3,03/07/2026,fine\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try TFProcess.run(["analyze", path, "--format", "jsonl"], home: home)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("column \"created\" is mostly time but 1 value is not ISO-8601 dates"), "\(r.stderr)")
        #expect(r.stderr.contains("first on line 4: \"03/07/2026\""), "\(r.stderr)")
    }
}
