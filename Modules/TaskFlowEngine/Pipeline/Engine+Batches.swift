import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowStorage

extension Engine {
    /// The batch loop: **read** → **cache lookup** → **features** → **analyze** → **store**,
    /// with batch k+1 read and batch k−1 stored while batch k is analysed (at most one read
    /// ahead and one store behind).
    ///
    /// Events stay in order: the store stage yields a batch's `.batch` once it is committed,
    /// and a store starts only after the one before it finished. Cancellation abandons the batch
    /// being analysed; a batch whose store had begun is committed and counted. However it ends,
    /// it returns with no read or store in flight.
    func runBatches(_ plan: RunPlan, reader: ReaderBox, state: inout RunState, events: RunEvents) async throws {
        var stages = BatchStages(plan: plan, reader: reader, store: store, ids: state.ids, events: events)
        do {
            stages.startRead(ReadBatch.first)
            while true {
                if Task.isCancelled {
                    state.status = .cancelled
                    break
                }
                let step = try await stages.finishRead()
                state.read(step)
                try state.settleColumns(plan)
                guard let batch = step.batch else { break }
                stages.startRead(batch.next)
                let analysed = try await plan.analyse(batch)
                if Task.isCancelled {
                    // Abandon the batch in flight: nothing of it is stored.
                    state.status = .cancelled
                    break
                }
                if let done = try await stages.finishStore() {
                    state.commit(done.batch, storeSeconds: done.seconds, keepCorpus: plan.keepCorpus, corpusFeatures: plan.corpusFeatureSlots)
                }
                stages.startStore(analysed)
            }
            if let done = try await stages.finishStore() {
                state.commit(done.batch, storeSeconds: done.seconds, keepCorpus: plan.keepCorpus, corpusFeatures: plan.corpusFeatureSlots)
            }
        } catch {
            if let done = try? await stages.finishStore() {
                state.commit(done.batch, storeSeconds: done.seconds, keepCorpus: plan.keepCorpus, corpusFeatures: plan.corpusFeatureSlots)
            }
            await stages.abandonRead()
            throw error
        }
        await stages.abandonRead()
    }
}

/// Hands the run's `DatasetReader` (a non-Sendable class) to the one task that reads next.
///
/// `@unchecked Sendable` is safe because the engine uses the reader strictly in sequence: it
/// starts a read task only when none is running (`BatchStages` holds at most one), and it
/// touches the reader itself only before the first read task starts or after awaiting the last
/// one. Two tasks never use it at the same time.
final class ReaderBox: @unchecked Sendable {
    private let reader: any DatasetReader

    init(_ reader: any DatasetReader) {
        self.reader = reader
    }

    var columns: [String] { reader.columns }
    var bytesTotal: Int { reader.bytesTotal }
    var report: ReadReport { reader.report }

    /// SHA-256 of the input's bytes; nil for a pipe (see `DatasetReader.contentHash()`).
    func contentHash() throws -> String? { try reader.contentHash() }

    /// The read stage: the next batch after `position`, the reader's report after it and the
    /// seconds it took.
    func read(_ position: ReadBatch.Position, maxCount: Int) throws -> ReadStep {
        let clock = ContinuousClock()
        let t0 = clock.now
        let records = try reader.nextBatch(maxCount: maxCount)
        let report = reader.report
        return ReadStep(
            batch: records.map { ReadBatch(index: position.index, firstSeq: position.firstSeq, records: $0, bytesRead: report.bytesRead) },
            report: report, seconds: (clock.now - t0).inSeconds)
    }
}

/// What one read produced.
struct ReadStep: Sendable {
    /// The next batch; nil at the end of the input.
    var batch: ReadBatch?
    /// What the reader has seen, once this read was done.
    var report: ReadReport
    var seconds: Double
}

/// One batch as read.
struct ReadBatch: Sendable {
    /// Where a batch starts: its index and the 0-based position of its first record.
    struct Position: Sendable {
        var index: Int
        var firstSeq: Int
    }

    static let first = Position(index: 0, firstSeq: 0)

    var index: Int
    var firstSeq: Int
    var records: [Record]
    /// Bytes of the file consumed once this batch was read (for progress).
    var bytesRead: Int

    /// Where the batch after this one starts.
    var next: Position { Position(index: index + 1, firstSeq: firstSeq + records.count) }
}

/// One batch after the analyze stage, ready to store.
struct AnalysedBatch: Sendable {
    var read: ReadBatch
    /// Per analyzer, in pipeline order.
    var outcomes: [ToolOutcome]
    /// Per planned feature; nil where no analyzer needed it for this batch.
    var features: [FeatureOutcome?]
    /// Per analyzer, what the store and the events carry.
    var results: [ToolResults]

    /// The progress event of this batch once committed.
    func output(bytesTotal: Int, elapsedSeconds: Double) -> BatchOutput {
        BatchOutput(
            index: read.index, firstSeq: read.firstSeq, records: read.records, results: results,
            recordsDone: read.firstSeq + read.records.count, bytesRead: read.bytesRead, bytesTotal: bytesTotal,
            elapsedSeconds: elapsedSeconds)
    }
}

/// The read ahead and the store behind of the batch loop, each in its own task: at most one
/// of each in flight.
///
/// The tasks are unstructured so that cancelling the run does not interrupt them: a read in
/// flight is awaited and dropped, a store in flight is committed. `runBatches` always awaits
/// both before it returns.
struct BatchStages {
    let plan: RunPlan
    let reader: ReaderBox
    let store: (any RunStore)?
    let ids: (run: Int64, dataset: Int64)?
    let events: Engine.RunEvents
    private let bytesTotal: Int
    private var reading: Task<ReadStep, any Error>?
    private var storing: (batch: AnalysedBatch, task: Task<Double, any Error>)?

    init(plan: RunPlan, reader: ReaderBox, store: (any RunStore)?, ids: (run: Int64, dataset: Int64)?, events: Engine.RunEvents) {
        self.plan = plan
        self.reader = reader
        self.store = store
        self.ids = ids
        self.events = events
        bytesTotal = reader.bytesTotal
    }

    /// Starts reading the batch at `position`; the reader belongs to that task until
    /// `finishRead` or `abandonRead`.
    mutating func startRead(_ position: ReadBatch.Position) {
        precondition(reading == nil, "one read at a time: the reader is not Sendable")
        let reader = reader
        let maxCount = plan.spec.batchSize
        reading = Task { try reader.read(position, maxCount: maxCount) }
    }

    /// What the read in flight produced.
    mutating func finishRead() async throws -> ReadStep {
        guard let task = reading else { preconditionFailure("no read in flight") }
        reading = nil
        return try await task.value
    }

    /// Waits for a read still in flight and drops what it read.
    mutating func abandonRead() async {
        guard let task = reading else { return }
        reading = nil
        _ = try? await task.value
    }

    /// The store stage: saves a batch in one transaction, then yields its `.batch` event.
    mutating func startStore(_ batch: AnalysedBatch) {
        precondition(storing == nil, "one store at a time: events stay in order")
        let (store, ids, events, clock, startedAt, bytesTotal) = (store, ids, events, plan.clock, plan.startedAt, bytesTotal)
        let task = Task {
            let s0 = clock.now
            if let store, let ids {
                try await store.saveBatch(
                    runID: ids.run, datasetID: ids.dataset, batchIndex: batch.read.index, firstSeq: batch.read.firstSeq,
                    records: batch.read.records,
                    results: batch.results.filter { $0.failure == nil }.map { ($0.tool.id, $0.tool.task, $0.values) })
            }
            let seconds = (clock.now - s0).inSeconds
            events.yield(.batch(batch.output(bytesTotal: bytesTotal, elapsedSeconds: (clock.now - startedAt).inSeconds)))
            return seconds
        }
        storing = (batch, task)
    }

    /// Waits for the store in flight: the batch it committed and its seconds; nil when none.
    mutating func finishStore() async throws -> (batch: AnalysedBatch, seconds: Double)? {
        guard let storing else { return nil }
        self.storing = nil
        return (storing.batch, try await storing.task.value)
    }
}
