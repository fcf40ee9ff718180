import Foundation
import Testing

@testable import TaskFlowInference

/// The real all-MiniLM-L6-v2, when installed (`tf models pull all-MiniLM-L6-v2`; CI does it).
private let installedEncoder: Result<TextEncoder, any Error>? = Fixtures.installedMiniLM.map { dir in
    Result { try TextEncoder(model: EncoderModel(directory: dir, name: "all-MiniLM-L6-v2"), device: .cpu(threads: 2)) }
}

@Suite(
    "all-MiniLM-L6-v2 against sentence-transformers",
    .enabled(
        if: Fixtures.installedMiniLM != nil,
        "all-MiniLM-L6-v2 is not installed: run `tf models pull all-MiniLM-L6-v2` (or set TF_MINILM_DIR) to run these"))
struct MiniLMGoldenTests {
    @Test("input ids equal, cosine ≥ 0.99999 and max abs diff ≤ 1e-4 for every text", arguments: try MiniLMGoldens.load())
    func matchesGolden(_ item: MiniLMGoldens.Item) throws {
        let encoder = try #require(installedEncoder).get()
        #expect(encoder.model.maxSequenceLength == 256)
        #expect(encoder.tokenize([item.text])[0].ids == item.input_ids)
        let v = try encoder.embed([item.text]).vectors[0]
        #expect(v.count == 384)
        let dot = zip(v, item.embedding).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        let norms = (v.reduce(Float(0)) { $0 + $1 * $1 } * item.embedding.reduce(Float(0)) { $0 + $1 * $1 }).squareRoot()
        #expect(dot / norms >= 0.99999)
        #expect(maxAbsDiff(v, item.embedding) <= 1e-4)
    }

    @Test("all 32 texts in one batch match their single runs")
    func batchedMatchesSingle() throws {
        let encoder = try #require(installedEncoder).get()
        let items = try MiniLMGoldens.load()
        let (vectors, report) = try encoder.embed(items.map(\.text))
        #expect(report.truncatedTexts == 2)
        for (v, item) in zip(vectors, items) {
            #expect(maxAbsDiff(v, item.embedding) <= 1e-4, "\(item.text.prefix(30))")
        }
    }
}
