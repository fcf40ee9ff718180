import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

@testable import TaskFlowREPL

/// Asks the model once (when there is one) and reports the record count.
struct TallyAgent: Agent {
    static let descriptor = AgentDescriptor(id: "tally", version: "1", summary: "test double")
    init(options: AnalyzerOptions, context: AgentContext) throws {}
    func run(_ input: AgentInput, context: AgentContext) async throws -> AgentOutput {
        var body = "\(input.corpus.records.count) records tallied"
        if let model = context.languageModel {
            body += " — " + (try await model.complete(LanguageModelRequest(prompt: "Tally the run"))).text
        }
        return AgentOutput(sections: [ReportSection(title: "Tally", body: body)])
    }
}

@Suite struct AgentCommandTests {
    @Test func agentsRunInTheREPLWithTheChosenModelAndAreSaved() async throws {
        let h = try ReplHarness()
        try h.session.environment.registry.register(agent: TallyAgent.self)
        let tools = await h.run("tools")
        #expect(tools.out.contains("tally") && tools.out.contains("agent, llm optional"))
        try await h.setUp(["load \(ReplHarness.feedback) --limit 40", "use sentiment,tally", "set llm mock"])
        let run = await h.run("run")
        #expect(run.status == .ok, "\(run.err)")
        #expect(run.err.contains("tally: 1 report section (mock/echo, 1 call"))
        let report = h.path("r.md")
        try await h.setUp(["report \(report)"])
        let md = try String(contentsOfFile: report, encoding: .utf8)
        #expect(md.contains("## Tally\n\n40 records tallied — Mock reply to a 3-word prompt: Tally the run"))
        let file = h.path("s.tf")
        try await h.setUp(["save \(file)"])
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        #expect(saved.contains("use sentiment.vader,tally\n"))
        #expect(saved.contains("set llm mock\n"))
    }

    @Test func anUnknownModelIsRefusedWithTheChoices() async throws {
        let h = try ReplHarness()
        let o = await h.run("set llm gpt")
        #expect(o.status != .ok)
        #expect(o.err.contains("unknown language-model provider 'gpt'"))
        #expect(o.err.contains("none, mock, openai, anthropic"))
        let unbuilt = await h.run("set llm openai")
        // The fix is phrased as a REPL command, not as the command line's flag.
        #expect(unbuilt.err.contains("hint: set llm mock"))
        #expect(!unbuilt.err.contains("--llm"))
        #expect(await h.session.state.llm == "none")
    }
}

/// Reports its option's value, to show `set AGENT.OPTION` reaches the agent.
struct LimitAgent: Agent {
    static let descriptor = AgentDescriptor(
        id: "limited", version: "1", summary: "test double", languageModel: .none,
        options: [OptionSpec(name: "top", summary: "how many", defaultValue: .int(5))])
    let top: Int
    init(options: AnalyzerOptions, context: AgentContext) throws { top = options.int("top") ?? -1 }
    func run(_ input: AgentInput, context: AgentContext) async throws -> AgentOutput {
        AgentOutput(sections: [ReportSection(title: "Limited", body: "top \(top)")])
    }
}

@Suite struct AgentOptionTests {
    @Test func agentOptionsAreSetListedSavedAndUsed() async throws {
        let h = try ReplHarness()
        try h.session.environment.registry.register(agent: LimitAgent.self)
        try await h.setUp(["load \(ReplHarness.feedback) --limit 10", "use sentiment,limited", "set limited.top 2"])
        let listed = await h.run("options limited")
        #expect(listed.out.contains("limited.top") && listed.out.contains("2 *"))
        let bad = await h.run("set limited.top many")
        #expect(bad.status != .ok)
        #expect(bad.err.contains("'many' is not a valid value"))
        try await h.setUp(["run"])
        let report = h.path("r.md")
        try await h.setUp(["report \(report)"])
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("## Limited\n\ntop 2\n"))
        let file = h.path("s.tf")
        try await h.setUp(["save \(file)"])
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("set limited.top 2\n"))
        // An agent before an analyzer: each keeps its own options in the pipeline listing.
        try await h.setUp(["use limited,sentiment", "set sentiment.threshold 0.3"])
        let pipeline = await h.run("pipeline").out
        #expect(pipeline.contains("1. limited (agent) top=2*"), "\(pipeline)")
        #expect(pipeline.contains("2. sentiment.vader (sentiment) threshold=0.3*"), "\(pipeline)")
        try await h.setUp(["unset limited.top"])
        #expect(await h.session.state.options["limited"] == nil)
    }
}
