import TaskFlowPluginAPI

/// Writes the "Briefing" section a busy support lead reads first: the run's headline figures,
/// the records to read first and, with `--llm`, a short summary whose every number is checked
/// against the run's figures.
public struct BriefingAgent: Agent {
    public static let descriptor = AgentDescriptor(
        id: "briefing", version: "1", summary: "Headline figures, records to read first and a checked summary",
        languageModel: .optional,
        options: [
            OptionSpec(name: "read-first", summary: "records quoted under Read first", defaultValue: .int(5)),
            OptionSpec(name: "watch", summary: "labels whose records are read first, comma-separated", defaultValue: .string("negative,toxic")),
        ])

    let readFirst: Int
    let watch: [String]

    public init(options: AnalyzerOptions, context: AgentContext) throws {
        readFirst = options.int("read-first") ?? 5
        watch = ReadFirst.labels(options.string("watch") ?? "negative,toxic")
        guard readFirst >= 0 else {
            throw TaskFlowFailure("invalid-option", "briefing.read-first must be 0 or more, got \(readFirst)")
        }
    }

    public func run(_ input: AgentInput, context: AgentContext) async throws -> AgentOutput {
        let facts = RunFacts(summary: input.summary, records: input.corpus.records.count)
        let picks = ReadFirst.pick(from: input.corpus, watch: watch, limit: readFirst)
        var narrative = Narrator.Outcome.notAsked
        if let model = context.languageModel {
            let quotes = picks.map { "\($0.record.id): \(BriefingMarkdown.trimmed($0.record.text))" }
            narrative = try await Narrator(model: model, check: facts.figureCheck(quoting: quotes))
                .narrate(facts: facts.lines, quotes: quotes)
        }
        let body = BriefingMarkdown.body(
            facts: facts, picks: picks, watch: watch, narrative: narrative, modelName: context.languageModel?.name)
        var findings = facts.json
        if case .object(var fields) = findings {
            fields += [
                JSONField("readFirst", .array(picks.map { .string($0.record.id) })),
                JSONField("narrative", narrative.text.map(JSONValue.string) ?? .null),
                JSONField("narrativeChecked", .bool(narrative.text != nil)),
                JSONField("llmCalls", .int(narrative.calls)),
                JSONField("unsupportedNumbers", .array(narrative.unsupported.map(JSONValue.string))),
            ]
            findings = .object(fields)
        }
        return AgentOutput(
            sections: [ReportSection(title: "Briefing", body: body)], findings: findings,
            notes: narrative.note.map { [$0] } ?? [])
    }
}
