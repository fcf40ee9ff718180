import Foundation

/// A run as listed from the store.
public struct StoredRun: Sendable, Hashable {
    public var id: Int64
    public var datasetID: Int64
    public var datasetName: String
    public var status: String
    public var tools: String
    public var device: String
    public var startedAt: String
    public var finishedAt: String?
    public var recordsDone: Int
    public var batchesDone: Int
    public var wallSeconds: Double?
    /// The process that ran it (a `running` run whose process is gone was interrupted).
    public var pid: Int

    public init(
        id: Int64, datasetID: Int64, datasetName: String, status: String, tools: String, device: String,
        startedAt: String, finishedAt: String?, recordsDone: Int, batchesDone: Int, wallSeconds: Double?, pid: Int
    ) {
        self.id = id
        self.datasetID = datasetID
        self.datasetName = datasetName
        self.status = status
        self.tools = tools
        self.device = device
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.recordsDone = recordsDone
        self.batchesDone = batchesDone
        self.wallSeconds = wallSeconds
        self.pid = pid
    }

    /// The run's tools, decoded from the stored JSON (empty when it cannot be read).
    public var toolFacts: [ToolFacts] {
        (try? JSONDecoder().decode([ToolFacts].self, from: Data(tools.utf8))) ?? []
    }
}

/// One stored result row.
public struct StoredResult: Sendable, Hashable {
    public var seq: Int
    public var recordID: String
    public var text: String
    public var analyzer: String
    public var task: String
    public var value: String
    /// The record's other columns as stored (a JSON object), nil when it has none.
    public var columns: String?

    public init(
        seq: Int, recordID: String, text: String, analyzer: String, task: String, value: String, columns: String? = nil
    ) {
        self.columns = columns
        self.seq = seq
        self.recordID = recordID
        self.text = text
        self.analyzer = analyzer
        self.task = task
        self.value = value
    }
}
