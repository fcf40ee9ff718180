import Foundation
import TaskFlowCache
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowStorage

/// Runs pipelines: reads batches, analyses them concurrently, stores each batch in one
/// transaction and reports progress as an `AsyncSequence` of events.
public struct Engine: Sendable {
    public var home: TaskFlowHome
    public var store: SQLiteStore?
    /// The content cache; used unless a run's `cacheMode` is `.off`.
    public var cache: TieredCache?

    public init(home: TaskFlowHome, store: SQLiteStore?, cache: TieredCache? = nil) {
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
                try await engine.execute(spec, continuation: continuation)
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

    private func execute(_ spec: PipelineSpec, continuation: AsyncThrowingStream<RunEvent, any Error>.Continuation) async throws {
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
        let selections = spec.analyzers
        let analyzers: [any Analyzer] = try selections.map { try $0.makeAnalyzer(context: context) }
        // Every analyzer and agent is made before the run is recorded, so bad options leave no run behind.
        let corpusAnalyzers: [any CorpusAnalyzer] = try spec.corpusTools.map { try $0.makeCorpusAnalyzer(context: context) }
        let agentContext = AgentContext(analyzer: context, languageModel: spec.languageModel)
        let agents: [any Agent] = try spec.agents.map { try $0.makeAgent(context: agentContext) }
        let tools = selections.map(\.facts)

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
        var analyzedCounts = Array(repeating: 0, count: analyzers.count)
        var hits = Array(repeating: 0, count: analyzers.count)
        var cacheSeconds = Array(repeating: 0.0, count: analyzers.count)
        var failures: [AnalyzerFailure] = []
        var corpusRecords: [Record] = []
        var corpusValues: [String: [AnalysisValue]] = [:]
        let keepCorpus = !corpusAnalyzers.isEmpty || !agents.isEmpty
        let cache = spec.cacheMode == .off ? nil : self.cache
        let keyMakers: [CacheKeyMaker?] = zip(selections, analyzers).map { selection, analyzer in
            let d = selection.entry.analyzerDescriptor
            guard cache != nil, d.cacheable || spec.cacheCheapAnalyzers else { return nil }
            return CacheKeyMaker(descriptor: d, options: selection.options, fingerprints: analyzer.fingerprints)
        }
        var readSeconds = 0.0
        var storeSeconds = 0.0
        var recordsDone = 0
        var batchIndex = 0
        var status = RunStatus.completed
        var failure: String?

        do {
            while true {
                if Task.isCancelled { status = .cancelled; break }
                let r0 = clock.now
                guard let records = try reader.nextBatch(maxCount: spec.batchSize) else { break }
                readSeconds += Self.seconds(clock.now - r0)

                let outcomes = try await Self.analyze(
                    records, with: analyzers, tools: tools, context: context, limit: spec.maxConcurrentAnalyzers,
                    cache: cache, keyMakers: keyMakers, refresh: spec.cacheMode == .refresh)
                // Abandon the batch in flight on cancellation: nothing of it is stored.
                if Task.isCancelled { status = .cancelled; break }
                for (i, o) in outcomes.enumerated() {
                    if o.analyzed > 0 { batchSeconds[i].append(o.analysisSeconds) }
                    analyzedCounts[i] += o.analyzed
                    hits[i] += o.hits
                    cacheSeconds[i] += o.cacheSeconds
                }
                let results = zip(tools, outcomes).map { ToolResults(tool: $0, values: $1.values, failure: $1.failure) }
                for r in results {
                    if let failure = r.failure {
                        failures.append(AnalyzerFailure(analyzer: r.tool.id, batch: batchIndex, records: records.count, message: failure))
                    }
                }
                if keepCorpus {
                    corpusRecords += records
                    for r in results where r.failure == nil { corpusValues[r.tool.task, default: []] += r.values }
                    for r in results where r.failure != nil {
                        corpusValues[r.tool.task, default: []] += Array(repeating: .json(.null), count: records.count)
                    }
                }

                let s0 = clock.now
                if let store, let runID, let datasetID {
                    try store.saveBatch(
                        runID: runID, datasetID: datasetID, batchIndex: batchIndex, firstSeq: recordsDone,
                        records: records, results: results.filter { $0.failure == nil }.map { ($0.tool.id, $0.tool.task, $0.values) })
                }
                storeSeconds += Self.seconds(clock.now - s0)
                builder.add(records: records, results: results.filter { $0.failure == nil })

                let output = BatchOutput(
                    index: batchIndex, firstSeq: recordsDone, records: records, results: results,
                    recordsDone: recordsDone + records.count, bytesRead: reader.report.bytesRead,
                    bytesTotal: reader.bytesTotal, elapsedSeconds: Self.seconds(clock.now - t0))
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
                wall: Self.seconds(clock.now - t0), read: readSeconds, store: storeSeconds, batchSeconds: batchSeconds,
                error: failure)
            try? store?.finishRun(runID: runID ?? 0, status: .failed, wallSeconds: summary.wallSeconds, summary: summary, error: failure)
            throw error
        }

        var findings: [CorpusFindings] = []
        let corpus = Corpus(records: corpusRecords, values: corpusValues)
        if status == .completed, !corpusAnalyzers.isEmpty {
            for (selection, analyzer) in zip(spec.corpusTools, corpusAnalyzers) {
                let c0 = clock.now
                do {
                    let result = try await analyzer.analyze(corpus: corpus, context: context)
                    if let perRecord = result.perRecord, perRecord.count == corpusRecords.count, let store, let runID {
                        try store.saveCorpusValues(
                            runID: runID, analyzer: selection.id, task: selection.entry.task, values: perRecord)
                    }
                    let f = CorpusFindings(
                        analyzer: selection.id, summary: result.summary.jsonString,
                        reportSection: result.reportSection, seconds: Self.seconds(clock.now - c0))
                    try store?.saveCorpusFindings(runID: runID ?? 0, findings: f)
                    findings.append(f)
                } catch is CancellationError {
                    status = .cancelled
                } catch {
                    let message = (error as? any TaskFlowError)?.description ?? "\(error)"
                    failures.append(AnalyzerFailure(analyzer: selection.id, batch: -1, records: corpusRecords.count, message: message))
                }
            }
        }

        facts.read = reader.report
        var summary = finish(
            builder: builder, facts: facts, runID: runID, status: status, device: device, spec: spec, tools: tools,
            recordsDone: recordsDone, batches: batchIndex, startedAt: startedAt, wall: Self.seconds(clock.now - t0),
            read: readSeconds, store: storeSeconds, batchSeconds: batchSeconds, error: failure)
        summary.timings = zip(tools.indices, tools).map { i, tool in
            AnalyzerTiming(id: tool.id, records: analyzedCounts[i], batchSeconds: batchSeconds[i])
        }
        summary.cacheMode = cache == nil ? .off : spec.cacheMode
        summary.failures = failures
        summary.corpus = findings
        if let cache {
            let cached = tools.indices.filter { keyMakers[$0] != nil }
            summary.cache = await Self.cacheUsage(
                cache: cache, tools: cached.map { tools[$0] }, hits: cached.map { hits[$0] },
                analyzed: cached.map { analyzedCounts[$0] }, recordsDone: recordsDone,
                batchSeconds: cached.map { batchSeconds[$0] }, cacheSeconds: cached.map { cacheSeconds[$0] })
        }
        if status == .completed, !agents.isEmpty {
            let a0 = clock.now
            let outcome = await runAgents(
                agents, selections: spec.agents, summary: summary, corpus: corpus, context: context,
                languageModel: spec.languageModel, runID: runID)
            summary.agents = outcome.findings
            summary.failures += outcome.failures
            summary.wallSeconds += Self.seconds(clock.now - a0)
            if outcome.cancelled { summary.status = .cancelled }
            status = summary.status
        }
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

    /// What one analyzer did with one batch.
    struct ToolOutcome: Sendable {
        var values: [AnalysisValue]
        /// Seconds inside `analyze` (zero when every record came from the cache).
        var analysisSeconds: Double
        var analyzed: Int
        var hits: Int
        var cacheSeconds: Double
        /// The analyzer's error on this batch (values empty), if it failed.
        var failure: String? = nil
    }

    /// Runs every analyzer on one batch, at most `limit` at a time; results in pipeline order.
    ///
    /// With a cache, each analyzer first looks its keys up in one `getMany`, analyses only the
    /// misses and stores them with one `putMany`.
    static func analyze(
        _ records: [Record], with analyzers: [any Analyzer], tools: [ToolFacts], context: AnalyzerContext, limit: Int,
        cache: TieredCache? = nil, keyMakers: [CacheKeyMaker?] = [], refresh: Bool = false
    ) async throws -> [ToolOutcome] {
        var outcomes = [ToolOutcome?](repeating: nil, count: analyzers.count)
        try await withThrowingTaskGroup(of: (Int, ToolOutcome).self) { group in
            var next = 0
            func addNext() {
                let i = next
                let analyzer = analyzers[i]
                let tool = tools[i]
                let maker = i < keyMakers.count ? keyMakers[i] : nil
                group.addTask {
                    (i, try await analyzeOne(records, analyzer, tool, context, cache: maker == nil ? nil : cache, maker: maker, refresh: refresh))
                }
                next += 1
            }
            for _ in 0..<min(max(1, limit), analyzers.count) { addNext() }
            while let (i, outcome) = try await group.next() {
                outcomes[i] = outcome
                if next < analyzers.count { addNext() }
            }
        }
        return outcomes.map { $0! }
    }

    private static func analyzeOne(
        _ records: [Record], _ analyzer: any Analyzer, _ tool: ToolFacts, _ context: AnalyzerContext,
        cache: TieredCache?, maker: CacheKeyMaker?, refresh: Bool
    ) async throws -> ToolOutcome {
        let clock = ContinuousClock()
        var values = [AnalysisValue?](repeating: nil, count: records.count)
        var keys: [CacheKey] = []
        var cacheSeconds = 0.0
        var hits = 0
        if let cache, let maker {
            let c0 = clock.now
            keys = records.map { maker.key(for: $0.text) }
            if !refresh {
                let found = await cache.getMany(keys, analyzer: tool.id)
                for (i, key) in keys.enumerated() {
                    if let bytes = found[key], let value = CachedValueCoding.decode(bytes) {
                        values[i] = value
                        hits += 1
                    }
                }
            }
            cacheSeconds += seconds(clock.now - c0)
        }
        let missing = values.indices.filter { values[$0] == nil }
        var analysisSeconds = 0.0
        if !missing.isEmpty {
            let input = missing.count == records.count ? records : missing.map { records[$0] }
            let start = clock.now
            let out: [AnalysisValue]
            do {
                out = try await analyzer.analyze(input, context: context)
            } catch let error as CancellationError {
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                let message = (error as? any TaskFlowError).map { $0.description + ($0.hint.map { " (\($0))" } ?? "") } ?? "\(error)"
                return ToolOutcome(
                    values: [], analysisSeconds: seconds(clock.now - start), analyzed: 0, hits: hits,
                    cacheSeconds: cacheSeconds, failure: message)
            }
            analysisSeconds = seconds(clock.now - start)
            guard out.count == input.count else {
                return ToolOutcome(
                    values: [], analysisSeconds: analysisSeconds, analyzed: 0, hits: hits, cacheSeconds: cacheSeconds,
                    failure: "returned \(out.count) values for \(input.count) records (an analyzer must return one per record)")
            }
            for (j, i) in missing.enumerated() { values[i] = out[j] }
        }
        if let cache, !keys.isEmpty {
            let c0 = clock.now
            let entries = missing.map { i in
                CacheEntry(key: keys[i], analyzer: tool.id, value: CachedValueCoding.encode(values[i]!))
            }
            await cache.putMany(entries)
            cacheSeconds += seconds(clock.now - c0)
        }
        return ToolOutcome(
            values: values.map { $0! }, analysisSeconds: analysisSeconds, analyzed: missing.count, hits: hits,
            cacheSeconds: cacheSeconds)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return (path as NSString).standardizingPath }
        let cwd = FileManager.default.currentDirectoryPath
        return ((cwd as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }
}

extension Engine {
    /// Per-analyzer cache figures for the summary, recorded in the disk tier's usage table.
    static func cacheUsage(
        cache: TieredCache, tools: [ToolFacts], hits: [Int], analyzed: [Int], recordsDone: Int,
        batchSeconds: [[Double]], cacheSeconds: [Double]
    ) async -> [CacheUsage] {
        let disk = cache.tiers.compactMap { $0 as? SQLiteCacheStore }.first
        var usage: [CacheUsage] = []
        var records: [String: (records: Int, seconds: Double)] = [:]
        for (i, tool) in tools.enumerated() {
            let spent = batchSeconds[i].reduce(0, +)
            records[tool.id] = (analyzed[i], spent)
            var perRecord = analyzed[i] > 0 ? spent / Double(analyzed[i]) : nil
            if perRecord == nil { perRecord = try? disk?.secondsPerRecord(analyzer: tool.id) }
            usage.append(
                CacheUsage(
                    analyzer: tool.id, hits: hits[i], misses: recordsDone - hits[i], cacheSeconds: cacheSeconds[i],
                    savedSeconds: Double(hits[i]) * (perRecord ?? 0)))
        }
        try? await disk?.recordUsage(
            usage.map { AnalyzerCacheStats(analyzer: $0.analyzer, hits: $0.hits, misses: $0.misses, savedSeconds: $0.savedSeconds) },
            analyzed: records)
        return usage
    }
}
