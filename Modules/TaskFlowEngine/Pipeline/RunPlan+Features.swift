import TaskFlowCache
import TaskFlowCore
import TaskFlowPluginAPI

extension RunPlan {
    /// The features stage: every shared feature some analyzer with records left to analyse
    /// consumes, computed once for the union of those records — looked up in the cache first,
    /// like an analyzer's outputs, and the rest extracted in one call.
    ///
    /// Per planned feature, nil when no analyzer needs it for this batch.
    func computeFeatures(_ records: [Record], lookups: [CacheLookup]) async throws -> [FeatureOutcome?] {
        var outcomes: [FeatureOutcome?] = []
        for (f, feature) in features.enumerated() {
            var needed = Set<Int>()
            if corpusFeatures.contains(f) {
                // A corpus analyzer needs it for every record, cached or not.
                needed.formUnion(records.indices)
            } else {
                for (i, mine) in featuresOf.enumerated() where mine.contains(f) {
                    needed.formUnion(lookups[i].missing)
                }
            }
            outcomes.append(needed.isEmpty ? nil : try await compute(feature, for: needed.sorted(), of: records))
        }
        return outcomes
    }

    /// A feature of texts an analyzer asks for beyond its records (`FeatureValues.values(for:texts:)`):
    /// each distinct text once, looked up in the cache and the rest extracted in one call, as
    /// for records. Only features the analyzer listed (`allowed`, indexes into `features`)
    /// can be asked for: the run made an extractor for those.
    ///
    /// - Throws: `missing-feature` for a request it did not list; `feature-failed` with the
    ///   extractor's error (or the model's non-finite outputs); cancellation.
    func computeTexts(_ request: FeatureRequest, _ texts: [String], allowed: [Int]) async throws -> [AnalysisValue] {
        guard let f = allowed.first(where: { features[$0].request == request }) else {
            throw TaskFlowFailure(
                "missing-feature", "the feature \(request) was asked for texts but the analyzer does not list it",
                hint: "list it in the analyzer's `features`")
        }
        var slot: [String: Int] = [:]
        var distinct: [Record] = []
        let positions = texts.map { text in
            if let s = slot[text] { return s }
            slot[text] = distinct.count
            distinct.append(Record(id: String(distinct.count + 1), text: text))
            return distinct.count - 1
        }
        let outcome = try await compute(features[f], for: Array(distinct.indices), of: distinct)
        if let failure = outcome.failure {
            throw TaskFlowFailure("feature-failed", "the feature \(request) failed on \(distinct.count) extra texts: \(failure)")
        }
        return positions.map { outcome.values[$0]! }
    }

    /// One feature for the records at `needed` (ascending indexes into `records`).
    private func compute(_ feature: PlannedFeature, for needed: [Int], of records: [Record]) async throws -> FeatureOutcome {
        var outcome = FeatureOutcome(count: records.count)
        var keys: [Int: CacheKey] = [:]
        if let cache, let maker = feature.keyMaker {
            let c0 = clock.now
            for r in needed { keys[r] = maker.key(for: records[r].text) }
            if !refresh {
                let found = await cache.getMany(needed.map { keys[$0]! }, analyzer: maker.analyzerID)
                for r in needed {
                    // A non-finite value can only come from a damaged model (or a cache written
                    // before models were checked): a miss, computed again and overwritten.
                    if let bytes = found[keys[r]!], let value = CachedValueCoding.decode(bytes), value.isFiniteThroughout {
                        outcome.values[r] = value
                        outcome.hits += 1
                    }
                }
            }
            outcome.cacheSeconds = (clock.now - c0).inSeconds
        }
        let missing = needed.filter { outcome.values[$0] == nil }
        guard !missing.isEmpty else { return outcome }

        let start = clock.now
        let out: [AnalysisValue]
        do {
            let extracted = try await feature.extractor.extractBatch(missing.map { records[$0] }, context: context)
            out = extracted.values
            outcome.truncated = min(max(0, extracted.truncated), missing.count)
        } catch let error as CancellationError {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            outcome.seconds = (clock.now - start).inSeconds
            outcome.failure = Engine.message(for: error, withHint: true)
            return outcome
        }
        outcome.seconds = (clock.now - start).inSeconds
        guard out.count == missing.count else {
            outcome.failure =
                "its extractor returned \(out.count) values for \(missing.count) records (an extractor must return one per record)"
            return outcome
        }
        let broken = out.filter { !$0.isFiniteThroughout }.count
        guard broken == 0 else {
            // Never handed on, never cached: the analyzers that need it fail on this batch.
            outcome.failure =
                "the model '\(feature.request.model)' gave NaN or infinite values for \(broken) of \(missing.count) records "
                + "(its files are damaged or its configuration holds invalid numbers); nothing of it was kept"
            return outcome
        }
        for (j, r) in missing.enumerated() { outcome.values[r] = out[j] }
        outcome.computed = missing.count

        if let cache, let maker = feature.keyMaker {
            let c0 = clock.now
            await cache.putMany(
                missing.map { CacheEntry(key: keys[$0]!, analyzer: maker.analyzerID, value: CachedValueCoding.encode(outcome.values[$0]!)) })
            outcome.cacheSeconds += (clock.now - c0).inSeconds
        }
        return outcome
    }
}

/// One shared feature for one batch: its value for every record an analyzer needed, or why it
/// could not be computed.
struct FeatureOutcome: Sendable {
    /// Per record of the batch; nil where no analyzer needed it.
    var values: [AnalysisValue?]
    /// Why extracting failed; the analyzers that need the feature fail on this batch.
    var failure: String?
    /// Records the extractor computed.
    var computed = 0
    /// Records the cache served.
    var hits = 0
    /// Records whose text the extractor cut to its model's window.
    var truncated = 0
    /// Seconds inside the extractor.
    var seconds = 0.0
    var cacheSeconds = 0.0

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }
}

extension AnalysisValue {
    /// Whether every number in it is finite: no NaN, no infinity (which JSON cannot hold and a
    /// healthy model never gives).
    var isFiniteThroughout: Bool {
        switch self {
        case .embedding(let v): return v.allSatisfy(\.isFinite)
        case .classification(let c): return c.score.isFinite && c.scores.allSatisfy(\.value.isFinite)
        case .topic(let t): return t.score.isFinite
        case .spans(let spans): return spans.allSatisfy(\.score.isFinite)
        case .keyphrases(let phrases): return phrases.allSatisfy(\.score.isFinite)
        case .json(let j): return j.isFiniteThroughout
        @unknown default: return true
        }
    }
}

extension JSONValue {
    /// Whether every number in it is finite.
    fileprivate var isFiniteThroughout: Bool {
        switch self {
        case .double(let d): return d.isFinite
        case .array(let a): return a.allSatisfy(\.isFiniteThroughout)
        case .object(let fields): return fields.allSatisfy(\.value.isFiniteThroughout)
        case .null, .bool, .int, .string: return true
        }
    }
}
