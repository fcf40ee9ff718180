import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

@testable import TaskFlowStorage

/// Records' other columns in the store: kept typed beside the text, visible to SQL, and part of
/// what identifies a dataset.
@Suite struct RecordColumnStoreTests {
    func tempPath() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-store-cols-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("s.sqlite").path
    }

    let tool = ToolFacts(id: "sentiment.vader", task: "sentiment", version: "1", backend: "lexicon", options: "{}")

    @Test func columnsAreStoredTypedAndSQLSeesThem() async throws {
        let path = try tempPath()
        let store = try SQLiteStore(path: path)
        let facts = DatasetFacts(
            path: path, format: "csv", textColumn: "text", idColumn: "id", bytes: 10, read: ReadReport(), contentHash: "h")
        let datasetID = try store.datasetID(for: facts)
        let runID = try store.beginRun(datasetID: datasetID, tools: [tool], device: "cpu", threads: 1, batchSize: 2)
        let names = ColumnNames(["product", "rating", "created", "sentiment"])
        let records = [
            Record(id: "a", text: "good", line: 2, columns: RecordColumns(names: names, values: [.text("Pulse Band"), .int(5), .time("2026-03-01"), .text("happy")])),
            Record(id: "b", text: "bad", line: 3, columns: RecordColumns(names: names, values: [.text("Aura"), .int(1), .null, .text("sad")])),
        ]
        let value = AnalysisValue.classification(Classification(label: "positive", score: 0.4, scores: []))
        try store.saveBatch(
            runID: runID, datasetID: datasetID, batchIndex: 0, firstSeq: 0, records: records, results: [(tool.id, tool.task, [value, value])])

        let byProduct = try await store.query(
            "SELECT json_extract(columns, '$.product'), typeof(json_extract(columns, '$.rating')) FROM record ORDER BY seq")
        #expect(byProduct.rows == [["Pulse Band", "integer"], ["Aura", "integer"]])
        let view = try await store.query("SELECT name, value, type FROM record_column WHERE record_id = 'b' ORDER BY name")
        #expect(view.rows == [["created", nil, "null"], ["product", "Aura", "text"], ["rating", "1", "integer"], ["sentiment", "sad", "text"]])

        let stored = try store.results(runID: runID)
        var decoder = StoredColumns.Decoder()
        #expect(decoder.decode(stored[0].columns) == records[0].columns)
    }

    @Test func aDatasetReadWithOtherColumnsIsAnotherDataset() throws {
        let path = try tempPath()
        let store = try SQLiteStore(path: path)
        func facts(_ columns: String) -> DatasetFacts {
            DatasetFacts(
                path: path, format: "csv", textColumn: "text", idColumn: nil, bytes: 1, read: ReadReport(), contentHash: "h",
                columns: columns)
        }
        let all = try store.datasetID(for: facts("all"))
        #expect(try store.datasetID(for: facts("all")) == all)
        #expect(try store.datasetID(for: facts("none")) != all)
        #expect(try store.datasetID(for: facts("product,rating")) != all)
    }
}
