import Foundation
import TaskFlowPluginAPI

/// `critic`: scores the writer's draft from 0 to 1 against a rubric — every number is one of
/// the run's figures, every finding cites records that exist and say what it claims, the main
/// topics are covered — and sends it back with its objections while the score is below
/// `quality-threshold`, at most `max-attempts` drafts in all. When a draft passes every check
/// the critic asks no model at all. Its final draft replaces the writer's section, with the
/// score and the attempts.
struct CriticAgent: Agent {
    static let descriptor = AgentDescriptor(
        id: "critic", version: "1", summary: "Checks the writer's draft (figures, citations, coverage) and has it revised until it scores well",
        languageModel: .required,
        options: NarrativeOptions.common + [
            OptionSpec(name: "quality-threshold", summary: "score a draft must reach (0–1)", defaultValue: .double(0.8)),
            OptionSpec(name: "max-attempts", summary: "drafts in all, the writer's included (1–10)", defaultValue: .int(3)),
            OptionSpec(name: "quotes", summary: "records quoted to the model when revising (1–30)", defaultValue: .int(12)),
        ])

    let threshold: Double
    let maxAttempts: Int
    let quotes: Int
    let maxTokens: Int

    init(options: AnalyzerOptions, context: AgentContext) throws {
        threshold = options.double("quality-threshold") ?? 0.8
        guard (0...1).contains(threshold) else {
            throw TaskFlowFailure(
                "bad-option", "critic.quality-threshold must be between 0 and 1, not \(threshold)",
                fix: Fix(.toolOption, example: "critic.quality-threshold=0.8"), exitCode: 2)
        }
        maxAttempts = try NarrativeOptions.number(options, "max-attempts", in: 1...10, agent: "critic")
        quotes = try NarrativeOptions.number(options, "quotes", in: 1...30, agent: "critic")
        maxTokens = try NarrativeOptions.number(options, "max-tokens", in: 64...16384, agent: "critic")
    }

    static let reviewSchema: JSONValue = .object([
        JSONField("type", .string("object")), JSONField("additionalProperties", .bool(false)),
        JSONField("required", .array([.string("score"), .string("objections")])),
        JSONField(
            "properties",
            .object([
                JSONField("score", .object([JSONField("type", .string("number")), JSONField("minimum", .int(0)), JSONField("maximum", .int(1))])),
                JSONField("objections", .object([JSONField("type", .string("array")), JSONField("items", .object([JSONField("type", .string("string"))]))])),
            ])),
    ])

    static let system = """
        You review a report on customer comments against the figures and quoted records it was \
        written from. Score it from 0 to 1: 1 when every number is one of the figures, every \
        finding is shown by the records it cites, and the largest topics are covered. List each \
        problem as one short objection; no objections when there is none.
        """

    func run(_ input: AgentInput, context: AgentContext) async throws -> AgentOutput {
        guard let model = context.languageModel else { return AgentOutput(notes: ["no language model: nothing reviewed"]) }
        let writer = (input.summary["agents"]?.arrayValue ?? []).last { $0["agent"]?.stringValue == "writer" }
        guard let writer, writer["status"]?.stringValue == "done",
            let findings = writer["findings"]?.stringValue.flatMap({ try? JSONParser.parse($0) }),
            var draft = NarrativeDraft(json: findings["draft"])
        else {
            throw TaskFlowFailure(
                "critic-no-draft", "the critic reviews the writer's draft, and there is none in this run",
                hint: "put writer before critic in --tools (…,writer,critic); a writer that failed leaves nothing to review")
        }
        let brief = NarrativeBrief(summary: input.summary, quotes: quotes)
        var texts: [String: String] = [:]
        for r in input.corpus.records { texts[r.id] = r.text }
        let check = NarrativeCheck(brief: brief, texts: texts)
        var attempts = 1
        var score = 0.0
        var objections: [String] = []
        var modelReviews = 0
        while true {
            objections = check.objections(draft)
            score = check.score(draft)
            if !objections.isEmpty {
                // The rules found problems: the model weighs the draft as a whole too.
                let review = try await model.complete(
                    LanguageModelRequest(
                        system: Self.system,
                        messages: [
                            LanguageModelMessage(
                                role: .user,
                                text: brief.promptText + "\nThe report:\n" + draft.json.jsonString + "\n\nChecks already failed:\n"
                                    + objections.map { "- \($0)\n" }.joined())
                        ], schema: Self.reviewSchema, schemaName: "review", maxTokens: 600))
                modelReviews += 1
                let modelScore = review.json?["score"]?.doubleValue ?? 0
                score = min(score, modelScore)
                objections += (review.json?["objections"]?.arrayValue ?? []).compactMap(\.stringValue).prefix(5)
            }
            if score >= threshold || attempts >= maxAttempts { break }
            attempts += 1
            draft = try await WriterAgent.draft(
                WriterAgent.request(brief: brief, maxTokens: maxTokens, revising: draft, objections: objections), model: model)
        }
        var body = draft.markdown
        body += String(format: "*Critic score %.2f after %d draft%@ (threshold %.2f)", score, attempts, attempts == 1 ? "" : "s", threshold)
        body += score >= threshold ? ".*\n" : "; below the threshold: " + Markdown.text(objections.prefix(3).joined(separator: "; ")) + ".*\n"
        var notes: [String] = []
        if score < threshold { notes.append(String(format: "the narrative scored %.2f, below %.2f, after %d drafts", score, threshold, attempts)) }
        return AgentOutput(
            sections: [ReportSection(title: "Narrative", body: body)],
            findings: .object([
                JSONField("replaces", .array([.string("writer")])), JSONField("score", .double(score)), JSONField("attempts", .int(attempts)),
                JSONField("threshold", .double(threshold)), JSONField("modelReviews", .int(modelReviews)),
                JSONField("objections", .array(objections.map(JSONValue.string))), JSONField("draft", draft.json),
            ]),
            notes: notes)
    }
}
