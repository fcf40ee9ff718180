import TaskFlowPluginAPI

/// Writes a report section on the long texts: the smallest useful agent, to copy from.
///
/// It reads the `length` values `WordCountAnalyzer` produced; with a language model (`--llm`)
/// it also asks for a one-line title for the longest text.
public struct LongTextsAgent: Agent {
    public static let descriptor = AgentDescriptor(
        id: "long-texts", version: "1", summary: "How many texts are long, and the longest", languageModel: .optional)

    public init(options: AnalyzerOptions, context: AgentContext) throws {}

    public func run(_ input: AgentInput, context: AgentContext) async throws -> AgentOutput {
        let lengths = input.corpus.values["length"] ?? []
        var long = 0
        var longest: (words: Double, index: Int)?
        for (i, value) in lengths.enumerated() {
            guard case .classification(let c) = value else { continue }
            if c.label == "long" { long += 1 }
            if c.score > (longest?.words ?? -1) { longest = (c.score, i) }
        }
        var body = "\(long) of \(input.corpus.records.count) texts are long."
        if let longest, let model = context.languageModel {
            let text = input.corpus.records[longest.index].text
            let reply = try await model.complete(LanguageModelRequest(prompt: "Give this text a title of at most six words:\n\(text)"))
            body += " The longest (\(Int(longest.words)) words) is about: \(reply.text)"
        }
        return AgentOutput(sections: [ReportSection(title: "Long texts", body: body)], findings: .object([JSONField("long", .int(long))]))
    }
}
