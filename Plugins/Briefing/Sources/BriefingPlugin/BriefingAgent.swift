import TaskFlowPluginAPI

/// Placeholder: replaced by the real agent.
public struct BriefingAgent: Agent {
    public static let descriptor = AgentDescriptor(id: "briefing", version: "0", summary: "A briefing on the run")
    public init(options: AnalyzerOptions, context: AgentContext) throws {}
    public func run(_ input: AgentInput, context: AgentContext) async throws -> AgentOutput {
        AgentOutput(sections: [ReportSection(title: "Briefing", body: "\(input.corpus.records.count) records.")])
    }
}
