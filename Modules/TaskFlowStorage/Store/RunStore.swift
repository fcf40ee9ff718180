import TaskFlowCore
import TaskFlowPluginAPI

/// A results store: datasets, runs, their per-record results, corpus and agent findings.
///
/// The engine and the front ends talk to this protocol only; `SQLiteStore` implements it on one
/// SQLite file, and `InMemoryRunStore` (TaskFlowTesting) in memory. Every write that matters for
/// resuming is one transaction: a process killed at any moment leaves every finished batch
/// complete and nothing else.
public protocol RunStore: Sendable {
    /// Where the store lives, for messages: a file path or a server's address.
    var location: String { get }

    /// The dataset row for a file's content as read with given columns: found when a stored one
    /// has the same `contentHash` (and path, format and columns), else created. Input without a
    /// hash (a pipe) always gets a new row.
    func datasetID(for facts: DatasetFacts) async throws -> Int64

    /// Records a new run as `running` and returns its id.
    func beginRun(datasetID: Int64, tools: [ToolFacts], device: String, threads: Int, batchSize: Int) async throws -> Int64

    /// Saves one analysed batch in one transaction: its records, every analyzer's results and
    /// the run's progress.
    ///
    /// Records the dataset already holds must be the same (id and text): results are never
    /// paired with other texts than those analysed.
    ///
    /// - Parameters:
    ///   - firstSeq: the 0-based position of the batch's first record in the dataset.
    ///   - results: per analyzer (id, task), one value per record in `records`.
    /// - Throws: `TaskFlowFailure` (`dataset-changed`) when a stored record differs; the dataset
    ///   is then never matched again, so running again reads it afresh.
    func saveBatch(
        runID: Int64, datasetID: Int64, batchIndex: Int, firstSeq: Int, records: [Record],
        results: [(id: String, task: String, values: [AnalysisValue])]
    ) async throws

    /// Stores one value per record of the run from a corpus analyzer, in one transaction.
    func saveCorpusValues(runID: Int64, analyzer: String, task: String, values: [AnalysisValue]) async throws

    /// Stores what a corpus analyzer found for a run.
    func saveCorpusFindings(runID: Int64, findings: CorpusFindings) async throws

    /// Stores what an agent wrote for a run.
    func saveAgentFindings(runID: Int64, findings: AgentFindings) async throws

    /// Marks a run finished with its status, wall time, summary and error.
    func finishRun(runID: Int64, status: RunStatus, wallSeconds: Double, summary: RunSummary?, error: String?) async throws

    /// Past runs, newest first.
    func runs(limit: Int) async throws -> [StoredRun]

    /// The results of a run in record order (then analyzer id), at most `limit` rows.
    func results(runID: Int64, limit: Int?) async throws -> [StoredResult]

    /// The summary stored when the run finished; nil for an unknown run or one that never
    /// finished (still running, or its process died).
    func summary(runID: Int64) async throws -> RunSummary?

    /// Runs a read-only SQL query and returns column names and rows as text.
    ///
    /// Cancelling the calling task stops a query that is running (Ctrl-C in the REPL, a client
    /// that went away); it then throws `CancellationError`.
    ///
    /// - Throws: `TaskFlowFailure` for a query that writes, a SQL error, or a store that cannot
    ///   answer SQL; `CancellationError` when the task was cancelled.
    func query(_ sql: String, arguments: [String]) async throws -> (columns: [String], rows: [[String?]])

    /// Stores one language-model call; returns its id.
    @discardableResult
    func saveLLMCall(_ call: LLMCallRecord) async throws -> Int64

    /// Language-model calls, oldest first: of one run, or the newest `limit` of all runs.
    func llmCalls(runID: Int64?, limit: Int) async throws -> [LLMCallRecord]

    /// The newest successful call with this prompt hash (of one run, or of any), with its answer.
    func llmCall(promptHash: String, runID: Int64?) async throws -> LLMCallRecord?
}

extension RunStore {
    public func saveLLMCall(_ call: LLMCallRecord) async throws -> Int64 {
        throw TaskFlowFailure("store-no-llm-log", "the store at \(location) keeps no language-model calls")
    }

    public func llmCalls(runID: Int64?, limit: Int) async throws -> [LLMCallRecord] { [] }

    public func llmCall(promptHash: String, runID: Int64?) async throws -> LLMCallRecord? { nil }
}
