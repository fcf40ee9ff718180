import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowStorage

/// Runs pipelines: reads batches, analyses them concurrently, stores each batch in one
/// transaction and reports progress as an `AsyncSequence` of events.
public struct Engine: Sendable {
    public var home: TaskFlowHome
    public var store: SQLiteStore?

    public init(home: TaskFlowHome, store: SQLiteStore?) {
        self.home = home
        self.store = store
    }

    /// Starts a run. Iterate `events`; call `cancel()` to stop after abandoning the batch in
    /// flight (finished batches stay stored, and `finished` still arrives).
    public func start(_ spec: PipelineSpec) -> RunHandle {
        let (stream, continuation) = AsyncThrowingStream<EngineEvent, any Error>.makeStream(bufferingPolicy: .unbounded)
        let engine = self
        let task = Task {
            do {
                try await engine.execute(spec, continuation: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        return RunHandle(events: stream, task: task)
    }

    /// Runs a pipeline to the end and returns its summary, ignoring progress.
    public func run(_ spec: PipelineSpec) async throws -> RunSummary {
        let handle = start(spec)
        var summary: RunSummary?
        for try await event in handle.events {
            if case .finished(let s) = event { summary = s }
        }
        guard let summary else { throw CancellationError() }
        return summary
    }

    private func execute(_ spec: PipelineSpec, continuation: AsyncThrowingStream<EngineEvent, any Error>.Continuation) async throws {
        let clock = ContinuousClock()
        let startedAt = Date()
        let t0 = clock.now
        let device = try spec.device.resolved()
        let context = AnalyzerContext(device: device.name, threads: device.threads, homeDirectory: home.path)
        guard spec.batchSize > 0 else {
            throw TaskFlowFailure("bad-batch-size", "batch size must be at least 1", hint: "pass --batch-size 256", exitCode: 2)
        }

        let reader = try DatasetReaders.open(spec.source)
        let format = try spec.source.format ?? DatasetFormat.infer(fromPath: spec.source.path)
        let analyzers: [any Analyzer] = try spec.tools.map { try $0.type.init(options: $0.options, context: context) }
        let tools = spec.tools.map(\.facts)

        var facts = DatasetFacts(
            path: Self.absolute(spec.source.path), format: format.rawValue,
            textColumn: spec.source.textColumn ?? "text",
            idColumn: spec.source.idColumn ?? reader.columns.first(where: { $0.lowercased() == "id" }),
            bytes: reader.bytesTotal,
            read: reader.report)
        let datasetID = try store?.datasetID(for: facts)
        let runID = try store.map { store in
            try store.beginRun(
                datasetID: datasetID ?? 0, tools: tools, device: device.description, threads: device.threads,
                batchSize: spec.batchSize)
        }
        continuation.yield(.started(RunStart(runID: runID, columns: reader.columns, bytesTotal: reader.bytesTotal, tools: tools)))

        var builder = SummaryBuilder(tools: tools)
        var batchSeconds = Array(repeating: [Double](), count: analyzers.count)
        var readSeconds = 0.0
        var storeSeconds = 0.0
        var recordsDone = 0
        var batchIndex = 0
        var status = RunStatus.completed
        var failure: String?

        func seconds(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }

        do {
            while true {
                if Task.isCancelled { status = .cancelled; break }
                let r0 = clock.now
                guard let records = try reader.nextBatch(maxCount: spec.batchSize) else { break }
                readSeconds += seconds(clock.now - r0)

                let outcome = try await Self.analyze(
                    records, with: analyzers, tools: tools, context: context, limit: spec.maxConcurrentAnalyzers)
                // Abandon the batch in flight on cancellation: nothing of it is stored.
                if Task.isCancelled { status = .cancelled; break }
                for (i, s) in outcome.seconds.enumerated() { batchSeconds[i].append(s) }

                let s0 = clock.now
                if let store, let runID, let datasetID {
                    try store.saveBatch(
                        runID: runID, datasetID: datasetID, batchIndex: batchIndex, firstSeq: recordsDone,
                        records: records, results: outcome.results.map { ($0.tool.id, $0.tool.task, $0.values) })
                }
                storeSeconds += seconds(clock.now - s0)
                builder.add(records: records, results: outcome.results)

                let output = BatchOutput(
                    index: batchIndex, firstSeq: recordsDone, records: records, results: outcome.results,
                    recordsDone: recordsDone + records.count, bytesRead: reader.report.bytesRead,
                    bytesTotal: reader.bytesTotal, elapsedSeconds: seconds(clock.now - t0))
                recordsDone += records.count
                batchIndex += 1
                continuation.yield(.batch(output))

                if let stall = spec.stallAfterBatches, batchIndex == stall {
                    FileHandle.standardError.write(Data("taskflow: stalled after \(stall) batches (test hook)\n".utf8))
                    while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(50)) }
                }
            }
        } catch is CancellationError {
            status = .cancelled
        } catch {
            status = .failed
            failure = (error as? any TaskFlowError)?.description ?? "\(error)"
            facts.read = reader.report
            let summary = finish(
                builder: builder, facts: facts, runID: runID, status: status, device: device, spec: spec, tools: tools,
                recordsDone: recordsDone, batches: batchIndex, startedAt: startedAt,
                wall: seconds(clock.now - t0), read: readSeconds, store: storeSeconds, batchSeconds: batchSeconds,
                error: failure)
            try? store?.finishRun(runID: runID ?? 0, status: .failed, wallSeconds: summary.wallSeconds, summary: summary, error: failure)
            throw error
        }

        facts.read = reader.report
        let summary = finish(
            builder: builder, facts: facts, runID: runID, status: status, device: device, spec: spec, tools: tools,
            recordsDone: recordsDone, batches: batchIndex, startedAt: startedAt, wall: seconds(clock.now - t0),
            read: readSeconds, store: storeSeconds, batchSeconds: batchSeconds, error: failure)
        if let store, let runID {
            try store.finishRun(runID: runID, status: status, wallSeconds: summary.wallSeconds, summary: summary, error: failure)
        }
        continuation.yield(.finished(summary))
    }

    private func finish(
        builder: SummaryBuilder, facts: DatasetFacts, runID: Int64?, status: RunStatus, device: Device,
        spec: PipelineSpec, tools: [ToolFacts], recordsDone: Int, batches: Int, startedAt: Date, wall: Double,
        read: Double, store storeSeconds: Double, batchSeconds: [[Double]], error: String?
    ) -> RunSummary {
        let timings = zip(tools, batchSeconds).map { tool, secs in
            AnalyzerTiming(id: tool.id, records: recordsDone, batchSeconds: secs)
        }
        return RunSummary(
            runID: runID, databasePath: store?.path, dataset: facts, status: status, device: device.description,
            threads: device.threads, batchSize: spec.batchSize, tools: tools, recordsDone: recordsDone,
            batchesDone: batches, startedAt: startedAt, wallSeconds: wall, readSeconds: read,
            storeSeconds: storeSeconds, timings: timings, distributions: builder.distributions,
            examples: builder.examples, error: error)
    }

    /// Runs every analyzer on one batch, at most `limit` at a time; results in pipeline order.
    static func analyze(
        _ records: [Record], with analyzers: [any Analyzer], tools: [ToolFacts], context: AnalyzerContext, limit: Int
    ) async throws -> (results: [ToolResults], seconds: [Double]) {
        var values = [[AnalysisValue]?](repeating: nil, count: analyzers.count)
        var seconds = [Double](repeating: 0, count: analyzers.count)
        try await withThrowingTaskGroup(of: (Int, [AnalysisValue], Double).self) { group in
            var next = 0
            func addNext() {
                let i = next
                let analyzer = analyzers[i]
                let tool = tools[i]
                group.addTask {
                    let clock = ContinuousClock()
                    let start = clock.now
                    let out: [AnalysisValue]
                    do {
                        out = try await analyzer.analyze(records, context: context)
                    } catch let error as CancellationError {
                        throw error
                    } catch let error as any TaskFlowError {
                        throw TaskFlowFailure(
                            "analyzer-failed", "\(tool.id) failed: \(error.description)", hint: error.hint)
                    } catch {
                        throw TaskFlowFailure("analyzer-failed", "\(tool.id) failed: \(error)")
                    }
                    let d = clock.now - start
                    guard out.count == records.count else {
                        throw TaskFlowFailure(
                            "analyzer-contract", "\(tool.id) returned \(out.count) values for \(records.count) records",
                            hint: "an analyzer must return one value per record; report this to its author")
                    }
                    return (i, out, Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
                }
                next += 1
            }
            for _ in 0..<min(max(1, limit), analyzers.count) { addNext() }
            while let (i, out, s) = try await group.next() {
                values[i] = out
                seconds[i] = s
                if next < analyzers.count { addNext() }
            }
        }
        let results = zip(tools, values).map { ToolResults(tool: $0, values: $1 ?? []) }
        return (results, seconds)
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return (path as NSString).standardizingPath }
        let cwd = FileManager.default.currentDirectoryPath
        return ((cwd as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }
}

/// A started run: its events, and a way to cancel it.
public struct RunHandle: Sendable {
    public let events: AsyncThrowingStream<EngineEvent, any Error>
    let task: Task<Void, Never>

    /// Cancels the run: the batch in flight is abandoned; finished batches stay stored.
    public func cancel() {
        task.cancel()
    }
}
