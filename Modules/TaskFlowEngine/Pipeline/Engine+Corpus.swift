import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowStorage

extension Engine {
    /// The corpus stage, after the last batch of a completed run: each corpus analyzer sees
    /// every record and value; its per-record values and findings are stored with the run. An
    /// error fails that corpus analyzer only; cancellation marks the run cancelled.
    func runCorpus(_ plan: RunPlan, state: inout RunState) async {
        let corpus = state.corpus
        for (selection, analyzer) in zip(plan.spec.corpusTools, plan.corpusAnalyzers) {
            let c0 = plan.clock.now
            do {
                let result = try await analyzer.analyze(corpus: corpus, context: plan.context)
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
            }
        }
    }
}
