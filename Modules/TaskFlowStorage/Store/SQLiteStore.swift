import Foundation
import GRDB
import TaskFlowCore
import TaskFlowPluginAPI

/// TaskFlow's results store: datasets, records, runs and results in one SQLite file (WAL).
///
/// A batch is saved in one transaction together with the run's progress, so a process killed at
/// any moment leaves a database in which every finished batch is complete and nothing else is.
/// Its methods are synchronous (GRDB serialises writes); through `RunStore` they are awaited.
public final class SQLiteStore: RunStore, Sendable {
    public let path: String
    public var location: String { path }
    let pool: DatabasePool

    /// Opens (creating when needed) the store at `path` and migrates it to the current schema.
    ///
    /// - Throws: `TaskFlowFailure` naming the database and the fix: for another program's
    ///   database (never changed), a damaged file, a full disk or a path that cannot be written.
    public init(path: String) throws {
        self.path = path
        try Self.refuseForeignDatabase(at: path)
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty {
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try StoreMigrations.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw Self.failure(error, path: path, doing: "open")
        } catch {
            throw TaskFlowFailure(
                "store-unusable", "cannot open the results database \(path): \(error)",
                fix: Fix(.database, example: "OTHER-FOLDER/taskflow.sqlite"), hint: "or check the path is writable")
        }
    }

    /// The dataset row for a file's content as read with given columns: found when a stored one
    /// has the same content hash, path, format and columns, else created (always created for
    /// input without a hash).
    ///
    /// Size and modification time are kept for people reading the table; they identify nothing.
    public func datasetID(for facts: DatasetFacts) throws -> Int64 {
        let attrs = try? FileManager.default.attributesOfItem(atPath: facts.path)
        let size = (attrs?[.size] as? NSNumber)?.int64Value ?? Int64(facts.bytes)
        let mtime = (attrs?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let name = (facts.path as NSString).lastPathComponent
        return try write { db in
            if let hash = facts.contentHash, let id = try Int64.fetchOne(
                db,
                sql: """
                    SELECT id FROM dataset WHERE content_hash = ? AND path = ? AND format = ?
                    AND text_column = ? AND ifnull(id_column, '') = ifnull(?, '') AND columns_kept = ?
                    """,
                arguments: [hash, facts.path, facts.format, facts.textColumn, facts.idColumn, facts.columns])
            {
                return id
            }
            try db.execute(
                sql: """
                    INSERT INTO dataset (path, name, format, text_column, id_column, file_size, file_mtime, content_hash,
                        columns_kept, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    facts.path, name, facts.format, facts.textColumn, facts.idColumn, size, mtime, facts.contentHash,
                    facts.columns, Self.now(),
                ])
            return db.lastInsertedRowID
        }
    }

    /// Records a new run as `running`, with the process running it, and returns its id.
    ///
    /// Runs left `running` by a process that is gone are marked `interrupted` first, so a store
    /// only ever written by unattended runs still tells the truth.
    public func beginRun(datasetID: Int64, tools: [ToolFacts], device: String, threads: Int, batchSize: Int) throws -> Int64 {
        let toolsJSON = String(decoding: try JSONEncoder().encode(tools), as: UTF8.self)
        let me = ProcessIdentity.current
        return try write { db in
            try markInterrupted(db, ids: try vanishedRuns(db))
            try db.execute(
                sql: """
                    INSERT INTO run (dataset_id, status, tools, device, threads, batch_size, pid, host, boot_id, process_start, started_at)
                    VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    datasetID, toolsJSON, device, threads, batchSize, me.pid, me.host, me.bootID, me.startTime, Self.now(),
                ])
            return db.lastInsertedRowID
        }
    }

    /// Saves one analysed batch in one transaction: its records, every analyzer's results and
    /// the run's progress.
    ///
    /// Records the dataset already holds (a re-run) are compared with the batch's, not written
    /// again: results are never paired with other texts than those analysed.
    ///
    /// - Parameters:
    ///   - firstSeq: the 0-based position of the batch's first record in the dataset.
    ///   - results: per analyzer (id, task), one value per record in `records`.
    /// - Throws: `TaskFlowFailure` (`dataset-changed`) when a stored record differs; the dataset
    ///   row is then retired, so running again reads the file afresh.
    public func saveBatch(
        runID: Int64, datasetID: Int64, batchIndex: Int, firstSeq: Int, records: [TaskFlowPluginAPI.Record],
        results: [(id: String, task: String, values: [AnalysisValue])]
    ) throws {
        let encoded = results.map { r in (r.id, r.task, r.values.map(\.jsonString)) }
        do {
            try write { db in
                try saveRecords(db, datasetID: datasetID, firstSeq: firstSeq, records: records)
                try saveResults(db, runID: runID, batchIndex: batchIndex, firstSeq: firstSeq, count: records.count, encoded: encoded)
            }
        } catch let changed as DatasetChanged {
            try write { db in
                try db.execute(sql: "UPDATE dataset SET content_hash = NULL WHERE id = ?", arguments: [datasetID])
            }
            throw TaskFlowFailure(
                "dataset-changed",
                "record \(changed.seq + 1) of \(changed.datasetPath) differs from the one stored for it in \(path): "
                    + "the file changed while it was read",
                hint: "run again once the file is no longer being written; it will be read afresh")
        }
    }

    /// A stored record that differs from the one being saved at the same position.
    private struct DatasetChanged: Error {
        var seq: Int
        var datasetPath: String
    }

    /// Inserts the batch's records the dataset does not hold yet, and checks the others.
    private func saveRecords(_ db: Database, datasetID: Int64, firstSeq: Int, records: [TaskFlowPluginAPI.Record]) throws {
        var stored: [Int: (id: String, text: String)] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT seq, record_id, text FROM record WHERE dataset_id = ? AND seq >= ? AND seq < ?",
            arguments: [datasetID, firstSeq, firstSeq + records.count])
        {
            stored[row["seq"]] = (row["record_id"], row["text"])
        }
        let insert = try db.cachedStatement(
            sql: "INSERT INTO record (dataset_id, seq, record_id, line, text, columns) VALUES (?, ?, ?, ?, ?, ?)")
        for (i, r) in records.enumerated() {
            // GRDB binds text as a C string: a NUL would cut it short. Readers already replace
            // NULs; this keeps any other record whole the same way.
            let (id, text) = (NULCharacters.replaced(in: r.id), NULCharacters.replaced(in: r.text))
            if let old = stored[firstSeq + i] {
                // Byte for byte: `==` would take a text rewritten in another Unicode normal form for the same.
                guard old.id.utf8.elementsEqual(id.utf8), old.text.utf8.elementsEqual(text.utf8) else {
                    let datasetPath = try String.fetchOne(db, sql: "SELECT path FROM dataset WHERE id = ?", arguments: [datasetID])
                    throw DatasetChanged(seq: firstSeq + i, datasetPath: datasetPath ?? "dataset \(datasetID)")
                }
                continue
            }
            try insert.execute(arguments: [datasetID, firstSeq + i, id, r.line, text, StoredColumns.encode(r.columns)])
        }
    }

    /// Inserts the batch's results and counts the batch in the run's progress.
    private func saveResults(
        _ db: Database, runID: Int64, batchIndex: Int, firstSeq: Int, count: Int, encoded: [(String, String, [String])]
    ) throws {
        let insertResult = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO result (run_id, seq, analyzer, task, value) VALUES (?, ?, ?, ?, ?)")
        for (id, task, values) in encoded {
            for (i, v) in values.enumerated() {
                try insertResult.execute(arguments: [runID, firstSeq + i, id, task, v])
            }
        }
        try db.execute(
            sql: "INSERT INTO run_batch (run_id, batch_index, first_seq, count, committed_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [runID, batchIndex, firstSeq, count, Self.now()])
        try db.execute(
            sql: "UPDATE run SET records_done = records_done + ?, batches_done = batches_done + 1 WHERE id = ?",
            arguments: [count, runID])
    }

    /// Stores one value per record of the run from a corpus analyzer, in one transaction.
    public func saveCorpusValues(runID: Int64, analyzer: String, task: String, values: [AnalysisValue]) throws {
        let encoded = values.map(\.jsonString)
        try write { db in
            let insert = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO result (run_id, seq, analyzer, task, value) VALUES (?, ?, ?, ?, ?)")
            for (i, v) in encoded.enumerated() { try insert.execute(arguments: [runID, i, analyzer, task, v]) }
        }
    }

    /// Stores what a corpus analyzer found for a run.
    public func saveCorpusFindings(runID: Int64, findings: CorpusFindings) throws {
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO corpus_result (run_id, analyzer, summary, report_section, seconds) VALUES (?, ?, ?, ?, ?)",
                arguments: [runID, findings.analyzer, findings.summary, findings.reportSection, findings.seconds])
        }
    }

    /// Stores what an agent wrote for a run (`sections` and `notes` as JSON arrays).
    public func saveAgentFindings(runID: Int64, findings f: AgentFindings) throws {
        let sections = String(decoding: try JSONEncoder().encode(f.sections), as: UTF8.self)
        let notes = String(decoding: try JSONEncoder().encode(f.notes), as: UTF8.self)
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO agent_result (run_id, agent, version, status, findings, sections, notes, model,
                        llm_calls, input_tokens, output_tokens, seconds, cost, cache_hits, retries)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    runID, f.agent, f.version, f.status.rawValue, f.findings, sections, notes, f.model, f.llmCalls,
                    f.inputTokens, f.outputTokens, f.seconds, f.cost, f.cacheHits, f.retries,
                ])
        }
    }

    /// Marks a run finished with its status, wall time, summary and error.
    public func finishRun(runID: Int64, status: RunStatus, wallSeconds: Double, summary: RunSummary?, error: String?) throws {
        let summaryJSON = try summary.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try write { db in
            try db.execute(
                sql: """
                    UPDATE run SET status = ?, finished_at = ?, wall_seconds = ?, summary = ?, error = ? WHERE id = ?
                    """,
                arguments: [status.rawValue, Self.now(), wallSeconds, summaryJSON, error, runID])
        }
    }

    static func now() -> String {
        Date().formatted(.iso8601)
    }
}
