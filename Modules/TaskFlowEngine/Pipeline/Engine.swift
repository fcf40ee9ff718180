import Foundation
import TaskFlowCache
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowStorage

/// Runs pipelines: reads batches, analyses them concurrently, stores each batch in one
/// transaction and reports progress as an `AsyncSequence` of events.
///
/// A run goes through named stages. Per batch: **read** → **cache lookup** → **features** →
/// **analyze** → **store**; then once, for a completed run: **corpus** → **agents**. Reading,
/// analysing and storing overlap — while batch k is analysed, batch k+1 is read and batch k−1
/// stored — so a run costs about as much as its slowest stage (`Engine+Batches.swift`).
public struct Engine: Sendable {
    public var home: TaskFlowHome
    /// Where runs are recorded; nil runs without recording anything.
    public var store: (any RunStore)?
    /// The content cache; used unless a run's `cacheMode` is `.off`.
    public var cache: TieredCache?

    public init(home: TaskFlowHome, store: (any RunStore)?, cache: TieredCache? = nil) {
        self.home = home
        self.store = store
        self.cache = cache
    }

    /// Starts a run. Iterate `events`; call `cancel()` to stop after abandoning the batch in
    /// flight (finished batches stay stored, and `finished` still arrives).
    public func start(_ spec: PipelineSpec) -> RunHandle {
        let (stream, continuation) = AsyncThrowingStream<RunEvent, any Error>.makeStream(bufferingPolicy: .unbounded)
        let engine = self
        let task = Task {
            do {
                try await engine.execute(spec, events: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        return RunHandle(events: stream, cancel: { task.cancel() })
    }

    /// Runs a pipeline to the end and returns its summary, ignoring progress.
    public func run(_ spec: PipelineSpec) async throws -> RunSummary {
        try await start(spec).summary()
    }

    /// Where a run's events go.
    typealias RunEvents = AsyncThrowingStream<RunEvent, any Error>.Continuation

    /// A run from start to finish, stage by stage.
    private func execute(_ spec: PipelineSpec, events: RunEvents) async throws {
        let startedAt = (ContinuousClock.now, Date())
        let device = try spec.device.resolved()
        guard spec.batchSize > 0 else {
            throw TaskFlowFailure("bad-batch-size", "batch size must be at least 1", fix: Fix(.batchSize, example: "256"), exitCode: 2)
        }
        let reader = ReaderBox(try DatasetReaders.open(spec.source))
        // A CSV or TSV header, read on opening, names the columns already: a column view naming
        // another one fails before anything is recorded. (JSONL fields are known after the first batch.)
        if let format = try? spec.source.format ?? DatasetFormat.infer(fromPath: spec.source.path), format == .csv || format == .tsv {
            try spec.columnViews.checkNames(in: reader.report.columns.map(\.name))
        }
        // Every tool and feature extractor is made before the run is recorded, so bad options
        // or a missing model leave no run behind.
        let plan = try RunPlan(
            spec: spec, device: device, home: home, cache: spec.cacheMode == .off ? nil : cache, startedAt: startedAt)
        let earlier = try await earlierFindings(plan)
        var state = try await begin(plan, reader: reader, events: events)
        do {
            try await runBatches(plan, reader: reader, state: &state, events: events)
        } catch is CancellationError {
            state.status = .cancelled
        } catch {
            await recordFailure(error, plan: plan, state: &state, reader: reader)
            throw error
        }
        if state.status == .completed { await runCorpus(plan, state: &state, earlier: earlier, events: events) }
        var summary = state.summary(plan, location: store?.location)
        if let cache = plan.cache { summary.cache = await plan.cacheUsage(cache, state: state) }
        if summary.status == .completed, !plan.agents.isEmpty {
            await runAgents(plan, summary: &summary, corpus: state.corpus, runID: state.runID)
        }
        if let store, let runID = state.runID {
            try await store.finishRun(
                runID: runID, status: summary.status, wallSeconds: summary.wallSeconds, summary: summary, error: state.error)
        }
        events.yield(.finished(summary))
    }

    /// Records the dataset and the run (when there is a store) and announces the start.
    ///
    /// A recorded dataset is identified by a hash of its bytes, taken before the first batch is
    /// read: a file rewritten with the same size and time (`cp -p`, `rsync -a`) is a new dataset,
    /// so new results are never paired with the texts stored for the old one.
    private func begin(_ plan: RunPlan, reader: ReaderBox, events: RunEvents) async throws -> RunState {
        let source = plan.spec.source
        let format = try source.format ?? DatasetFormat.infer(fromPath: source.path)
        var facts = DatasetFacts(
            path: Self.absolute(source.path), format: format.rawValue, textColumn: source.textColumn ?? "text",
            idColumn: source.idColumn ?? reader.columns.first(where: { $0.lowercased() == "id" }),
            bytes: reader.bytesTotal, read: reader.report, columns: source.columns.text)
        var ids: (run: Int64, dataset: Int64)?
        if let store {
            facts.contentHash = try reader.contentHash()
            let datasetID = try await store.datasetID(for: facts)
            let runID = try await store.beginRun(
                datasetID: datasetID, tools: plan.tools, device: plan.device.description, threads: plan.device.threads,
                batchSize: plan.spec.batchSize)
            ids = (runID, datasetID)
        }
        let late = plan.spec.corpusTools.filter { !$0.entry.task.isEmpty }.map(\.facts)
        events.yield(
            .started(RunStart(runID: ids?.run, columns: reader.columns, bytesTotal: reader.bytesTotal, tools: plan.tools, lateTools: late)))
        return RunState(plan: plan, facts: facts, ids: ids)
    }

    /// Records a run that failed mid-way as `failed`, with its summary so far (what it
    /// committed stays).
    private func recordFailure(_ error: any Error, plan: RunPlan, state: inout RunState, reader: ReaderBox) async {
        state.status = .failed
        state.error = Self.message(for: error, withHint: false)
        state.facts.read = reader.report
        let summary = state.summary(plan, location: store?.location)
        if let store, let runID = state.runID {
            try? await store.finishRun(runID: runID, status: .failed, wallSeconds: summary.wallSeconds, summary: summary, error: state.error)
        }
    }

    /// An error as one line for a summary or a failure row; with its hint in parentheses when
    /// asked.
    static func message(for error: any Error, withHint: Bool) -> String {
        guard let e = error as? any TaskFlowError else { return "\(error)" }
        guard withHint, let hint = e.hint else { return e.description }
        return e.description + " (\(hint))"
    }


    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return (path as NSString).standardizingPath }
        let cwd = FileManager.default.currentDirectoryPath
        return ((cwd as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }
}
