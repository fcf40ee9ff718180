import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

@testable import TaskFlowAnalyzers

/// `Tests/Fixtures/tiny-models/tiny-bert`: a tiny random BERT and the hidden states
/// transformers computed for four texts.
struct TinyBertOutputs: Decodable {
    struct Input: Decodable {
        let text: String
        let attention_mask: [Int]
        let last_hidden_state: [[Float]]
    }
    let inputs: [Input]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tiny-models/tiny-bert")

    static func load() throws -> TinyBertOutputs {
        try JSONDecoder().decode(TinyBertOutputs.self, from: Data(contentsOf: directory.appendingPathComponent("expected_outputs.json")))
    }

    /// The mean of the hidden states over the real tokens: what mean pooling gives.
    func meanPooled(_ i: Int) -> [Float] {
        let input = inputs[i]
        var sum = [Float](repeating: 0, count: input.last_hidden_state[0].count)
        var n: Float = 0
        for (t, row) in input.last_hidden_state.enumerated() where input.attention_mask[t] == 1 {
            for d in row.indices { sum[d] += row[d] }
            n += 1
        }
        return sum.map { $0 / n }
    }
}

@Suite struct EmbeddingFeatureTests {
    let context = AnalyzerContext(device: "cpu", threads: 1, homeDirectory: FileManager.default.temporaryDirectory.path)

    @Test func theExtractorEmbedsEachRecordWithTheModel() async throws {
        let reference = try TinyBertOutputs.load()
        let extractor = try EmbeddingFeatureExtractor(model: TinyBertOutputs.directory.path, context: context)
        #expect(!extractor.fingerprints.isEmpty)
        let records = reference.inputs.enumerated().map { Record(id: String($0.offset + 1), text: $0.element.text) }
        let values = try await extractor.extract(records, context: context)
        #expect(values.count == records.count)
        for (i, value) in values.enumerated() {
            guard case .embedding(let v) = value else {
                Issue.record("record \(i + 1): not an embedding")
                continue
            }
            let expected = reference.meanPooled(i)
            #expect(v.count == expected.count)
            let diff = zip(v, expected).map { abs($0 - $1) }.max() ?? .infinity
            #expect(diff < 1e-4, "record \(i + 1): max abs diff \(diff)")
        }
    }

    @Test func aMissingModelIsAClearErrorWhenTheExtractorIsMade() {
        #expect(throws: (any Error).self) {
            _ = try EmbeddingFeatureExtractor(model: "no-such-model", context: context)
        }
    }

    @Test func theEmbeddingAnalyzerHandsOnTheFeatureOfItsModel() async throws {
        let options = AnalyzerOptions(["model": .string("tiny")])
        let analyzer = try TransformerEmbeddingAnalyzer(options: options, context: context)
        #expect(analyzer.features == [.embedding(model: "tiny")])
        #expect(TransformerEmbeddingAnalyzer.descriptor.cacheable == false)
        let records = [Record(id: "1", text: "a"), Record(id: "2", text: "b")]
        let vectors: [AnalysisValue] = [.embedding([1, 2]), .embedding([3, 4])]
        let out = try await analyzer.analyze(records, features: FeatureValues([.embedding(model: "tiny"): vectors]), context: context)
        #expect(out == vectors)
    }

    @Test func builtinsRegisterTheEmbeddingExtractor() throws {
        let registry = ToolRegistry()
        try BuiltinAnalyzers.register(into: registry)
        let type = try #require(registry.featureExtractors.extractor(kind: "embedding"))
        #expect(ObjectIdentifier(type) == ObjectIdentifier(EmbeddingFeatureExtractor.self))
    }
}
