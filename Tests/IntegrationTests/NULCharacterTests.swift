import Foundation
import Testing
import TaskFlowStorage

/// A NUL inside a text is replaced by U+FFFD and counted, the same in every output and in the
/// store; nothing is cut short.
@Suite struct NULCharacterTests {
    @Test func everyPathCarriesTheWholeTextWithTheNULReplaced() async throws {
        let home = try TFProcess.temporaryDirectory()
        let input = home.appendingPathComponent("nul.csv")
        try Data(Array("id,text\n1,\"hello".utf8) + [0] + Array("world\"\n2,plain\n".utf8)).write(to: input)
        let db = home.appendingPathComponent("n.sqlite").path
        let whole = "hello\u{FFFD}world"

        let jsonl = home.appendingPathComponent("o.jsonl").path
        let r = try TFProcess.run(["analyze", input.path, "--db", db, "--format", "jsonl", "-o", jsonl], home: home)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("warning: 1 text had NUL characters, replaced with U+FFFD"), "stderr: \(r.stderr)")
        let first = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n")[0]
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(object["text"] as? String == whole)

        let csv = home.appendingPathComponent("o.csv").path
        #expect(try TFProcess.run(["analyze", input.path, "--db", db, "--format", "csv", "-o", csv], home: home).status == 0)
        let csvText = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(csvText.contains("1,\(whole),"))
        #expect(!csvText.utf8.contains(0))

        let table = try TFProcess.run(["analyze", input.path, "--db", db, "--format", "table"], home: home)
        #expect(table.stdout.contains(whole), "stdout: \(table.stdout)")

        let store = try SQLiteStore(path: db)
        let stored = try await store.query("SELECT text FROM record WHERE record_id = '1'").rows.map { $0[0] }
        #expect(stored == [whole])
        let run = try #require(try store.runs(limit: 1).first)
        #expect(try store.results(runID: run.id).first?.text == whole)
    }
}
