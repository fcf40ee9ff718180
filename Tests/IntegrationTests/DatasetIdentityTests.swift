import Foundation
import Testing
import TaskFlowStorage

/// A dataset is recognised by its content: a file rewritten with the same size and modification
/// time (`cp -p`, `rsync -a`) never has its new results paired with the old texts.
@Suite struct DatasetIdentityTests {
    @Test func aFileRewrittenWithTheSameSizeAndTimeIsReadAfresh() throws {
        let home = try TFProcess.temporaryDirectory()
        let input = home.appendingPathComponent("reviews.txt")
        let db = home.appendingPathComponent("d.sqlite").path
        let time = Date(timeIntervalSince1970: 1_700_000_000)
        func write(_ lines: [String]) throws {
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
            try FileManager.default.setAttributes([.modificationDate: time], ofItemAtPath: input.path)
        }

        try write(["I love it, great!", "Awful. I hate it."])
        let first = try TFProcess.run(["analyze", input.path, "--db", db, "--format", "jsonl"], home: home)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        try write(["Awful. I hate it.", "I love it, great!"])
        let second = try TFProcess.run(["analyze", input.path, "--db", db, "--format", "jsonl"], home: home)
        #expect(second.status == 0, "stderr: \(second.stderr)")

        let store = try SQLiteStore(path: db)
        let runs = try store.runs(limit: 2)
        #expect(runs.count == 2 && runs[0].datasetID != runs[1].datasetID)
        let stored = try store.results(runID: runs[0].id)
        #expect(stored.map(\.text) == ["Awful. I hate it.", "I love it, great!"])
        #expect(stored.map { $0.value.contains("\"negative\"") } == [true, false])
        // What was printed and what was stored agree, record by record.
        let printed = second.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(printed.map { $0["text"] as? String } == stored.map(\.text))
    }
}
