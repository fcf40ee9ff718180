import TaskFlowPluginAPI

/// What a running pipeline reports, in order: `started`, one `batch` per committed batch, then
/// `finished` (also after a cancellation or a failure).
public enum RunEvent: Sendable {
    case started(RunStart)
    case batch(BatchOutput)
    /// A corpus analyzer's per-record values (topics), after the last batch and before
    /// `finished`: one value per record, in the order the batches came.
    case corpus(CorpusOutput)
    case finished(RunSummary)
}

/// What a corpus analyzer adds to every record, known only once the whole run was seen.
public struct CorpusOutput: Sendable {
    /// The corpus analyzer's id and the task its values are keyed by (`topic`).
    public var tool: ToolFacts
    /// One value per record, in the order the batches came (`.json(.null)` for none).
    public var values: [AnalysisValue]

    public init(tool: ToolFacts, values: [AnalysisValue]) {
        self.tool = tool
        self.values = values
    }
}

/// The facts known when a run starts.
public struct RunStart: Sendable {
    public var runID: Int64?
    public var columns: [String]
    public var bytesTotal: Int
    public var tools: [ToolFacts]
    /// Corpus analyzers whose per-record values arrive after the last batch, in `corpus`
    /// events: a front end writing per-record output completes it then.
    public var lateTools: [ToolFacts]

    public init(runID: Int64?, columns: [String], bytesTotal: Int, tools: [ToolFacts], lateTools: [ToolFacts] = []) {
        self.runID = runID
        self.columns = columns
        self.bytesTotal = bytesTotal
        self.tools = tools
        self.lateTools = lateTools
    }
}

/// One analysed (and stored) batch.
public struct BatchOutput: Sendable {
    public var index: Int
    /// 0-based position of the first record in the dataset.
    public var firstSeq: Int
    public var records: [Record]
    /// Per tool, in pipeline order: one value per record.
    public var results: [ToolResults]
    public var recordsDone: Int
    public var bytesRead: Int
    public var bytesTotal: Int
    public var elapsedSeconds: Double

    public init(
        index: Int, firstSeq: Int, records: [Record], results: [ToolResults], recordsDone: Int, bytesRead: Int,
        bytesTotal: Int, elapsedSeconds: Double
    ) {
        self.index = index
        self.firstSeq = firstSeq
        self.records = records
        self.results = results
        self.recordsDone = recordsDone
        self.bytesRead = bytesRead
        self.bytesTotal = bytesTotal
        self.elapsedSeconds = elapsedSeconds
    }

    /// The values of record `i` keyed by task, in pipeline order (analyzers that failed on this
    /// batch are left out).
    public func values(at i: Int) -> [(task: String, value: AnalysisValue)] {
        results.compactMap { $0.failure == nil && i < $0.values.count ? ($0.tool.task, $0.values[i]) : nil }
    }
}

/// One analyzer's values for a batch, or why it failed on it.
public struct ToolResults: Sendable {
    public var tool: ToolFacts
    /// One value per record; empty when the analyzer failed on this batch.
    public var values: [AnalysisValue]
    /// The analyzer's error on this batch: its values are missing, the run goes on.
    public var failure: String?

    public init(tool: ToolFacts, values: [AnalysisValue], failure: String? = nil) {
        self.tool = tool
        self.values = values
        self.failure = failure
    }
}

/// A started run: its events, and a way to cancel it.
public struct RunHandle: Sendable {
    public let events: AsyncThrowingStream<RunEvent, any Error>
    private let stop: @Sendable () -> Void

    public init(events: AsyncThrowingStream<RunEvent, any Error>, cancel: @escaping @Sendable () -> Void) {
        self.events = events
        self.stop = cancel
    }

    /// Cancels the run: the batch in flight is abandoned; finished batches stay stored.
    public func cancel() {
        stop()
    }

    /// Waits for the run to end and returns its summary, ignoring progress.
    ///
    /// - Throws: the run's error, or `CancellationError` when it ended without a summary.
    public func summary() async throws -> RunSummary {
        var summary: RunSummary?
        for try await event in events {
            if case .finished(let s) = event { summary = s }
        }
        guard let summary else { throw CancellationError() }
        return summary
    }
}
