import TaskFlowCore
import TaskFlowPluginAPI
import Testing

@Suite struct TermTallyTests {
    @Test(arguments: [
        ("Battery", "batteries"), ("Pulse Band", "pulse bands"), ("movie", "MOVIES"), ("glass", "glasses"),
        ("box", "boxes"), ("headache", "headaches"), ("phone", "phones"), ("  \"battery life\". ", "battery life"),
        ("Customer   service", "customer service"),
    ])
    func spellingsThatDifferInCaseOrPluralShareAKey(a: String, b: String) {
        #expect(TermFolding.key(a) == TermFolding.key(b))
    }

    @Test(arguments: [("news", "new"), ("status", "statu"), ("battery", "bat"), ("iOS", "io"), ("this", "thi")])
    func wordsThatOnlyLookPluralKeepTheirOwnKey(a: String, b: String) {
        #expect(TermFolding.key(a) != TermFolding.key(b))
    }

    @Test func punctuationOnlyAndEmptyTermsAreSkipped() {
        #expect(TermFolding.key("  ...  ") == "")
        var tally = TermTally(task: "keyphrases", analyzer: "k")
        tally.add(.keyphrases([Keyphrase(text: "...", score: 1)]), record: Record(id: "1", text: "..."))
        #expect(tally.findings?.top.isEmpty == true)
    }

    @Test func countsRecordsNotMentionsAndKeepsExamplesAndLabels() throws {
        var tally = TermTally(task: "entities", analyzer: "entity.rules")
        func span(_ t: String, _ l: String) -> Span { Span(text: t, label: l, start: 0, end: 1, score: 1) }
        tally.add(.spans([span("Pulse Band", "PRODUCT"), span("pulse bands", "PRODUCT"), span("Ana", "PERSON")]), record: Record(id: "a", text: "one\ntwo"))
        tally.add(.spans([span("Pulse Band", "PRODUCT")]), record: Record(id: "b", text: String(repeating: "x", count: 500)))
        tally.add(.spans([span("pulse band", "PRODUCT")]), record: Record(id: "c", text: "third"))
        tally.add(.spans([]), record: Record(id: "d", text: "none"))
        tally.add(.classification(Classification(label: "x", score: 1, scores: [])), record: Record(id: "e", text: "no"))
        let f = try #require(tally.findings)
        #expect(f.records == 3)
        #expect(f.top.first?.text == "Pulse Band")
        #expect(f.top.first?.count == 3)
        #expect(f.top.first?.label == "PRODUCT")
        #expect(f.top.first?.examples.map(\.id) == ["a", "b"])
        #expect(f.top.first?.examples.first?.text == "one two")
        #expect(f.top.first?.examples.last?.text.count == TermTally.exampleLength)
        #expect(f.labels.map(\.label) == ["PRODUCT", "PERSON"])
        #expect(f.labels.first?.records == 3)
        #expect(f.labels.last?.top.map(\.text) == ["Ana"])
    }

    @Test func manyDistinctTermsStayBoundedAndFrequentOnesKeepTheirCounts() throws {
        var tally = TermTally(task: "keyphrases", analyzer: "k")
        for i in 0..<30_000 {
            var phrases = [Keyphrase(text: "term \(i)", score: 1)]
            if i % 3 == 0 { phrases.append(Keyphrase(text: "battery", score: 1)) }
            tally.add(.keyphrases(phrases), record: Record(id: String(i), text: "t"))
        }
        let f = try #require(tally.findings)
        #expect(f.top.first?.text == "battery")
        #expect(f.top.first?.count == 10_000)
        #expect(f.top.count == TermTally.topCount)
        #expect(f.distinct >= 30_000)
    }
}
