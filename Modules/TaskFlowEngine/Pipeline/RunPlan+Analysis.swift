import TaskFlowCache
import TaskFlowCore
import TaskFlowPluginAPI

extension RunPlan {
    /// One batch through **cache lookup** → **features** → **analyze**.
    func analyse(_ batch: ReadBatch) async throws -> AnalysedBatch {
        let lookups = try await lookUp(batch.records)
        let features = try await computeFeatures(batch.records, lookups: lookups)
        let outcomes = try await analyze(batch.records, lookups: lookups, features: features)
        let results = zip(tools, outcomes).map { ToolResults(tool: $0, values: $1.values, failure: $1.failure) }
        return AnalysedBatch(read: batch, outcomes: outcomes, features: features, results: results)
    }

    /// The cache lookup stage: each cached analyzer's keys, looked up in one `getMany` per
    /// analyzer (at most `maxConcurrentAnalyzers` at a time). Nothing is found on a refresh.
    func lookUp(_ records: [Record]) async throws -> [CacheLookup] {
        try await boundedMap(analyzers.count) { i in
            var lookup = CacheLookup(count: records.count)
            guard let cache, let maker = keyMakers[i] else { return lookup }
            let c0 = clock.now
            lookup.keys = records.map { maker.key(for: $0.text) }
            if !refresh {
                let found = await cache.getMany(lookup.keys, analyzer: maker.analyzerID)
                for (r, key) in lookup.keys.enumerated() {
                    // Non-finite values are never cached now; one written before is a miss.
                    if let bytes = found[key], let value = CachedValueCoding.decode(bytes), value.isFiniteThroughout {
                        lookup.values[r] = value
                        lookup.hits += 1
                    }
                }
            }
            lookup.seconds = (clock.now - c0).inSeconds
            return lookup
        }
    }

    /// The analyze stage: every analyzer with records left to analyse gets them (with the
    /// features it consumes, sliced to those records, in order); at most
    /// `maxConcurrentAnalyzers` run at a time. New outputs go to the cache with one `putMany`
    /// per analyzer.
    ///
    /// An analyzer's error (or a failed feature it needs) fails that analyzer for this batch
    /// only; cancellation throws `CancellationError`.
    func analyze(_ records: [Record], lookups: [CacheLookup], features: [FeatureOutcome?]) async throws -> [ToolOutcome] {
        try await boundedMap(analyzers.count) { i in
            try await analyzeOne(i, records, lookup: lookups[i], features: features)
        }
    }

    private func analyzeOne(_ i: Int, _ records: [Record], lookup: CacheLookup, features: [FeatureOutcome?]) async throws -> ToolOutcome {
        var outcome = ToolOutcome(values: [], analysisSeconds: 0, analyzed: 0, hits: lookup.hits, cacheSeconds: lookup.seconds)
        let missing = lookup.missing
        var values = lookup.values
        if !missing.isEmpty {
            let allowed = featuresOf[i]
            var given = FeatureValues(
                [:], provider: FeatureProvider { request, texts in try await self.computeTexts(request, texts, allowed: allowed) })
            for f in featuresOf[i] {
                let request = self.features[f].request
                guard let computed = features[f], computed.failure == nil else {
                    outcome.failure = "needs the feature \(request), which failed on this batch: \(features[f]?.failure ?? "not computed")"
                    return outcome
                }
                given[request] = missing.map { computed.values[$0]! }
            }
            let input = missing.count == records.count ? records : missing.map { records[$0] }
            let start = clock.now
            let out: [AnalysisValue]
            do {
                out = try await analyzers[i].analyze(input, features: given, context: context)
            } catch let error as CancellationError {
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                outcome.analysisSeconds = (clock.now - start).inSeconds
                outcome.failure = Engine.message(for: error, withHint: true)
                return outcome
            }
            outcome.analysisSeconds = (clock.now - start).inSeconds
            guard out.count == input.count else {
                outcome.failure = "returned \(out.count) values for \(input.count) records (an analyzer must return one per record)"
                return outcome
            }
            for (j, r) in missing.enumerated() { values[r] = out[j] }
            outcome.analyzed = missing.count
        }
        if let cache, !lookup.keys.isEmpty, !missing.isEmpty {
            let c0 = clock.now
            let id = tools[i].id
            // A NaN or an infinity is handed on but never cached: it may come from a damaged model.
            let keep = missing.filter { values[$0]!.isFiniteThroughout }
            await cache.putMany(keep.map { CacheEntry(key: lookup.keys[$0], analyzer: id, value: CachedValueCoding.encode(values[$0]!)) })
            outcome.cacheSeconds += (clock.now - c0).inSeconds
        }
        outcome.values = values.map { $0! }
        return outcome
    }

    /// `body` for every index below `count`, at most `maxConcurrentAnalyzers` at a time;
    /// results in index order.
    func boundedMap<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
        var results = [T?](repeating: nil, count: count)
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var next = 0
            func addNext() {
                let i = next
                group.addTask { (i, try await body(i)) }
                next += 1
            }
            for _ in 0..<min(max(1, spec.maxConcurrentAnalyzers), count) { addNext() }
            while let (i, result) = try await group.next() {
                results[i] = result
                if next < count { addNext() }
            }
        }
        return results.map { $0! }
    }
}

/// One analyzer's cached outputs for a batch, and what is left to analyse.
struct CacheLookup: Sendable {
    /// Per record, the cached value; nil where the analyzer must run.
    var values: [AnalysisValue?]
    /// Per record, its key; empty when the analyzer is not cached.
    var keys: [CacheKey] = []
    var hits = 0
    var seconds = 0.0

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    /// The indexes of the records to analyse, in order.
    var missing: [Int] { values.indices.filter { values[$0] == nil } }
}

/// What one analyzer did with one batch.
struct ToolOutcome: Sendable {
    /// One value per record; empty when it failed.
    var values: [AnalysisValue]
    /// Seconds inside `analyze` (zero when every record came from the cache).
    var analysisSeconds: Double
    var analyzed: Int
    var hits: Int
    var cacheSeconds: Double
    /// The analyzer's error on this batch (values empty), if it failed.
    var failure: String? = nil
}
