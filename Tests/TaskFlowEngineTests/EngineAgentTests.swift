import Foundation
import Testing
import TaskFlowCore
import TaskFlowLLM
import TaskFlowPluginAPI
import TaskFlowStorage
import TaskFlowTesting

@testable import TaskFlowEngine

/// Writes a section from the summary and the corpus, and asks the model once when it has one.
struct CountingAgent: Agent {
    static let descriptor = AgentDescriptor(id: "test.count", version: "2", summary: "test double")
    init(options: AnalyzerOptions, context: AgentContext) throws {}
    func run(_ input: AgentInput, context: AgentContext) async throws -> AgentOutput {
        let done = input.summary["recordsDone"]?.intValue ?? -1
        var body = "\(done) records, \(input.corpus.records.count) in the corpus, \(input.corpus.values["jitter"]?.count ?? 0) values"
        if let model = context.languageModel {
            body += "; model says: " + (try await model.complete(LanguageModelRequest(prompt: "How many?"))).text
        }
        return AgentOutput(
            sections: [ReportSection(title: "Count", body: body)], findings: .object([JSONField("records", .int(done))]),
            notes: ["counted"])
    }
}

/// Quotes the sections written before it (a critic reading a writer).
struct ReviewAgent: Agent {
    static let descriptor = AgentDescriptor(id: "test.review", version: "1", summary: "test double", languageModel: .none)
    init(options: AnalyzerOptions, context: AgentContext) throws {}
    func run(_ input: AgentInput, context: AgentContext) async throws -> AgentOutput {
        AgentOutput(sections: [ReportSection(title: "Review", body: input.sections.map { "\($0.source): \($0.title)" }.joined(separator: "; "))])
    }
}

struct ThrowingAgent: Agent {
    static let descriptor = AgentDescriptor(id: "test.throws", version: "1", summary: "test double", languageModel: .none)
    init(options: AnalyzerOptions, context: AgentContext) throws {}
    func run(_ input: AgentInput, context: AgentContext) async throws -> AgentOutput {
        throw TaskFlowFailure("agent-broke", "the test agent broke on purpose")
    }
}

struct NeedsModelAgent: Agent {
    static let descriptor = AgentDescriptor(id: "test.needs", version: "1", summary: "test double", languageModel: .required)
    init(options: AnalyzerOptions, context: AgentContext) throws {}
    func run(_ input: AgentInput, context: AgentContext) async throws -> AgentOutput {
        AgentOutput(sections: [ReportSection(title: "Needs", body: "ran")])
    }
}

/// Refuses its options, as an agent given a bad value would.
struct RefusingAgent: Agent {
    static let descriptor = AgentDescriptor(id: "test.refuses", version: "1", summary: "test double", languageModel: .none)
    init(options: AnalyzerOptions, context: AgentContext) throws {
        throw TaskFlowFailure("invalid-option", "test.refuses.limit must be 0 or more, got -1", hint: "set it to 0 or more")
    }
    func run(_ input: AgentInput, context: AgentContext) async throws -> AgentOutput { AgentOutput() }
}

@Suite struct EngineAgentTests {
    @Test func anAgentRefusingItsOptionsStopsTheRunBeforeAnyBatch() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let store = try SQLiteStore(path: dir.appendingPathComponent("t.sqlite").path)
        do {
            _ = try await run(agents: [RefusingAgent.self], store: store, dir: dir)
            Issue.record("expected the run to fail")
        } catch let e as TaskFlowFailure {
            #expect(e.description.contains("must be 0 or more"))
            #expect(e.hint == "set it to 0 or more")
        }
        #expect(try store.runs(limit: 5).isEmpty, "nothing was started")
    }

    func run(
        agents: [any Agent.Type], model: (any LanguageModel)? = nil, store: (any RunStore)? = nil, dir: URL
    ) async throws -> RunSummary {
        let path = try TestFiles.numberedText(30, in: dir)
        let engine = Engine(home: TaskFlowHome(path: dir.path), store: store)
        var spec = PipelineSpec(source: DatasetSource(path: path), tools: [try ToolSelection(analyzer: JitterAnalyzer.self)], batchSize: 8)
        spec.tools += try agents.map { try ToolSelection(agent: $0) }
        spec.languageModel = model
        return try await engine.run(spec)
    }

    @Test func agentsReadTheRunAndEarlierSectionsInOrder() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let s = try await run(agents: [CountingAgent.self, ReviewAgent.self], dir: dir)
        #expect(s.status == .completed)
        #expect(s.agents.map(\.agent) == ["test.count", "test.review"])
        #expect(s.agents[0].sections == [ReportSection(title: "Count", body: "30 records, 30 in the corpus, 30 values", source: "test.count")])
        #expect(s.agents[0].findings == #"{"records":30}"#)
        #expect(s.agents[0].notes == ["counted"])
        #expect(s.agents[0].model == nil && s.agents[0].llmCalls == 0)
        #expect(s.agents[1].sections.first?.body == "test.count: Count")
    }

    @Test func theModelIsMeteredPerAgent() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let s = try await run(agents: [CountingAgent.self], model: MockLLMClient(replies: ["thirty"]), dir: dir)
        let a = try #require(s.agents.first)
        #expect(a.sections.first?.body.hasSuffix("; model says: thirty") == true)
        #expect(a.model == "mock/script")
        #expect(a.llmCalls == 1)
        #expect(a.inputTokens > 0 && a.outputTokens == 2)
    }

    @Test func aModelErrorFailsTheAgentThatCalledIt() async throws {
        let model = ScriptedLanguageModel([.fail(TaskFlowFailure("llm-rate-limited", "the model answered 429"))])
        let s = try await run(agents: [CountingAgent.self, ReviewAgent.self], model: model, dir: try TestFiles.temporaryDirectory())
        #expect(model.calls == 1)
        #expect(model.requests.first?.messages.first?.text == "How many?")
        #expect(s.failures.map(\.analyzer) == ["test.count"])
        #expect(s.failures.first?.message.contains("429") == true)
        // The agent after it still ran.
        #expect(s.agents.contains { $0.agent == "test.review" && $0.status == .done })
    }

    @Test func aThrowingAgentFailsAloneAndTheRunGoesOn() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let store = try SQLiteStore(path: dir.appendingPathComponent("t.sqlite").path)
        let s = try await run(agents: [ThrowingAgent.self, CountingAgent.self], store: store, dir: dir)
        #expect(s.status == .completed)
        #expect(s.failures.count == 1)
        #expect(s.failures.first?.analyzer == "test.throws")
        #expect(s.failures.first?.batch == -1)
        #expect(s.failures.first?.message.contains("broke on purpose") == true)
        // The failed agent is listed as failed, with why, and wrote no section.
        #expect(s.agents.map(\.agent) == ["test.throws", "test.count"])
        #expect(s.agents.first?.status == .failed)
        #expect(s.agents.first?.sections.isEmpty == true)
        #expect(s.agents.first?.notes.first?.contains("broke on purpose") == true)
        let rows = try await store.query(
            "SELECT agent, status, sections FROM agent_result WHERE run_id = ? ORDER BY agent DESC", arguments: [String(try #require(s.runID))])
        #expect(rows.rows.map { $0[0] } == ["test.throws", "test.count"])
        #expect(rows.rows.first?[1] == "failed")
        #expect(rows.rows.last?[2]?.contains("30 records") == true)
    }

    @Test func anAgentThatNeedsAModelIsSkippedWithANoteWithoutOne() async throws {
        let dir = try TestFiles.temporaryDirectory()
        let s = try await run(agents: [NeedsModelAgent.self], dir: dir)
        let a = try #require(s.agents.first)
        #expect(a.status == .skipped)
        #expect(a.sections.isEmpty)
        #expect(a.notes.first?.contains("--llm") == true)
        #expect(s.failures.isEmpty)
        let withModel = try await run(agents: [NeedsModelAgent.self], model: MockLLMClient(), dir: try TestFiles.temporaryDirectory())
        #expect(withModel.agents.first?.status == .done)
    }

    @Test func corpusSummariesReachAgentsAsObjects() {
        var s = RunSummary(
            dataset: DatasetFacts(path: "x", format: "txt", textColumn: "text", idColumn: nil, bytes: 0, read: ReadReport()),
            status: .completed, device: "cpu", threads: 1, batchSize: 1, tools: [], recordsDone: 3)
        s.corpus = [CorpusFindings(analyzer: "dupes", summary: #"{"clusters":2}"#, reportSection: "## Dupes\n\nTwo.\n", seconds: 0)]
        let json = Engine.agentSummaryJSON(s)
        #expect(json["recordsDone"]?.intValue == 3)
        #expect(json["corpus"]?.arrayValue?.first?["summary"]?["clusters"]?.intValue == 2)
        #expect(Engine.section(fromMarkdown: s.corpus[0].reportSection, source: "dupes") == ReportSection(title: "Dupes", body: "Two.", source: "dupes"))
    }
}
