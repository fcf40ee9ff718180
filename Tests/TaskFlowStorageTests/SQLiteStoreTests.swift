import Foundation
import Testing
import TaskFlowCore
import GRDB
import TaskFlowPluginAPI

@testable import TaskFlowStorage

@Suite struct SQLiteStoreTests {
    func tempPath(_ name: String = "s.sqlite") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    func facts(_ path: String, hash: String? = "h1") -> DatasetFacts {
        DatasetFacts(path: path, format: "csv", textColumn: "text", idColumn: "id", bytes: 10, read: ReadReport(), contentHash: hash)
    }

    let tool = ToolFacts(id: "sentiment.vader", task: "sentiment", version: "1", backend: "lexicon", options: "{}")

    @Test func schemaHasTheTablesAndIndexesQueriesNeed() async throws {
        let store = try SQLiteStore(path: try tempPath())
        let tables = try await store.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").rows.compactMap { $0[0] }
        for t in ["dataset", "record", "result", "run", "run_batch"] { #expect(tables.contains(t)) }
        let indexes = try await store.query("SELECT name FROM sqlite_master WHERE type = 'index'").rows.compactMap { $0[0] }
        for i in ["record_on_record_id", "result_on_task", "run_on_dataset"] { #expect(indexes.contains(i)) }
        let mode = try await store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let plan = try await store.query("EXPLAIN QUERY PLAN SELECT value FROM result WHERE run_id = 1 AND task = 'sentiment'")
        #expect(plan.rows.contains { ($0.last ?? nil)?.contains("USING INDEX") == true || ($0.last ?? nil)?.contains("PRIMARY KEY") == true })
    }

    @Test func aBatchIsSavedWithItsRecordsResultsAndProgress() async throws {
        let path = try tempPath()
        let store = try SQLiteStore(path: path)
        let datasetID = try store.datasetID(for: facts(path))
        #expect(try store.datasetID(for: facts(path)) == datasetID)
        let runID = try store.beginRun(datasetID: datasetID, tools: [tool], device: "cpu", threads: 1, batchSize: 2)
        let records = [Record(id: "a", text: "good", line: 2), Record(id: "b", text: "bad", line: 3)]
        let values: [AnalysisValue] = [
            .classification(Classification(label: "positive", score: 0.44, scores: [ScoredLabel("compound", 0.44)])),
            .classification(Classification(label: "negative", score: -0.54, scores: [ScoredLabel("compound", -0.54)])),
        ]
        try store.saveBatch(
            runID: runID, datasetID: datasetID, batchIndex: 0, firstSeq: 0, records: records,
            results: [(tool.id, tool.task, values)])
        let stored = try store.results(runID: runID)
        #expect(stored.map(\.recordID) == ["a", "b"])
        #expect(stored[1].value == #"{"label":"negative","score":-0.54,"scores":{"compound":-0.54}}"#)
        let labels = try await store.query(
            "SELECT json_extract(value, '$.label') FROM result WHERE run_id = ? ORDER BY seq", arguments: [String(runID)])
        #expect(labels.rows.map { $0[0] } == ["positive", "negative"])
        let c = try store.consistency(runID: runID)
        #expect(c.batches == 1 && c.batchRecords == 2 && c.results == 2 && c.runRecordsDone == 2)
        try store.finishRun(runID: runID, status: .completed, wallSeconds: 0.5, summary: nil, error: nil)
        #expect(try store.runs().first?.status == "completed")
    }

    @Test func aFailingBatchLeavesNothingBehind() async throws {
        let path = try tempPath()
        let store = try SQLiteStore(path: path)
        let datasetID = try store.datasetID(for: facts(path))
        let runID = try store.beginRun(datasetID: datasetID, tools: [tool], device: "cpu", threads: 1, batchSize: 2)
        let records = [Record(id: "a", text: "x"), Record(id: "b", text: "y")]
        try store.saveBatch(runID: runID, datasetID: datasetID, batchIndex: 0, firstSeq: 0, records: records, results: [(tool.id, tool.task, [.json(.null), .json(.null)])])
        // The same batch index again violates the run_batch key after records and results were written.
        #expect(throws: (any Error).self) {
            try store.saveBatch(
                runID: runID, datasetID: datasetID, batchIndex: 0, firstSeq: 2, records: records,
                results: [(tool.id, tool.task, [.json(.null), .json(.null)])])
        }
        let c = try store.consistency(runID: runID)
        #expect(c.results == 2 && c.batches == 1 && c.runRecordsDone == 2)
        #expect(try await store.query("SELECT count(*) FROM record").rows.first?.first == "2")
    }

    @Test func datasetsAreIdentifiedByContentNotBySizeAndTime() throws {
        let path = try tempPath()
        let store = try SQLiteStore(path: path)
        let first = try store.datasetID(for: facts(path, hash: "h1"))
        #expect(try store.datasetID(for: facts(path, hash: "h1")) == first)
        // The same path, size and modification time with other bytes is another dataset.
        let rewritten = try store.datasetID(for: facts(path, hash: "h2"))
        #expect(rewritten != first)
        // Input that could not be hashed (a pipe) is never taken for one seen before.
        let piped = try store.datasetID(for: facts(path, hash: nil))
        #expect(![first, rewritten].contains(piped))
        #expect(try store.datasetID(for: facts(path, hash: nil)) != piped)
    }

    @Test func aStoredRecordThatDiffersIsRefusedAndTheDatasetRetired() throws {
        let path = try tempPath()
        let store = try SQLiteStore(path: path)
        let datasetID = try store.datasetID(for: facts(path))
        let run1 = try store.beginRun(datasetID: datasetID, tools: [tool], device: "cpu", threads: 1, batchSize: 2)
        let null: [AnalysisValue] = [.json(.null), .json(.null)]
        try store.saveBatch(
            runID: run1, datasetID: datasetID, batchIndex: 0, firstSeq: 0,
            records: [Record(id: "a", text: "caf\u{E9}"), Record(id: "b", text: "old")], results: [(tool.id, tool.task, null)])
        // The same texts again (a re-run) are fine.
        let run2 = try store.beginRun(datasetID: datasetID, tools: [tool], device: "cpu", threads: 1, batchSize: 2)
        try store.saveBatch(
            runID: run2, datasetID: datasetID, batchIndex: 0, firstSeq: 0,
            records: [Record(id: "a", text: "caf\u{E9}"), Record(id: "b", text: "old")], results: [(tool.id, tool.task, null)])
        // Other texts at the same positions — even one only canonically equal — are refused, whole.
        let run3 = try store.beginRun(datasetID: datasetID, tools: [tool], device: "cpu", threads: 1, batchSize: 2)
        let error = #expect(throws: TaskFlowFailure.self) {
            try store.saveBatch(
                runID: run3, datasetID: datasetID, batchIndex: 0, firstSeq: 0,
                records: [Record(id: "a", text: "cafe\u{301}"), Record(id: "b", text: "new")], results: [(tool.id, tool.task, null)])
        }
        #expect(error?.code == "dataset-changed")
        #expect(error?.description.contains("record 1 of \(path)") == true)
        #expect(try store.consistency(runID: run3).results == 0)
        #expect(try store.results(runID: run2).map(\.text) == ["caf\u{E9}", "old"])
        // Retired: the next run with that hash reads the file afresh into a new dataset.
        #expect(try store.datasetID(for: facts(path)) != datasetID)
    }

    @Test func datasetsStoredBeforeContentHashesAreNeverMatchedAgain() async throws {
        let path = try tempPath()
        let old = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(old, upTo: "v3-agent-results")
        try await old.write { db in
            try db.execute(sql: """
                INSERT INTO dataset (id, path, name, format, text_column, id_column, file_size, file_mtime, created_at)
                VALUES (1, ?, 'x', 'csv', 'text', 'id', 10, 0, 'then')
                """, arguments: [path])
        }
        try old.close()
        let store = try SQLiteStore(path: path)
        #expect(try store.datasetID(for: facts(path)) != 1)
        let indexes = try await store.query("SELECT name FROM sqlite_master WHERE type = 'index'").rows.compactMap { $0[0] }
        #expect(indexes.contains("dataset_on_content") && !indexes.contains("dataset_on_identity"))
    }

    /// The id of a process that has ended (and been reaped).
    func endedProcessID() throws -> Int {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "exit 0"]
        try p.run()
        p.waitUntilExit()
        return Int(p.processIdentifier)
    }

    @Test func aRunningRunWhoseProcessIsGoneIsListedAndStoredAsInterrupted() async throws {
        let path = try tempPath()
        let store = try SQLiteStore(path: path)
        let datasetID = try store.datasetID(for: facts(path))
        let dead = try store.beginRun(datasetID: datasetID, tools: [tool], device: "cpu", threads: 1, batchSize: 2)
        let elsewhere = try store.beginRun(datasetID: datasetID, tools: [tool], device: "cpu", threads: 1, batchSize: 2)
        let alive = try store.beginRun(datasetID: datasetID, tools: [tool], device: "cpu", threads: 1, batchSize: 2)
        let pid = try endedProcessID()
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE run SET pid = ?, process_start = NULL WHERE id = ?", arguments: [pid, dead])
            try db.execute(sql: "UPDATE run SET pid = ?, host = 'another-machine' WHERE id = ?", arguments: [pid, elsewhere])
        }
        let listed = Dictionary(uniqueKeysWithValues: try store.runs().map { ($0.id, $0.status) })
        #expect(listed == [dead: "interrupted", elsewhere: "running", alive: "running"])
        let stored = try await store.query("SELECT status, error FROM run WHERE id = ?", arguments: [String(dead)]).rows.first
        #expect(stored?[0] == "interrupted")
        #expect(stored?[1]?.contains("pid \(pid)") == true)
    }

    @Test func beginningARunMarksTheVanishedOnesInterrupted() throws {
        let path = try tempPath()
        let store = try SQLiteStore(path: path)
        let datasetID = try store.datasetID(for: facts(path))
        let dead = try store.beginRun(datasetID: datasetID, tools: [tool], device: "cpu", threads: 1, batchSize: 2)
        // Its pid now names another process (this one): the start time tells them apart.
        try store.pool.write { db in
            try db.execute(sql: "UPDATE run SET process_start = process_start - 1 WHERE id = ?", arguments: [dead])
        }
        _ = try store.beginRun(datasetID: datasetID, tools: [tool], device: "cpu", threads: 1, batchSize: 2)
        let status = try store.pool.read { db in try String.fetchOne(db, sql: "SELECT status FROM run WHERE id = ?", arguments: [dead]) }
        #expect(status == "interrupted")
    }

    @Test func runsLeftRunningByOlderVersionsAreCheckedByTheirPid() throws {
        let path = try tempPath()
        let old = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(old, upTo: "v4-datasets-by-content")
        let pid = try endedProcessID()
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO dataset (id, path, name, format, text_column, file_size, file_mtime, created_at)
                VALUES (1, 'x', 'x', 'txt', 'text', 1, 0, 'then');
                INSERT INTO run (id, dataset_id, status, tools, device, threads, batch_size, pid, started_at, records_done)
                VALUES (1, 1, 'running', '[]', 'cpu', 1, 8, \(pid), 'then', 16), (2, 1, 'completed', '[]', 'cpu', 1, 8, 1, 'then', 3);
                """)
        }
        try old.close()
        let store = try SQLiteStore(path: path)
        #expect(try store.runs().map(\.status) == ["completed", "interrupted"])
        #expect(try store.runs().map(\.recordsDone) == [3, 16])
    }

    @Test func aNULNeverCutsAStoredTextShort() throws {
        let path = try tempPath()
        let store = try SQLiteStore(path: path)
        let datasetID = try store.datasetID(for: facts(path))
        let runID = try store.beginRun(datasetID: datasetID, tools: [tool], device: "cpu", threads: 1, batchSize: 1)
        try store.saveBatch(
            runID: runID, datasetID: datasetID, batchIndex: 0, firstSeq: 0, records: [Record(id: "a\0b", text: "hello\0world")],
            results: [(tool.id, tool.task, [.json(.null)])])
        let stored = try #require(try store.results(runID: runID).first)
        #expect(stored.text == "hello\u{FFFD}world")
        #expect(stored.recordID == "a\u{FFFD}b")
    }

    @Test func sqlIsReadOnly() async throws {
        let store = try SQLiteStore(path: try tempPath())
        do {
            _ = try await store.query("DELETE FROM run")
            Issue.record("a write was allowed")
        } catch let e as TaskFlowFailure {
            #expect(e.description.contains("read-only"))
        }
        do {
            _ = try await store.query("SELEC nonsense")
            Issue.record("bad SQL was accepted")
        } catch let e as TaskFlowFailure {
            #expect(e.description.contains("SQL error"))
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellingARunningQueryInterruptsIt() async throws {
        let store = try SQLiteStore(path: try tempPath())
        // `started(x)`, called on every step of the endless query below, says when it runs. The
        // pool hands the next read the one connection it has made, which knows the function.
        let (steps, step) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let started = DatabaseFunction("started", argumentCount: 1, pure: false) { _ in
            step.yield()
            return 1
        }
        try await store.pool.read { db in db.add(function: started) }
        let endless = Task {
            try await store.query("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE started(x)) SELECT count(*) FROM n")
        }
        for await _ in steps { break }
        endless.cancel()
        await #expect(throws: CancellationError.self) { try await endless.value }
        // The store answers the next query.
        #expect(try await store.query("SELECT 40 + 2").rows == [["42"]])
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        let path = try tempPath("garbage.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        do {
            _ = try SQLiteStore(path: path)
            Issue.record("opened garbage")
        } catch let e as TaskFlowFailure {
            #expect(e.description.contains(path))
            #expect(e.code == "store-damaged" && e.fix?.subject == .database)
        }
    }

    @Test func aFullDiskIsAFailureNamingTheDatabaseAndTheFixNotTheSQL() throws {
        let path = try tempPath()
        let store = try SQLiteStore(path: path)
        let datasetID = try store.datasetID(for: facts(path))
        let runID = try store.beginRun(datasetID: datasetID, tools: [tool], device: "cpu", threads: 1, batchSize: 50)
        // The database may not grow by a page more: SQLite answers as on a full disk (SQLITE_FULL).
        try store.pool.write { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        let records = (0..<50).map { Record(id: String($0), text: String(repeating: "text \($0) ", count: 200)) }
        let error = #expect(throws: TaskFlowFailure.self) {
            try store.saveBatch(
                runID: runID, datasetID: datasetID, batchIndex: 0, firstSeq: 0, records: records,
                results: [(tool.id, tool.task, records.map { _ in .json(.null) })])
        }
        #expect(error?.code == "store-full")
        #expect(error?.description == "the results database \(path) is full: the disk holding it has no space left")
        #expect(error?.fix?.subject == .database)
        #expect(try store.consistency(runID: runID).results == 0)
    }

    @Test(arguments: [
        ("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x')", "it holds tables TaskFlow did not create (contacts)"),
        ("PRAGMA application_id = 1234; CREATE TABLE t (x)", "it belongs to another program (SQLite application_id 0x000004D2)"),
        ("PRAGMA application_id = 1234", "it belongs to another program (SQLite application_id 0x000004D2)"),
    ])
    func anotherProgramsDatabaseIsRefusedAndLeftAlone(_ setup: String, _ why: String) throws {
        let path = try tempPath("theirs.sqlite")
        let theirs = try DatabaseQueue(path: path)
        try theirs.write { db in try db.execute(sql: setup) }
        try theirs.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = #expect(throws: TaskFlowFailure.self) { try SQLiteStore(path: path) }
        #expect(error?.code == "foreign-database")
        #expect(error?.description == "\(path) is not a TaskFlow results database: \(why); TaskFlow will not add its tables to it")
        #expect(error?.fix?.subject == .database)
        #expect(error?.exitCode == 2)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func taskFlowDatabasesCarryTheApplicationIDAndOlderOnesAreAccepted() async throws {
        let fresh = try tempPath()
        _ = try SQLiteStore(path: fresh)
        let id = try await DatabaseQueue(path: fresh).read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }
        #expect(id == SQLiteStore.applicationID)

        // A TaskFlow database from before application_id was set, and an empty SQLite file.
        let older = try tempPath("older.sqlite")
        let queue = try DatabaseQueue(path: older)
        try StoreMigrations.migrator.migrate(queue, upTo: "v5-interrupted-runs")
        try queue.close()
        let store = try SQLiteStore(path: older)
        #expect(try await store.query("PRAGMA application_id").rows.first?.first == String(SQLiteStore.applicationID))
        let empty = try tempPath("empty.sqlite")
        try DatabaseQueue(path: empty).close()
        _ = try SQLiteStore(path: empty)
    }

    @Test func aFinishedRunsSummaryIsReadBackThroughTheProtocol() async throws {
        let path = try tempPath()
        let store: any RunStore = try SQLiteStore(path: path)
        #expect(store.location == path)
        let datasetID = try await store.datasetID(for: facts(path))
        let runID = try await store.beginRun(datasetID: datasetID, tools: [tool], device: "cpu", threads: 1, batchSize: 2)
        #expect(try await store.summary(runID: runID) == nil, "a running run has no summary yet")
        var summary = RunSummary(
            runID: runID, dataset: facts(path), status: .completed, device: "cpu", threads: 1, batchSize: 2, tools: [tool],
            recordsDone: 2)
        summary.features = [FeatureUsage(feature: "embedding(m)", analyzers: ["a"], records: 2, seconds: 0.1, cacheHits: 0, cacheSeconds: 0)]
        try await store.finishRun(runID: runID, status: .completed, wallSeconds: 0.2, summary: summary, error: nil)
        let back = try #require(try await store.summary(runID: runID))
        #expect(back.recordsDone == 2 && back.features == summary.features)
        #expect(try await store.summary(runID: 999) == nil)
        #expect(try await store.runs(limit: 5).map(\.id) == [runID])
    }
}
