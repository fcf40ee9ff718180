import TaskFlowCore
import TaskFlowPluginAPI

/// What a running pipeline reports, in order: `started`, one `batch` per committed batch, then
/// `finished` (also after a cancellation or a failure).
public enum EngineEvent: Sendable {
    case started(RunStart)
    case batch(BatchOutput)
    case finished(RunSummary)
}

/// The facts known when a run starts.
public struct RunStart: Sendable {
    public var runID: Int64?
    public var columns: [String]
    public var bytesTotal: Int
    public var tools: [ToolFacts]
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

    /// The values of record `i` keyed by task, in pipeline order.
    public func values(at i: Int) -> [(task: String, value: AnalysisValue)] {
        results.map { ($0.tool.task, $0.values[i]) }
    }
}

/// One analyzer's values for a batch.
public struct ToolResults: Sendable {
    public var tool: ToolFacts
    public var values: [AnalysisValue]
}
