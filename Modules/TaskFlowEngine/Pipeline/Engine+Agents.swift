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
        var outcome = AgentOutcome()
        var sections = summary.corpus.compactMap { Self.section(fromMarkdown: $0.reportSection, source: $0.analyzer) }
        let services = llmServices(plan, runID: runID)
        for (selection, agent) in zip(plan.spec.agents, plan.agents) {
            let d = selection.entry
            if Task.isCancelled {
                outcome.cancelled = true
                break
            }
            var soFar = summary
            soFar.agents = outcome.findings
            let summaryJSON = Self.agentSummaryJSON(soFar)
            let languageModel: (any LanguageModel)?
            do {
                languageModel = try agentLanguageModel(plan, selection: selection)
            } catch {
                outcome.failures.append(
                    AnalyzerFailure(analyzer: d.id, batch: -1, records: corpus.records.count, message: Self.message(for: error, withHint: true)))
                continue
            }
            if d.languageModel == .required, languageModel == nil {
                let f = AgentFindings(
                    agent: d.id, version: d.version, status: .skipped,
                    notes: ["\(d.id) needs a language model and none is configured; choose one (--llm in tf, set llm at the tf> prompt; mock works offline)"])
                if let store, let runID { try? await store.saveAgentFindings(runID: runID, findings: f) }
                outcome.findings.append(f)
                continue
            }
            let meter = languageModel.map { m -> any LanguageModel in
                if let client = m as? any LLMClient { return AgentLanguageModel(client: client, agent: d.id, services: services) }
                return MeteredLanguageModel(m)
            }
            let agentContext = AgentContext(analyzer: context, languageModel: meter)
            let t0 = clock.now
            do {
                let input = AgentInput(summary: summaryJSON, corpus: corpus, sections: sections)
                let out = try await Self.withTimeout(selection.options.double("timeout"), agent: d.id) {
                    try await agent.run(input, context: agentContext)
                }
                let written = out.sections.map { s in
                    var s = s
                    s.source = d.id
                    return s
                }
                // A built-in agent may stand in for an earlier one's sections (the critic's
                // revised narrative replaces the writer's draft): findings `{"replaces": [ids]}`.
                let replaced = Set((out.findings["replaces"]?.arrayValue ?? []).compactMap(\.stringValue))
                if !replaced.isEmpty {
                    sections.removeAll { replaced.contains($0.source) }
                    for i in outcome.findings.indices where replaced.contains(outcome.findings[i].agent) {
                        outcome.findings[i].sections = []
                        outcome.findings[i].notes.append("its sections are replaced by \(d.id)'s")
                    }
                }
                sections += written
                var f = AgentFindings(
                    agent: d.id, version: d.version, status: .done, findings: out.findings.jsonString, sections: written,
                    notes: out.notes, model: meter?.name, seconds: (clock.now - t0).inSeconds)
                Self.fill(&f, usageOf: meter)
                if let store, let runID { try? await store.saveAgentFindings(runID: runID, findings: f) }
                outcome.findings.append(f)
            } catch is CancellationError {
                outcome.cancelled = true
                break
            } catch {
                var f = AgentFindings(
                    agent: d.id, version: d.version, status: .failed, notes: ["failed: " + Self.message(for: error, withHint: true)],
                    model: meter?.name, seconds: (clock.now - t0).inSeconds)
                Self.fill(&f, usageOf: meter)
                if let store, let runID { try? await store.saveAgentFindings(runID: runID, findings: f) }
                outcome.findings.append(f)
                outcome.failures.append(
                    AnalyzerFailure(
                        analyzer: d.id, batch: -1, records: corpus.records.count, message: Self.message(for: error, withHint: false)))
            }
        }
        return outcome
    }

    /// Copies what an agent's language model counted into its findings.
    static func fill(_ f: inout AgentFindings, usageOf model: (any LanguageModel)?) {
        guard let u = (model as? AgentLanguageModel)?.usage ?? (model as? MeteredLanguageModel)?.usage else { return }
        f.llmCalls = u.calls
        f.inputTokens = u.inputTokens
        f.outputTokens = u.outputTokens
        if model is AgentLanguageModel {
            f.cost = u.costKnown ? u.cost : (u.cost > 0 ? u.cost : nil)
            f.cacheHits = u.cacheHits
            f.retries = u.retries
        }
    }

    /// The model an agent calls: its own (`llm`/`model` options) or the run's.
    private func agentLanguageModel(_ plan: RunPlan, selection: ToolSelection) throws -> (any LanguageModel)? {
        let provider = selection.options.string("llm").flatMap { $0.isEmpty ? nil : $0 }
        let model = selection.options.string("model").flatMap { $0.isEmpty ? nil : $0 }
        if provider == nil, model == nil { return plan.spec.languageModel }
        guard let factory = plan.spec.languageModelFactory else { return plan.spec.languageModel }
        return try factory(provider, model)
    }

    /// The run's language-model services: prices, the exact cache in the content cache, the
    /// budget and the call log in the store.
    private func llmServices(_ plan: RunPlan, runID: Int64?) -> LLMRunServices {
        var services = LLMRunServices(runID: runID, prices: plan.spec.llmPrices)
        if let cache = plan.cache { services.cache = ContentCacheLLMResponses(cache) }
        services.readCache = plan.spec.cacheMode == .on
        if let limit = plan.spec.llmBudget { services.budget = LLMBudget(limit: limit) }
        if let t = plan.spec.semanticCacheThreshold, let embed = plan.spec.semanticEmbedder, plan.spec.cacheMode != .off {
            services.semantic = SemanticLLMCache(threshold: t, store: services.cache, embed: embed)
        }
        if let store = self.store {
            services.log = { @Sendable call in _ = try? await store.saveLLMCall(call) }
        }
        return services
    }

    /// Runs `body`, failing with a clear error after `seconds` (an agent's `timeout` option).
    static func withTimeout<T: Sendable>(_ seconds: Double?, agent: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let seconds, seconds > 0 else { return try await body() }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw TaskFlowFailure(
                    "agent-timeout", "\(agent) did not finish within its timeout of \(Int(seconds)) s",
                    hint: "raise it with --set \(agent).timeout=SECONDS, or try a faster model")
            }
            return value
        }
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
