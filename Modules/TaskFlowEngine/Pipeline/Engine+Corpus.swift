import TaskFlowCache
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowStorage

extension Engine {
    /// The corpus stage, after the last batch of a completed run: each corpus analyzer sees
    /// every record and value; its per-record values and findings are stored with the run. An
    /// error fails that corpus analyzer only; cancellation marks the run cancelled.
    func runCorpus(_ plan: RunPlan, state: inout RunState, earlier: [Int: JSONValue], events: RunEvents) async {
        let corpus = state.corpus
        for (c, (selection, analyzer)) in zip(plan.spec.corpusTools, plan.corpusAnalyzers).enumerated() {
            let c0 = plan.clock.now
            do {
                let key = corpusKey(c, plan: plan, corpus: corpus, earlier: earlier[c])
                var result: CorpusResult
                if let key, let cached = await cachedCorpusResult(key, plan: plan, selection: selection, records: corpus.records.count) {
                    result = cached
                } else {
                    if let continuing = analyzer as? any ContinuingCorpusAnalyzer, let found = earlier[c] {
                        result = try await continuing.analyze(corpus: corpus, earlier: found, context: plan.context)
                    } else {
                        result = try await analyzer.analyze(corpus: corpus, context: plan.context)
                    }
                    if let key, let cache = plan.cache {
                        await cache.putMany([CacheEntry(key: key, analyzer: selection.id, value: Self.encode(result))])
                    }
                }
                if !selection.entry.task.isEmpty {
                    // Front ends writing per-record output complete it with these (or nothing).
                    let values = result.perRecord.flatMap { $0.count == corpus.records.count ? $0 : nil }
                    events.yield(.corpus(CorpusOutput(tool: selection.facts, values: values ?? [])))
                }
                if let perRecord = result.perRecord, perRecord.count == corpus.records.count {
                    if let store, let runID = state.runID {
                        try await store.saveCorpusValues(runID: runID, analyzer: selection.id, task: selection.entry.task, values: perRecord)
                    }
                    // Topics and the like join the breakdowns and the trend.
                    state.builder.columns?.addLate(records: corpus.records, tool: selection.facts, values: perRecord.map { Optional($0) })
                }
                let findings = CorpusFindings(
                    analyzer: selection.id, summary: result.summary.jsonString, reportSection: result.reportSection,
                    seconds: (plan.clock.now - c0).inSeconds)
                if let store, let runID = state.runID { try await store.saveCorpusFindings(runID: runID, findings: findings) }
                state.corpusFindings.append(findings)
            } catch is CancellationError {
                state.status = .cancelled
            } catch {
                state.failures.append(
                    AnalyzerFailure(
                        analyzer: selection.id, batch: -1, records: corpus.records.count,
                        message: Self.message(for: error, withHint: false)))
                if !selection.entry.task.isEmpty { events.yield(.corpus(CorpusOutput(tool: selection.facts, values: []))) }
            }
        }
    }

    /// The cache key of corpus analyzer `c`'s result: its id, version and options, the
    /// fingerprints of the features it consumes, the identity of every per-record tool whose
    /// values it sees, what it continues from, and every record's id and text in run order.
    /// Nil when the run does not use the cache (or the analyzer says it is not cacheable).
    func corpusKey(_ c: Int, plan: RunPlan, corpus: Corpus, earlier: JSONValue?) -> CacheKey? {
        let selection = plan.spec.corpusTools[c]
        guard plan.cache != nil, selection.entry.analyzerDescriptor.cacheable else { return nil }
        var fingerprints: [String: String] = [:]
        for f in plan.corpusFeatures {
            for (name, hash) in plan.features[f].extractor.fingerprints { fingerprints["\(plan.features[f].request):\(name)"] = hash }
        }
        let maker = CacheKeyMaker(id: "corpus:" + selection.id, version: selection.facts.version, options: selection.options, fingerprints: fingerprints)
        var context: [String] = []
        for (tool, keys) in zip(plan.tools, plan.keyMakers) {
            context += [tool.id, tool.version, tool.options, keys?.identity.hex ?? ""]
        }
        context.append(earlier?.jsonString ?? "")
        return maker.key(forAll: context + corpus.records.lazy.flatMap { [$0.id, $0.text] })
    }

    /// A corpus result the cache holds for `key`, unless the run refreshes the cache or the
    /// entry does not fit this run.
    private func cachedCorpusResult(_ key: CacheKey, plan: RunPlan, selection: ToolSelection, records: Int) async -> CorpusResult? {
        guard let cache = plan.cache, !plan.refresh else { return nil }
        guard let bytes = await cache.getMany([key], analyzer: selection.id)[key],
            let json = try? JSONParser.parse(bytes), case .object = json
        else { return nil }
        let perRecord: [AnalysisValue]? =
            if case .array(let items)? = json["values"] { items.map(AnalysisValue.init(json:)) } else { nil }
        guard perRecord == nil || perRecord!.count == records else { return nil }
        return CorpusResult(summary: json["summary"] ?? .null, reportSection: json["report"]?.stringValue ?? "", perRecord: perRecord)
    }

    static func encode(_ result: CorpusResult) -> [UInt8] {
        var fields = [JSONField("summary", result.summary), JSONField("report", .string(result.reportSection))]
        if let values = result.perRecord { fields.append(JSONField("values", .array(values.map(\.json)))) }
        return Array(JSONValue.object(fields).jsonString.utf8)
    }

    /// Per corpus analyzer (by index) that continues an earlier run, what it stored for that
    /// run, read before anything is recorded.
    ///
    /// - Throws: `TaskFlowFailure` (exit 2) for a run the store does not hold, one that did not
    ///   finish, or one where this corpus analyzer found nothing; or when there is no store.
    func earlierFindings(_ plan: RunPlan) async throws -> [Int: JSONValue] {
        var out: [Int: JSONValue] = [:]
        for (c, (selection, analyzer)) in zip(plan.spec.corpusTools, plan.corpusAnalyzers).enumerated() {
            guard let continuing = analyzer as? any ContinuingCorpusAnalyzer, let run = continuing.earlierRun else { continue }
            guard let store else {
                throw TaskFlowFailure(
                    "no-store-for-earlier-run", "\(selection.id) continues run \(run), but this run has no store to read it from",
                    hint: "run with a store (drop --no-db) or leave out the from-run option", exitCode: 2)
            }
            guard let summary = try await store.summary(runID: run) else {
                throw TaskFlowFailure(
                    "unknown-earlier-run", "\(selection.id) continues run \(run), which \(store.location) does not hold as a finished run",
                    hint: "pick a finished run from `tf runs` (or the REPL's `runs`)", exitCode: 2)
            }
            guard let findings = summary.corpus.last(where: { $0.analyzer == selection.id }),
                let json = try? JSONParser.parse(findings.summary)
            else {
                throw TaskFlowFailure(
                    "no-earlier-findings", "run \(run) did not run \(selection.id), so there is nothing to continue from",
                    hint: "pick a run that ran \(selection.entry.task.isEmpty ? selection.id : selection.entry.task), or leave out the from-run option",
                    exitCode: 2)
            }
            out[c] = json
        }
        return out
    }
}
