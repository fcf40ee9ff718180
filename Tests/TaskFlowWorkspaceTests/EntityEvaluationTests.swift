import Foundation
import Synchronization
import Testing
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowWorkspace

/// `tf eval entities`: the CoNLL reader, the span-to-token mapping and conlleval's counting.
@Suite struct EntityEvaluationTests {
    static let snippet = """
        I\tO
        met\tO
        Sarah\tB-person
        Jones\tI-person
        in\tO
        Gardena\tB-location
        .\tO

        Galaxy\tB-product
        S9\tI-product
        rocks\tO
        \t
        Stray\tI-group
        one\tO

        """

    @Test func readsSentencesSeparatedByBlankOrTabLines() throws {
        let s = try CoNLLSentence.parse(Self.snippet, path: "x.conll")
        #expect(s.count == 3)
        #expect(s[0].text == "I met Sarah Jones in Gardena .")
        #expect(s[1].tags == ["B-product", "I-product", "O"])
        #expect(throws: TaskFlowFailure.self) { try CoNLLSentence.parse("token-without-tag\n", path: "x.conll") }
    }

    @Test func chunksFollowConlleval() {
        let c = CoNLLEntityScorer.chunks(["B-person", "I-person", "O", "I-group", "I-group", "B-group", "I-person", "O"])
        #expect(c.map { "\($0.start)-\($0.end):\($0.type)" } == ["0-2:person", "3-5:group", "5-6:group", "6-7:person"])
    }

    @Test func spansMapToTheTokensTheyOverlap() throws {
        let s = try CoNLLSentence.parse(Self.snippet, path: "x.conll")
        let spans = [
            Span(text: "Sarah Jones", label: "PERSON", start: 6, end: 17, score: 1),
            Span(text: "Gardena", label: "LOC", start: 21, end: 28, score: 1),
            Span(text: "met", label: "DATE", start: 2, end: 5, score: 1),
        ]
        #expect(CoNLLEntityScorer.tags(for: s[0], spans: spans, mapping: Evaluations.wnutTypes)
            == ["O", "O", "B-person", "I-person", "O", "B-location", "O"])
        // A span inside a token takes the whole token.
        #expect(CoNLLEntityScorer.tags(for: s[1], spans: [Span(text: "S", label: "PRODUCT", start: 7, end: 8, score: 1)], mapping: Evaluations.wnutTypes)
            == ["O", "B-product", "O"])
    }

    @Test func countsExactSpanAndType() throws {
        let s = try CoNLLSentence.parse(Self.snippet, path: "x.conll")
        var scorer = CoNLLEntityScorer()
        // Sentence 1: person right, location given the wrong type (a miss and a false alarm).
        scorer.add(gold: s[0].tags, predicted: ["O", "O", "B-person", "I-person", "O", "B-corporation", "O"])
        // Sentence 2: the product's span too short (a miss and a false alarm).
        scorer.add(gold: s[1].tags, predicted: ["B-product", "O", "O"])
        // Sentence 3: the stray I- tag is a gold chunk; nothing predicted.
        scorer.add(gold: s[2].tags, predicted: ["O", "O"])
        #expect(scorer.total.gold == 4)
        #expect(scorer.total.predicted == 3)
        #expect(scorer.total.truePositives == 1)
        #expect(abs(scorer.total.precision - 1.0 / 3) < 1e-12)
        #expect(abs(scorer.total.recall - 0.25) < 1e-12)
        #expect(abs(scorer.total.f1 - 2 * (1.0 / 3) * 0.25 / (1.0 / 3 + 0.25)) < 1e-12)
        #expect(scorer.byType["person"] == CoNLLEntityScorer.Counts(truePositives: 1, predicted: 1, gold: 1))
        #expect(scorer.byType["corporation"] == CoNLLEntityScorer.Counts(truePositives: 0, predicted: 1, gold: 0))
        let lines = scorer.lines(prefix: "entity.rules.")
        #expect(lines.first == "entity.rules.precision: 0.3333")
        #expect(lines.contains("entity.rules.f1: 0.2857"))
    }

    @Test func evaluatesTheDefaultEntityAnalyzer() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("tiny.conll").path
        try Self.snippet.write(toFile: data, atomically: true, encoding: .utf8)
        let workspace = Workspace.builtins(Workspace.Configuration(environment: ["TF_HOME": dir.path]))
        let lines = Mutex<[String]>([])
        try await Evaluations(data: data, tool: nil, assignments: [], emit: { l in lines.withLock { $0.append(l) } })
            .run("entities", workspace: workspace)
        let out = lines.withLock { $0 }
        #expect(out.first == "data: 3 sentences (tiny.conll)")
        #expect(out.contains { $0.hasPrefix("entity.rules.f1: ") }, "\(out)")
        await #expect(throws: TaskFlowFailure.self) {
            try await Evaluations(data: dir.appendingPathComponent("none.conll").path, tool: nil, assignments: [], emit: { _ in })
                .run("entities", workspace: workspace)
        }
    }
}
