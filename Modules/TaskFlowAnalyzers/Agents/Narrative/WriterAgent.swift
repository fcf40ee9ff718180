import Foundation
import TaskFlowPluginAPI

/// `writer`: the run's narrative. It sends the model only what the question needs (the
/// `NarrativeBrief`: headline figures, top topics, emotions, entities and keyphrases with
/// counts, a few quoted records by id), asks for structured output, streams the answer and
/// stops reading as soon as the JSON object is complete.
struct WriterAgent: Agent {
    static let descriptor = AgentDescriptor(
        id: "writer", version: "1", summary: "Writes the run's narrative: title, summary, findings citing records, recommendations",
        languageModel: .required,
        options: NarrativeOptions.common + [
            OptionSpec(name: "quotes", summary: "records quoted to the model (1–30)", defaultValue: .int(12))
        ])

    let quotes: Int
    let maxTokens: Int

    init(options: AnalyzerOptions, context: AgentContext) throws {
        quotes = try NarrativeOptions.number(options, "quotes", in: 1...30, agent: "writer")
        maxTokens = try NarrativeOptions.number(options, "max-tokens", in: 64...16384, agent: "writer")
    }

    static let system = """
        You write the findings of an automated analysis of customer comments for the team that \
        owns the product. Use only the figures you are given, exactly as written; never compute \
        or invent a number. Every finding cites, by id, quoted records that show it. Cover the \
        largest topics. Be concrete and brief: a title, a two-to-four sentence summary, up to \
        six findings and up to four recommendations.
        """

    static func request(brief: NarrativeBrief, maxTokens: Int, revising draft: NarrativeDraft? = nil, objections: [String] = []) -> LanguageModelRequest {
        var prompt = brief.promptText
        if let draft {
            prompt += "\nYour previous draft:\n" + draft.json.jsonString + "\n\nA reviewer objected:\n"
            prompt += objections.map { "- \($0)\n" }.joined()
            prompt += "\nWrite the report again, fixing every objection."
        } else {
            prompt += "\nWrite the report."
        }
        return LanguageModelRequest(
            system: system, messages: [LanguageModelMessage(role: .user, text: prompt)], schema: NarrativeDraft.schema,
            schemaName: "narrative", maxTokens: maxTokens, temperature: 0)
    }

    /// Streams one draft.
    static func draft(_ request: LanguageModelRequest, model: any LanguageModel) async throws -> NarrativeDraft {
        var final: LanguageModelReply?
        for try await delta in model.stream(request) where delta.reply != nil { final = delta.reply }
        guard let reply = final else { throw TaskFlowFailure("writer-empty", "the language model ended without an answer") }
        guard let d = NarrativeDraft(json: reply.json ?? (try? JSONParser.parse(reply.text))) else {
            throw TaskFlowFailure("writer-shape", "the language model's answer is not a narrative (title, summary, findings)")
        }
        return d
    }

    func run(_ input: AgentInput, context: AgentContext) async throws -> AgentOutput {
        guard let model = context.languageModel else { return AgentOutput(notes: ["no language model: no narrative"]) }
        let brief = NarrativeBrief(summary: input.summary, quotes: quotes)
        let request = Self.request(brief: brief, maxTokens: maxTokens)
        let d = try await Self.draft(request, model: model)
        return AgentOutput(
            sections: [ReportSection(title: "Narrative", body: d.markdown)],
            findings: .object([
                JSONField("draft", d.json), JSONField("promptTokens", .int(LanguageModelPromptSize.tokens(request))),
                JSONField("quotes", .int(brief.quotes.count)),
            ]))
    }
}

/// Options the writer and the critic share: their own provider, model and timeout.
enum NarrativeOptions {
    static let common: [OptionSpec] = [
        OptionSpec(name: "llm", summary: "provider for this agent (none: the run's --llm)", defaultValue: .string("")),
        OptionSpec(name: "model", summary: "model for this agent (none: the run's --llm-model)", defaultValue: .string("")),
        OptionSpec(name: "timeout", summary: "seconds this agent may take in all (0: no limit)", defaultValue: .double(300)),
        OptionSpec(name: "max-tokens", summary: "longest answer per call, in tokens (64–16384)", defaultValue: .int(1500)),
    ]

    static func number(_ options: AnalyzerOptions, _ name: String, in range: ClosedRange<Int>, agent: String) throws -> Int {
        let v = options.int(name) ?? options.double(name).map { Int($0) } ?? range.lowerBound
        guard range.contains(v) else {
            throw TaskFlowFailure(
                "bad-option", "\(agent).\(name) must be between \(range.lowerBound) and \(range.upperBound), not \(v)",
                fix: Fix(.toolOption, example: "\(agent).\(name)=\(range.lowerBound)"), exitCode: 2)
        }
        return v
    }
}

/// A prompt's size in tokens as the writer reports it (a token per four UTF-8 bytes).
enum LanguageModelPromptSize {
    static func tokens(_ r: LanguageModelRequest) -> Int {
        (r.system.utf8.count + r.messages.reduce(0) { $0 + $1.text.utf8.count } + (r.responseSchema?.jsonString.utf8.count ?? 0) + 3) / 4
    }
}
