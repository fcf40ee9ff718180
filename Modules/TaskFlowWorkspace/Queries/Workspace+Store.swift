import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowStorage

/// A stored run brought back into memory: its tools, records and values, and its summary.
public struct StoredRunResults: Sendable {
    public var run: StoredRun
    public var tools: [ToolFacts]
    public var records: [Record]
    /// Per tool, one value per record; nil where the tool has none for the record.
    public var values: [[AnalysisValue?]]
    public var summary: RunSummary?
}

extension Workspace {
    /// The stored run a user names: `last` or a run number (`#12` or `12`).
    ///
    /// - Throws: `TaskFlowFailure` (exit 2) naming the run, the store and the newest run there is.
    func storedRun(_ word: String, in store: any RunStore) async throws -> StoredRun {
        let runs = try await store.runs(limit: 1_000_000)
        let lowered = word.lowercased()
        let wanted = lowered == "last" ? runs.first?.id : Int64(lowered.hasPrefix("#") ? String(lowered.dropFirst()) : lowered)
        guard let id = wanted, let run = runs.first(where: { $0.id == id }) else {
            throw TaskFlowFailure(
                "unknown-run", lowered == "last" ? "the store \(store.location) has no runs yet" : "no run '\(word)' in \(store.location)",
                hint: runs.isEmpty ? "run an analysis first (tf analyze FILE)" : "give a run number (the newest is #\(runs[0].id)) or last",
                exitCode: 2)
        }
        return run
    }

    /// Past runs in the results store, newest first.
    public func runs(limit: Int = 50) async throws -> [StoredRun] {
        try await store().runs(limit: limit)
    }

    /// A stored run's records, values and summary: `last` or a run number (`#12` or `12`).
    ///
    /// - Throws: `TaskFlowFailure` naming the run and what exists when there is no such run.
    public func storedResults(run word: String) async throws -> StoredRunResults {
        let store = try store()
        let run = try await storedRun(word, in: store)
        let id = run.id
        let tools = run.toolFacts
        var records: [Record] = []
        var values = Array(repeating: [AnalysisValue?](), count: tools.count)
        var lastSeq = -1
        var columns = StoredColumns.Decoder()
        for row in try await store.results(runID: id, limit: nil) {
            if row.seq != lastSeq {
                records.append(Record(id: row.recordID, text: row.text, columns: columns.decode(row.columns)))
                for t in values.indices { values[t].append(nil) }
                lastSeq = row.seq
            }
            guard let t = tools.firstIndex(where: { $0.id == row.analyzer }) else { continue }
            values[t][records.count - 1] = (try? JSONParser.parse(row.value)).map(AnalysisValue.init(json:)) ?? .json(.string(row.value))
        }
        let summary = try? await store.summary(runID: id)
        return StoredRunResults(run: run, tools: tools, records: records, values: values, summary: summary)
    }

    /// A read-only SQL query over the results store; cancelling the task stops it.
    ///
    /// - Throws: for a statement that writes, or an SQL error (the message names it);
    ///   `CancellationError` when the task was cancelled while the query ran.
    public func query(_ sql: String, arguments: [String] = []) async throws -> (columns: [String], rows: [[String?]]) {
        try await store().query(sql, arguments: arguments)
    }
}
