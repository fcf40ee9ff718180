import Foundation
import TaskFlowCache
import TaskFlowCore
import TaskFlowPluginAPI

/// What a run has done so far: the ids it is recorded under, what each analyzer and feature
/// cost, and what its summary will say. Owned by the run's task; stages in other tasks hand
/// their results back to it.
struct RunState {
    var facts: DatasetFacts
    /// The run and its dataset in the store; nil without a store.
    let ids: (run: Int64, dataset: Int64)?
    var status = RunStatus.completed
    /// Why the run failed, when it did.
    var error: String?
    var builder: SummaryBuilder
    /// Per analyzer, in pipeline order.
    var analyzers: [AnalyzerTally]
    /// Per planned feature.
    var features: [FeatureTally]
    var failures: [AnalyzerFailure] = []
    /// Every committed record and, per task, its values (kept only for corpus analyzers and agents).
    var corpus = Corpus(records: [], values: [:])
    var corpusFindings: [CorpusFindings] = []
    var readSeconds = 0.0
    var storeSeconds = 0.0
    var recordsDone = 0
    var batchesDone = 0

    init(plan: RunPlan, facts: DatasetFacts, ids: (run: Int64, dataset: Int64)?) {
        self.facts = facts
        self.ids = ids
        builder = SummaryBuilder(tools: plan.tools)
        analyzers = Array(repeating: AnalyzerTally(), count: plan.analyzers.count)
        features = Array(repeating: FeatureTally(), count: plan.features.count)
    }

    var runID: Int64? { ids?.run }

    /// Settles the column views against the columns read so far (after the first batch) and
    /// starts counting them.
    ///
    /// - Throws: `TaskFlowFailure` for a named column the dataset lacks, or one that cannot
    ///   play its part (a rating column without numbers).
    mutating func settleColumns(_ plan: RunPlan) throws {
        guard builder.columns == nil else { return }
        builder.columns = ColumnAggregates(plan: try plan.spec.columnViews.resolve(in: facts.read.columns), tools: plan.tools)
    }

    /// Counts a read: its seconds, and where the reader stood after it.
    mutating func read(_ step: ReadStep) {
        readSeconds += step.seconds
        facts.read = step.report
    }

    /// Counts a batch the store committed: its figures, failures, values for the summary and
    /// the corpus.
    mutating func commit(_ batch: AnalysedBatch, storeSeconds seconds: Double, keepCorpus: Bool, corpusFeatures: [FeatureRequest?] = []) {
        storeSeconds += seconds
        let records = batch.read.records
        for (i, o) in batch.outcomes.enumerated() {
            if o.analyzed > 0 { analyzers[i].batchSeconds.append(o.analysisSeconds) }
            analyzers[i].analyzed += o.analyzed
            analyzers[i].hits += o.hits
            analyzers[i].cacheSeconds += o.cacheSeconds
        }
        for (f, o) in batch.features.enumerated() {
            guard let o else { continue }
            features[f].computed += o.computed
            // A batch whose feature failed handed nothing on: its truncation is not counted.
            if o.failure == nil { features[f].truncated += o.truncated }
            features[f].seconds += o.seconds
            features[f].hits += o.hits
            features[f].cacheSeconds += o.cacheSeconds
        }
        for r in batch.results {
            if let failure = r.failure {
                failures.append(AnalyzerFailure(analyzer: r.tool.id, batch: batch.read.index, records: records.count, message: failure))
            }
        }
        if keepCorpus {
            corpus.records += records
            for r in batch.results {
                corpus.values[r.tool.task, default: []] +=
                    r.failure == nil ? r.values : Array(repeating: .json(.null), count: records.count)
            }
            for (f, request) in corpusFeatures.enumerated() {
                guard let request else { continue }
                let outcome = f < batch.features.count ? batch.features[f] : nil
                corpus.features[request, default: []] +=
                    outcome.map { o in o.failure == nil ? o.values.map { $0 ?? .json(.null) } : Array(repeating: .json(.null), count: records.count) }
                    ?? Array(repeating: .json(.null), count: records.count)
            }
        }
        builder.add(records: records, results: batch.results)
        recordsDone += records.count
        batchesDone += 1
    }

    /// The run's summary as it stands (without the cache figures, which `RunPlan.cacheUsage`
    /// adds, and the agents, which run after).
    func summary(_ plan: RunPlan, location: String?) -> RunSummary {
        var s = RunSummary(
            runID: runID, databasePath: location, dataset: facts, status: status, device: plan.device.description,
            threads: plan.device.threads, batchSize: plan.spec.batchSize, tools: plan.tools, recordsDone: recordsDone,
            batchesDone: batchesDone, startedAt: plan.startDate,
            wallSeconds: (plan.clock.now - plan.startedAt).inSeconds, readSeconds: readSeconds,
            storeSeconds: storeSeconds,
            timings: zip(plan.tools, analyzers).map { AnalyzerTiming(id: $0.id, records: $1.analyzed, batchSeconds: $1.batchSeconds) },
            distributions: builder.distributions, examples: builder.examples, error: error)
        s.cacheMode = plan.cache == nil ? .off : plan.spec.cacheMode
        s.failures = failures
        s.corpus = corpusFindings
        s.topics = corpusFindings.lazy.compactMap { TopicTable(findings: $0) }.first
        s.terms = builder.termFindings
        s.crossTabs = builder.crossTabs
        s.histograms = builder.histograms
        if let c = builder.columns {
            s.breakdowns = c.breakdowns
            s.trend = c.trend
            s.rating = c.ratingAgreement
        }
        s.features = zip(plan.features, features).map { p, t in
            FeatureUsage(
                feature: p.request.description, analyzers: p.consumers, records: t.computed, seconds: t.seconds,
                cacheHits: t.hits, cacheSeconds: t.cacheSeconds, truncated: t.truncated)
        }
        return s
    }
}

/// One analyzer's figures over a run.
struct AnalyzerTally {
    /// Seconds inside `analyze`, per batch it analysed at least one record of.
    var batchSeconds: [Double] = []
    var analyzed = 0
    var hits = 0
    var cacheSeconds = 0.0
}

/// One shared feature's figures over a run.
struct FeatureTally {
    var computed = 0
    var truncated = 0
    var seconds = 0.0
    var hits = 0
    var cacheSeconds = 0.0
}

extension RunPlan {
    /// Per cached analyzer, how the cache served it; the run's figures (features' too) are added
    /// to the usage the cache keeps, which also prices hits of analyzers that computed nothing.
    func cacheUsage(_ cache: TieredCache, state: RunState) async -> [CacheUsage] {
        var usage: [CacheUsage] = []
        var recorded: [AnalyzerCacheStats] = []
        var analyzed: [String: (records: Int, seconds: Double)] = [:]
        func perRecord(_ id: String, records: Int, seconds: Double) async -> Double {
            if records > 0 { return seconds / Double(records) }
            return await cache.secondsPerRecord(analyzer: id) ?? 0
        }
        for (i, tool) in tools.enumerated() where keyMakers[i] != nil {
            let t = state.analyzers[i]
            let spent = t.batchSeconds.reduce(0, +)
            analyzed[tool.id] = (t.analyzed, spent)
            let saved = Double(t.hits) * (await perRecord(tool.id, records: t.analyzed, seconds: spent))
            usage.append(
                CacheUsage(
                    analyzer: tool.id, hits: t.hits, misses: state.recordsDone - t.hits, cacheSeconds: t.cacheSeconds,
                    savedSeconds: saved))
            recorded.append(AnalyzerCacheStats(analyzer: tool.id, hits: t.hits, misses: state.recordsDone - t.hits, savedSeconds: saved))
        }
        for (f, feature) in features.enumerated() where feature.keyMaker != nil {
            let t = state.features[f]
            let id = feature.request.cacheID
            let saved = Double(t.hits) * (await perRecord(id, records: t.computed, seconds: t.seconds))
            // Two models of one kind share the kind's id: one row for both.
            let before = analyzed[id] ?? (0, 0)
            analyzed[id] = (before.records + t.computed, before.seconds + t.seconds)
            if let j = recorded.firstIndex(where: { $0.analyzer == id }) {
                recorded[j].hits += t.hits
                recorded[j].misses += t.computed
                recorded[j].savedSeconds += saved
            } else {
                recorded.append(AnalyzerCacheStats(analyzer: id, hits: t.hits, misses: t.computed, savedSeconds: saved))
            }
        }
        await cache.recordUsage(recorded, analyzed: analyzed)
        return usage
    }
}
