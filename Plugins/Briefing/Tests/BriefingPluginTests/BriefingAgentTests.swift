import BriefingPlugin
import Testing
import TaskFlowPluginAPI

@Suite struct BriefingAgentTests {
    @Test func countsRecords() async throws {
        let ctx = AgentContext(analyzer: AnalyzerContext(homeDirectory: "/tmp"))
        let agent = try BriefingAgent(options: AnalyzerOptions(), context: ctx)
        let out = try await agent.run(AgentInput(summary: .null, corpus: Corpus(records: [], values: [:])), context: ctx)
        #expect(out.sections.count == 1)
    }
}
