import Foundation
import Synchronization
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowStorage

/// A `RunStore` in memory, for tests: enough to run the engine and read runs, results and
/// summaries back. It answers no SQL.
public final class InMemoryRunStore: RunStore, Sendable {
    private struct Run {
        var stored: StoredRun
        var summary: RunSummary?
        var error: String?
        /// Per record position: its value per analyzer id (with its task).
        var results: [Int: [String: (task: String, value: String)]] = [:]
        var batches: [Int] = []
        var corpus: [String: CorpusFindings] = [:]
        var agents: [String: AgentFindings] = [:]
    }

    private struct State {
        var datasets: [(facts: DatasetFacts, records: [Int: Record])] = []
        var runs: [Run] = []
        var llmCalls: [LLMCallRecord] = []
    }

    private let state = Mutex(State())
    public let location: String

    public init(location: String = "memory") {
        self.location = location
    }

    public func datasetID(for facts: DatasetFacts) throws -> Int64 {
        state.withLock { s in
            // By content, as `SQLiteStore` does: input without a hash is never matched.
            if let hash = facts.contentHash, let i = s.datasets.firstIndex(where: {
                $0.facts.contentHash == hash && $0.facts.path == facts.path && $0.facts.format == facts.format
                    && $0.facts.textColumn == facts.textColumn && $0.facts.idColumn == facts.idColumn
                    && $0.facts.columns == facts.columns
            }) {
                return Int64(i + 1)
            }
            s.datasets.append((facts, [:]))
            return Int64(s.datasets.count)
        }
    }

    public func beginRun(datasetID: Int64, tools: [ToolFacts], device: String, threads: Int, batchSize: Int) throws -> Int64 {
        let toolsJSON = String(decoding: try JSONEncoder().encode(tools), as: UTF8.self)
        return try state.withLock { s in
            let d = try Self.index(datasetID, count: s.datasets.count, what: "dataset")
            let id = Int64(s.runs.count + 1)
            s.runs.append(
                Run(
                    stored: StoredRun(
                        id: id, datasetID: datasetID, datasetName: (s.datasets[d].facts.path as NSString).lastPathComponent,
                        status: RunStatus.running.rawValue, tools: toolsJSON, device: device, startedAt: Date().formatted(.iso8601),
                        finishedAt: nil, recordsDone: 0, batchesDone: 0, wallSeconds: nil, pid: Int(getpid()))))
            return id
        }
    }

    public func saveBatch(
        runID: Int64, datasetID: Int64, batchIndex: Int, firstSeq: Int, records: [Record],
        results: [(id: String, task: String, values: [AnalysisValue])]
    ) throws {
        try state.withLock { s in
            let r = try Self.index(runID, count: s.runs.count, what: "run")
            let d = try Self.index(datasetID, count: s.datasets.count, what: "dataset")
            // Checked before anything changes: a batch is saved whole or not at all.
            guard !s.runs[r].batches.contains(batchIndex) else {
                throw TaskFlowFailure("duplicate-batch", "run \(runID) already has batch \(batchIndex)")
            }
            for (i, record) in records.enumerated() {
                guard let old = s.datasets[d].records[firstSeq + i] else { continue }
                guard old.id.utf8.elementsEqual(record.id.utf8), old.text.utf8.elementsEqual(record.text.utf8) else {
                    s.datasets[d].facts.contentHash = nil
                    throw TaskFlowFailure(
                        "dataset-changed", "record \(firstSeq + i + 1) of \(s.datasets[d].facts.path) differs from the one stored for it")
                }
            }
            for (i, record) in records.enumerated() where s.datasets[d].records[firstSeq + i] == nil {
                s.datasets[d].records[firstSeq + i] = record
            }
            for (id, task, values) in results {
                for (i, v) in values.enumerated() { s.runs[r].results[firstSeq + i, default: [:]][id] = (task, v.jsonString) }
            }
            s.runs[r].batches.append(batchIndex)
            s.runs[r].stored.recordsDone += records.count
            s.runs[r].stored.batchesDone += 1
        }
    }

    public func saveCorpusValues(runID: Int64, analyzer: String, task: String, values: [AnalysisValue]) throws {
        try state.withLock { s in
            let r = try Self.index(runID, count: s.runs.count, what: "run")
            for (i, v) in values.enumerated() { s.runs[r].results[i, default: [:]][analyzer] = (task, v.jsonString) }
        }
    }

    public func saveCorpusFindings(runID: Int64, findings: CorpusFindings) throws {
        try state.withLock { s in
            s.runs[try Self.index(runID, count: s.runs.count, what: "run")].corpus[findings.analyzer] = findings
        }
    }

    @discardableResult
    public func saveLLMCall(_ call: LLMCallRecord) throws -> Int64 {
        state.withLock { s in
            var c = call
            c.id = Int64(s.llmCalls.count + 1)
            s.llmCalls.append(c)
            return c.id!
        }
    }

    public func llmCalls(runID: Int64?, limit: Int) throws -> [LLMCallRecord] {
        state.withLock { s in
            guard let runID else { return Array(s.llmCalls.suffix(limit)) }
            return Array(s.llmCalls.filter { $0.runID == runID }.prefix(limit))
        }
    }

    public func llmCall(promptHash: String, runID: Int64?) throws -> LLMCallRecord? {
        state.withLock { s in
            s.llmCalls.last { $0.promptHash == promptHash && $0.outcome == "ok" && (runID == nil || $0.runID == runID) }
        }
    }

    public func saveAgentFindings(runID: Int64, findings: AgentFindings) throws {
        try state.withLock { s in
            s.runs[try Self.index(runID, count: s.runs.count, what: "run")].agents[findings.agent] = findings
        }
    }

    public func finishRun(runID: Int64, status: RunStatus, wallSeconds: Double, summary: RunSummary?, error: String?) throws {
        try state.withLock { s in
            let r = try Self.index(runID, count: s.runs.count, what: "run")
            s.runs[r].stored.status = status.rawValue
            s.runs[r].stored.finishedAt = Date().formatted(.iso8601)
            s.runs[r].stored.wallSeconds = wallSeconds
            s.runs[r].summary = summary
            s.runs[r].error = error
        }
    }

    public func runs(limit: Int) throws -> [StoredRun] {
        state.withLock { s in Array(s.runs.reversed().prefix(max(0, limit)).map(\.stored)) }
    }

    public func results(runID: Int64, limit: Int?) throws -> [StoredResult] {
        try state.withLock { s in
            let run = s.runs[try Self.index(runID, count: s.runs.count, what: "run")]
            let records = s.datasets[Int(run.stored.datasetID) - 1].records
            var out: [StoredResult] = []
            for seq in run.results.keys.sorted() {
                guard let record = records[seq] else { continue }
                for (analyzer, v) in run.results[seq]!.sorted(by: { $0.key < $1.key }) {
                    out.append(
                        StoredResult(
                            seq: seq, recordID: record.id, text: record.text, analyzer: analyzer, task: v.task, value: v.value,
                            columns: StoredColumns.encode(record.columns)))
                }
            }
            return limit.map { Array(out.prefix($0)) } ?? out
        }
    }

    public func summary(runID: Int64) throws -> RunSummary? {
        state.withLock { s in
            let i = Int(runID) - 1
            return s.runs.indices.contains(i) ? s.runs[i].summary : nil
        }
    }

    /// Refuses: this store holds no SQL database.
    public func query(_ sql: String, arguments: [String]) throws -> (columns: [String], rows: [[String?]]) {
        throw TaskFlowFailure(
            "sql-unsupported", "SQL queries are not supported by the in-memory store",
            hint: "read runs and results through RunStore, or use a SQLiteStore")
    }

    // MARK: For tests

    /// The committed batch indexes of a run, in commit order.
    public func batches(runID: Int64) -> [Int] {
        state.withLock { s in
            let i = Int(runID) - 1
            return s.runs.indices.contains(i) ? s.runs[i].batches : []
        }
    }

    /// What the corpus analyzers and agents of a run stored.
    public func findings(runID: Int64) -> (corpus: [CorpusFindings], agents: [AgentFindings]) {
        state.withLock { s in
            let i = Int(runID) - 1
            guard s.runs.indices.contains(i) else { return ([], []) }
            return (s.runs[i].corpus.values.sorted { $0.analyzer < $1.analyzer }, s.runs[i].agents.values.sorted { $0.agent < $1.agent })
        }
    }

    /// The error a run finished with.
    public func error(runID: Int64) -> String? {
        state.withLock { s in
            let i = Int(runID) - 1
            return s.runs.indices.contains(i) ? s.runs[i].error : nil
        }
    }

    private static func index(_ id: Int64, count: Int, what: String) throws -> Int {
        let i = Int(id) - 1
        guard i >= 0, i < count else {
            throw TaskFlowFailure("unknown-\(what)", "the in-memory store has no \(what) \(id)")
        }
        return i
    }
}
