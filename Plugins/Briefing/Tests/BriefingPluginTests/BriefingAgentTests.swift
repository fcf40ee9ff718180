import Testing
import TaskFlowPluginAPI

@testable import BriefingPlugin

@Suite struct BriefingAgentTests {
    static let good = "Of 351 records, 53% were positive and 22% negative. 5 were toxic, and 2 near-duplicate clusters cover 9 records."

    func run(_ model: (any LanguageModel)?, options: AnalyzerOptions = AnalyzerOptions()) async throws -> AgentOutput {
        let context = AgentContext(analyzer: Fixtures.context.analyzer, languageModel: model)
        let agent = try BriefingAgent(options: options, context: context)
        return try await agent.run(AgentInput(summary: Fixtures.summary, corpus: Fixtures.corpus), context: context)
    }

    @Test func withoutAModelFactsAndReadFirst() async throws {
        let out = try await run(nil, options: AnalyzerOptions(["read-first": .int(2), "watch": .string("negative,toxic")]))
        #expect(out.sections.map(\.title) == ["Briefing"])
        let body = out.sections[0].body
        #expect(body.contains("- sentiment: 53% positive (186), 25% neutral (89), 22% negative (76)\n"))
        #expect(body.contains("- toxicity: 5 toxic (1.4%)\n"))
        #expect(body.contains("1. **FB-4** (negative -0.30, toxic 0.55): Useless garbage, crashed 3 times today\n"))
        #expect(body.contains(#"2. **FB-5** (toxic 0.90): You \*idiots\* broke \[sync\] again"#))
        #expect(!body.contains("FB-3"))
        #expect(body.hasSuffix("_A written summary needs a language model (`--llm`)._\n"))
        #expect(!body.contains("#"))
        #expect(out.notes.isEmpty)
        #expect(out.findings["readFirst"] == .array([.string("FB-4"), .string("FB-5")]))
        #expect(out.findings["narrative"] == .null)
        #expect(out.findings["narrativeChecked"] == .bool(false))
        #expect(out.findings["llmCalls"] == .int(0))
        #expect(out.findings["records"] == .int(351))
    }

    @Test func acceptedNarrativeLeadsTheSection() async throws {
        let model = ScriptedModel([Self.good])
        let out = try await run(model)
        let body = out.sections[0].body
        #expect(body.hasPrefix("_Summary written by mock/scripted, checked against the run's figures:_ \(Self.good)\n\n"))
        #expect(!body.contains("--llm"))
        #expect(out.notes.isEmpty)
        #expect(out.findings["narrative"] == .string(Self.good))
        #expect(out.findings["narrativeChecked"] == .bool(true))
        #expect(out.findings["llmCalls"] == .int(1))
        #expect(out.findings["unsupportedNumbers"] == .array([]))
        let requests = await model.requests
        #expect(requests.count == 1)
        let prompt = requests[0].messages[0].text
        #expect(prompt.contains("- sentiment: 53% positive (186), 25% neutral (89), 22% negative (76)\n"))
        #expect(prompt.contains("- FB-3: Terrible terrible terrible\n"))
        #expect(!prompt.contains("battery lasts a week"))  // not a read-first record
        #expect(!requests[0].system.isEmpty)
    }

    @Test func wrongNumberIsSentBackOnceThenAccepted() async throws {
        let model = ScriptedModel(["Of 351 records, 60% were negative.", Self.good])
        let out = try await run(model)
        #expect(out.findings["narrative"] == .string(Self.good))
        #expect(out.findings["llmCalls"] == .int(2))
        #expect(out.findings["unsupportedNumbers"] == .array([.string("60%")]))
        #expect(out.notes.isEmpty)
        let requests = await model.requests
        #expect(requests.count == 2)
        #expect(requests[1].messages.map(\.role) == [.user, .assistant, .user])
        #expect(requests[1].messages[1].text == "Of 351 records, 60% were negative.")
        #expect(requests[1].messages[2].text.contains("60%"))
    }

    @Test func wrongTwiceLeavesTheNarrativeOut() async throws {
        let model = ScriptedModel(["60% were negative.", "About 70 were negative, 3 of them toxic."])
        let out = try await run(model)
        #expect(out.findings["narrative"] == .null)
        #expect(out.findings["narrativeChecked"] == .bool(false))
        #expect(out.findings["llmCalls"] == .int(2))
        // 3 is allowed: FB-4's quoted comment says "crashed 3 times".
        #expect(out.findings["unsupportedNumbers"] == .array([.string("60%"), .string("70")]))
        #expect(out.notes.count == 1)
        #expect(out.notes[0].contains("mock/scripted") && out.notes[0].contains("60%, 70"))
        let body = out.sections[0].body
        #expect(!body.contains("60%") && !body.contains("70"))
        #expect(body.contains("_No written summary"))
    }

    @Test func emptyRepliesLeaveTheNarrativeOut() async throws {
        let out = try await run(ScriptedModel(["  ", ""]))
        #expect(out.findings["narrative"] == .null)
        #expect(out.notes == ["no written summary: mock/scripted replied with nothing"])
    }

    @Test func modelErrorBecomesANote() async throws {
        let out = try await run(FailingModel())
        #expect(out.findings["narrative"] == .null)
        #expect(out.findings["llmCalls"] == .int(1))
        #expect(out.notes.count == 1)
        #expect(out.notes[0].contains("mock/down") && out.notes[0].contains("connection refused"))
        #expect(out.sections[0].body.contains("- 351 records analysed\n"))
    }

    @Test func negativeReadFirstIsRejected() {
        #expect(throws: (any Error).self) {
            try BriefingAgent(options: AnalyzerOptions(["read-first": .int(-1)]), context: Fixtures.context)
        }
    }
}
