import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import Testing

@testable import TaskFlowAnalyzers

/// `sentiment.model`, `emotion.model` and `classify.model` on the tiny sequence classifiers,
/// against the probabilities transformers computed.
@Suite struct SequenceClassifierTests {
    struct Expected: Decodable {
        struct Input: Decodable {
            let text: String
            let probabilities: [Float]
        }
        let id2label: [String: String]
        let inputs: [Input]
    }

    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tiny-models/\(name)")
    }

    static func expected(_ name: String) throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: fixture(name).appendingPathComponent("expected_outputs.json")))
    }

    let context = AnalyzerContext(device: "cpu", threads: 1, homeDirectory: FileManager.default.temporaryDirectory.path)

    @Test(arguments: ["tiny-bert-seqcls", "tiny-distilbert-seqcls", "tiny-roberta-seqcls"])
    func probabilitiesAndLabelsMatchTransformers(model: String) async throws {
        let e = try Self.expected(model)
        let analyzer = try ClassifyModelAnalyzer(
            options: AnalyzerOptions(["model": .string(Self.fixture(model).path)]), context: context)
        let values = try await analyzer.analyze(e.inputs.enumerated().map { Record(id: String($0), text: $1.text) }, context: context)
        for (value, input) in zip(values, e.inputs) {
            guard case .classification(let c) = value else {
                Issue.record("not a classification")
                continue
            }
            #expect(c.scores.count == e.id2label.count)
            for (j, p) in input.probabilities.enumerated() {
                let label = e.id2label[String(j)] ?? ""
                #expect(abs((c[label] ?? -1) - Double(p)) < 1e-4, "\(model) \(label)")
            }
            let best = input.probabilities.indices.max { input.probabilities[$0] < input.probabilities[$1] } ?? 0
            #expect(c.label == e.id2label[String(best)])
        }
    }

    @Test func sentimentScoreIsPositiveMinusNegative() async throws {
        let e = try Self.expected("tiny-roberta-seqcls")
        let analyzer = try SentimentModelAnalyzer(
            options: AnalyzerOptions(["model": .string(Self.fixture("tiny-roberta-seqcls").path)]), context: context)
        let values = try await analyzer.analyze([Record(id: "1", text: e.inputs[0].text)], context: context)
        guard case .classification(let c)? = values.first else {
            Issue.record("not a classification")
            return
        }
        #expect(abs(c.score - Double(e.inputs[0].probabilities[2] - e.inputs[0].probabilities[0])) < 1e-4)
    }

    @Test func aModelWithoutASequenceHeadOrNoneAtAllIsRefused() {
        #expect {
            try EmotionModelAnalyzer(options: AnalyzerOptions(["model": .string(Self.fixture("tiny-bert-tokcls").path)]), context: context)
        } throws: { e in
            let f = e as? TaskFlowFailure
            return f?.code == "no-classification-head" && f?.description.contains("emotion.model") == true
        }
        #expect {
            try ClassifyModelAnalyzer(options: AnalyzerOptions([:]), context: context)
        } throws: { e in
            (e as? TaskFlowFailure)?.hint?.contains("--set classify.model.model=") == true
        }
    }
}
