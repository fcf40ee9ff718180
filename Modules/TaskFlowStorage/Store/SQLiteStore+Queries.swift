import Foundation
import GRDB
import TaskFlowCore
import TaskFlowPluginAPI

extension SQLiteStore {
    /// Past runs, newest first; a `running` run whose process is gone is `interrupted`.
    ///
    /// Listing is where people look, so it is where a vanished process is noticed: the run is
    /// stored as `interrupted` (or only shown so, when the store cannot be written).
    public func runs(limit: Int = 50) throws -> [StoredRun] {
        let vanished = Set(try read { db in try vanishedRuns(db) })
        if !vanished.isEmpty {
            try? write { db in try markInterrupted(db, ids: Array(vanished)) }
        }
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT run.*, dataset.name AS dataset_name FROM run JOIN dataset ON dataset.id = run.dataset_id
                    ORDER BY run.id DESC LIMIT ?
                    """, arguments: [limit]
            ).map { row in
                let status: String = row["status"]
                return StoredRun(
                    id: row["id"], datasetID: row["dataset_id"], datasetName: row["dataset_name"],
                    status: status == RunStatus.running.rawValue && vanished.contains(row["id"]) ? RunStatus.interrupted.rawValue : status,
                    tools: row["tools"], device: row["device"],
                    startedAt: row["started_at"], finishedAt: row["finished_at"],
                    recordsDone: row["records_done"], batchesDone: row["batches_done"],
                    wallSeconds: row["wall_seconds"], pid: row["pid"])
            }
        }
    }

    /// The `running` runs whose process is gone (see `ProcessIdentity`).
    func vanishedRuns(_ db: Database) throws -> [Int64] {
        try Row.fetchAll(db, sql: "SELECT id, pid, host, boot_id, process_start FROM run WHERE status = 'running'").compactMap { row in
            let owner = ProcessIdentity(pid: row["pid"], host: row["host"], bootID: row["boot_id"], startTime: row["process_start"])
            return owner.liveness() == .gone ? row["id"] : nil
        }
    }

    /// Marks runs `interrupted` that are still `running`, saying why.
    func markInterrupted(_ db: Database, ids: [Int64]) throws {
        for id in ids {
            let pid = try Int.fetchOne(db, sql: "SELECT pid FROM run WHERE id = ?", arguments: [id]) ?? 0
            try db.execute(
                sql: "UPDATE run SET status = 'interrupted', finished_at = ?, error = ? WHERE id = ? AND status = 'running'",
                arguments: [
                    Self.now(), "its process (pid \(pid)) ended without finishing it; finished batches are kept", id,
                ])
        }
    }

    /// The results of a run, in record order.
    public func results(runID: Int64, limit: Int? = nil) throws -> [StoredResult] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT result.seq, record.record_id, record.text, record.columns, result.analyzer, result.task, result.value
                    FROM result JOIN run ON run.id = result.run_id
                    JOIN record ON record.dataset_id = run.dataset_id AND record.seq = result.seq
                    WHERE result.run_id = ? ORDER BY result.seq, result.analyzer LIMIT ?
                    """, arguments: [runID, limit ?? -1]
            ).map { row in
                StoredResult(
                    seq: row["seq"], recordID: row["record_id"], text: row["text"], analyzer: row["analyzer"],
                    task: row["task"], value: row["value"], columns: row["columns"])
            }
        }
    }

    /// The summary stored when the run finished; nil for an unknown or unfinished run.
    ///
    /// - Throws: `TaskFlowFailure` when the stored summary cannot be read.
    public func summary(runID: Int64) throws -> RunSummary? {
        let text = try read { db in
            try String.fetchOne(db, sql: "SELECT summary FROM run WHERE id = ?", arguments: [runID])
        }
        guard let text else { return nil }
        do {
            return try JSONDecoder().decode(RunSummary.self, from: Data(text.utf8))
        } catch {
            throw TaskFlowFailure(
                "unreadable-summary", "the stored summary of run \(runID) in \(path) cannot be read (\(error))",
                hint: "run the pipeline again to store a new summary")
        }
    }

    /// Counts used by consistency checks: committed batches, their records, results and
    /// records stored for the run's dataset.
    public func consistency(runID: Int64) throws -> (batches: Int, batchRecords: Int, results: Int, runRecordsDone: Int) {
        try pool.read { db in
            let batches = try Int.fetchOne(db, sql: "SELECT count(*) FROM run_batch WHERE run_id = ?", arguments: [runID]) ?? 0
            let batchRecords = try Int.fetchOne(
                db, sql: "SELECT ifnull(sum(count), 0) FROM run_batch WHERE run_id = ?", arguments: [runID]) ?? 0
            let results = try Int.fetchOne(db, sql: "SELECT count(*) FROM result WHERE run_id = ?", arguments: [runID]) ?? 0
            let done = try Int.fetchOne(db, sql: "SELECT records_done FROM run WHERE id = ?", arguments: [runID]) ?? 0
            return (batches, batchRecords, results, done)
        }
    }

    /// Runs a read-only SQL query and returns column names and rows as text.
    ///
    /// Cancelling the calling task interrupts the statement where it is (`sqlite3_interrupt`,
    /// through GRDB's cancellable reads), so even an endless query ends, with `CancellationError`.
    public func query(_ sql: String, arguments: [String] = []) async throws -> (columns: [String], rows: [[String?]]) {
        do {
            return try await pool.read { db in
                let statement = try db.makeStatement(sql: sql)
                guard statement.isReadonly else {
                    throw TaskFlowFailure("read-only", "only read-only queries are allowed", hint: "use SELECT")
                }
                let rows = try Row.fetchAll(statement, arguments: StatementArguments(arguments))
                return (statement.columnNames, rows.map { row in row.databaseValues.map(Self.text(of:)) })
            }
        } catch let e as DatabaseError {
            throw TaskFlowFailure("sql-error", "SQL error: \(e.message ?? e.description)", hint: "check the query; tables are dataset, record, run, run_batch, result (and the view record_column)")
        }
    }
}

extension SQLiteStore {
    /// A database value as display text; nil for NULL.
    static func text(of value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case .int64(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s
        case .blob(let b): return "<\(b.count) bytes>"
        }
    }
}
