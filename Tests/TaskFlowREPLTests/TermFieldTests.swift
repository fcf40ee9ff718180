import TaskFlowCore
import TaskFlowPluginAPI
import Testing

@testable import TaskFlowREPL

/// Keyphrases and entities in `filter` and `top`: folded spellings, labels, singular task names.
@Suite struct TermFieldTests {
    static let tools = [
        ToolFacts(id: "entity.rules", task: "entities", version: "1", backend: "x", options: "{}"),
        ToolFacts(id: "keyphrase.yake", task: "keyphrases", version: "1", backend: "x", options: "{}"),
    ]

    static func span(_ text: String, _ label: String) -> Span {
        Span(text: text, label: label, start: 0, end: text.unicodeScalars.count, score: 0.8)
    }

    static func results() -> ResultSet {
        let records = (1...5).map { Record(id: String($0), text: "text \($0)") }
        let entities: [AnalysisValue] = [
            .spans([span("Pulse Band", "PRODUCT"), span("Acme Inc", "ORG")]),
            .spans([span("pulse bands", "PRODUCT")]),
            .spans([span("Pulse Band", "PERSON")]),
            .spans([]),
            .spans([span("PULSE BAND", "PRODUCT"), span("Pulse Band", "PRODUCT")]),
        ]
        let keyphrases: [AnalysisValue] = [
            .keyphrases([Keyphrase(text: "Battery life", score: 0.1)]),
            .keyphrases([Keyphrase(text: "batteries", score: 0.1), Keyphrase(text: "battery", score: 0.2)]),
            .keyphrases([Keyphrase(text: "battery lives", score: 0.1)]),
            .keyphrases([]),
            .keyphrases([Keyphrase(text: "screen", score: 0.3)]),
        ]
        return ResultSet(
            runID: 1, status: .completed, tools: tools, records: records, values: [entities, keyphrases], summary: nil,
            limit: nil, ranHere: true)
    }

    @Test(arguments: [
        ("entity=PRODUCT:\"Pulse Band\"", ["1", "2", "5"]),
        ("entity=product:'pulse bands'", ["1", "2", "5"]),
        ("entities=PERSON", ["3"]),
        ("entity='pulse band'", ["1", "2", "3", "5"]),
        ("entity!=PRODUCT", ["3", "4"]),
        ("entity=ORG:acme", []),
        ("entity~acme", ["1"]),
        ("keyphrase~battery", ["1", "2", "3"]),
        ("keyphrase=battery", ["2"]),
        ("keyphrases='BATTERY LIFE'", ["1"]),
        ("entity.rules=ORG", ["1"]),
    ])
    func filtersMatchFoldedTermsAndLabels(expression: String, ids: [String]) throws {
        let filter = try RecordFilter.parse(try ReplArguments.tokenize(expression))
        try filter.validate(tools: Self.tools)
        let r = Self.results()
        #expect(try filter.matchingIndices(in: r).map { r.records[$0].id } == ids)
    }

    @Test func topFoldsCaseAndPluralAndKeepsTheCommonestSpelling() {
        let r = Self.results()
        let entities = TopCommand.rank(0, Array(r.records.indices), r).ranked
        #expect(entities.first?.0 == "Pulse Band (PRODUCT)")
        #expect(entities.first?.1 == 3)
        #expect(entities.contains { $0.0 == "Pulse Band (PERSON)" && $0.1 == 1 })
        let products = TopCommand.rank(0, Array(r.records.indices), r, label: "product").ranked
        #expect(products.map(\.0) == ["Pulse Band (PRODUCT)"])
        let phrases = TopCommand.rank(1, Array(r.records.indices), r).ranked
        #expect(phrases.first?.0 == "battery" || phrases.first?.0 == "batteries")
        #expect(phrases.first?.1 == 1)
        #expect(phrases.contains { $0.0 == "battery life" })
    }

    @Test func aLabelNoEntityHasListsTheLabelsThereAre() {
        let r = Self.results()
        #expect(throws: TaskFlowFailure.self) { try TopCommand.checkLabel("LOC", task: 0, word: "entities", r) }
        do {
            try TopCommand.checkLabel("LOC", task: 0, word: "entities", r)
        } catch let f as TaskFlowFailure {
            #expect(f.description.contains("labelled 'LOC'"))
            #expect(f.hint?.contains("PRODUCT") == true)
        } catch {}
        #expect(throws: TaskFlowFailure.self) { try TopCommand.checkLabel("foo", task: 1, word: "keyphrases", r) }
        #expect((try? TopCommand.checkLabel("product", task: 0, word: "entities", r)) != nil)
    }
}
