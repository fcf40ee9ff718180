import Foundation
import TaskFlowCore
import TaskFlowLLM
import TaskFlowPluginAPI
import TaskFlowStorage

extension Engine {
    /// What the agent stage of a run produced.
    struct AgentOutcome {
        var findings: [AgentFindings] = []
        var failures: [AnalyzerFailure] = []
        var cancelled = false
    }

    /// The agents stage, after the corpus stage of a completed run: the agents run in order and
    /// their findings, failures and time join the summary.
    func runAgents(_ plan: RunPlan, summary: inout RunSummary, corpus: Corpus, runID: Int64?) async {
        let a0 = plan.clock.now
        let outcome = await agentOutcome(plan, summary: summary, corpus: corpus, runID: runID)
        summary.agents = outcome.findings
        summary.failures += outcome.failures
        summary.wallSeconds += (plan.clock.now - a0).inSeconds
        if outcome.cancelled { summary.status = .cancelled }
    }

    /// Runs the agents in order. Each sees the summary so far, the corpus and every section
    /// written before it; a thrown error fails that agent only.
    private func agentOutcome(_ plan: RunPlan, summary: RunSummary, corpus: Corpus, runID: Int64?) async -> AgentOutcome {
        let clock = plan.clock
        let context = plan.context
        let languageModel = plan.spec.languageModel
        var outcome = AgentOutcome()
        let summaryJSON = Self.agentSummaryJSON(summary)
        var sections = summary.corpus.compactMap { Self.section(fromMarkdown: $0.reportSection, source: $0.analyzer) }
        for (selection, agent) in zip(plan.spec.agents, plan.agents) {
            let d = selection.entry
            if Task.isCancelled {
                outcome.cancelled = true
                break
            }
            if d.languageModel == .required, languageModel == nil {
                let f = AgentFindings(
                    agent: d.id, version: d.version, status: .skipped,
                    notes: ["\(d.id) needs a language model and none is configured; choose one (--llm in tf, set llm at the tf> prompt; mock works offline)"])
                if let store, let runID { try? await store.saveAgentFindings(runID: runID, findings: f) }
                outcome.findings.append(f)
                continue
            }
            let meter = languageModel.map(MeteredLanguageModel.init)
            let agentContext = AgentContext(analyzer: context, languageModel: meter)
            let t0 = clock.now
            do {
                let out = try await agent.run(AgentInput(summary: summaryJSON, corpus: corpus, sections: sections), context: agentContext)
                let written = out.sections.map { s in
                    var s = s
                    s.source = d.id
                    return s
                }
                sections += written
                let usage = meter?.usage ?? MeteredLanguageModel.Usage()
                let f = AgentFindings(
                    agent: d.id, version: d.version, status: .done, findings: out.findings.jsonString, sections: written,
                    notes: out.notes, model: meter?.name, llmCalls: usage.calls, inputTokens: usage.inputTokens,
                    outputTokens: usage.outputTokens, seconds: (clock.now - t0).inSeconds)
                if let store, let runID { try? await store.saveAgentFindings(runID: runID, findings: f) }
                outcome.findings.append(f)
            } catch is CancellationError {
                outcome.cancelled = true
                break
            } catch {
                outcome.failures.append(
                    AnalyzerFailure(
                        analyzer: d.id, batch: -1, records: corpus.records.count, message: Self.message(for: error, withHint: false)))
            }
        }
        return outcome
    }

    /// The run summary as agents read it: the JSON report's object, with each corpus
    /// analyzer's `summary` parsed into an object.
    static func agentSummaryJSON(_ summary: RunSummary) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(summary), let value = try? JSONParser.parse(Array(data)),
            case .object(var fields) = value
        else { return .null }
        if let i = fields.firstIndex(where: { $0.key == "corpus" }), case .array(let list) = fields[i].value {
            fields[i].value = .array(
                list.map { item in
                    guard case .object(var f) = item, let j = f.firstIndex(where: { $0.key == "summary" }),
                        let text = f[j].value.stringValue, let parsed = try? JSONParser.parse(text)
                    else { return item }
                    f[j].value = parsed
                    return .object(f)
                })
        }
        return .object(fields)
    }

    /// A report section from a corpus analyzer's Markdown (`## Title` then the body).
    static func section(fromMarkdown markdown: String, source: String) -> ReportSection? {
        let text = markdown.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        guard text.hasPrefix("#") else { return ReportSection(title: source, body: text, source: source) }
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let title = lines[0].drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
        let body = lines.count > 1 ? lines[1].trimmingCharacters(in: .whitespacesAndNewlines) : ""
        return ReportSection(title: title, body: body, source: source)
    }
}
