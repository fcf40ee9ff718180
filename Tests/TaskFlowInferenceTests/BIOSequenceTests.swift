import Foundation
import Testing

@testable import TaskFlowInference

/// Valid IOB2 decoding of a tagger's per-word probabilities.
@Suite struct BIOSequenceTests {
    static let labels = ["B-person", "I-person", "B-location", "I-location", "O"]
    let decoder = BIOSequence(labels: Self.labels)

    func tags(_ rows: [[Float]]) -> [String] { decoder.decode(rows).map { Self.labels[$0] } }

    @Test func anInsideTagNeverStartsASentence() {
        // Alone, the word would read I-person; B-person is the best valid start.
        #expect(tags([[0.3, 0.4, 0.0, 0.0, 0.3]]) == ["B-person"])
    }

    @Test func anInsideTagNeverFollowsOutsideOrAnotherType() {
        let rows: [[Float]] = [
            [0.0, 0.0, 0.1, 0.0, 0.9],  // O
            [0.05, 0.5, 0.0, 0.0, 0.45],  // I-person after O: invalid
            [0.0, 0.1, 0.6, 0.3, 0.0],  // B-location
            [0.0, 0.6, 0.0, 0.35, 0.05],  // I-person after B-location: invalid
        ]
        let got = tags(rows)
        #expect(got == ["O", "O", "B-location", "I-location"])
        for (a, b) in zip(got, got.dropFirst()) where b.hasPrefix("I-") {
            #expect(a.dropFirst(2) == b.dropFirst(2))
        }
    }

    @Test func aValidArgmaxPathIsKept() {
        let rows: [[Float]] = [[0.8, 0.1, 0, 0, 0.1], [0.1, 0.7, 0, 0, 0.2], [0, 0, 0, 0, 1]]
        #expect(tags(rows) == ["B-person", "I-person", "O"])
    }

    @Test func oddInputsDoNotCrash() {
        #expect(decoder.decode([]).isEmpty)
        #expect(decoder.decode([[], [1]]).count == 2)
        #expect(BIOSequence(labels: []).decode([[1]]).isEmpty)
        #expect(decoder.decode([[.nan, .nan, .nan, .nan, .nan]]).count == 1)
    }

    @Test func theAggregatorUsesItWhenAsked() {
        let labels = ["B-person", "I-person", "O"]
        func word(_ t: String, _ start: Int, _ id: Int, _ p: [Float]) -> TokenPrediction {
            TokenPrediction(
                token: t, offset: start..<(start + t.count), label: "", score: p.max() ?? 0, logits: p.map { logf(max($0, 1e-30)) },
                isSpecial: false, wordID: id)
        }
        let text = "met ann lee"
        let tokens = [word("met", 0, 0, [0.1, 0.1, 0.8]), word("ann", 4, 1, [0.4, 0.45, 0.15]), word("lee", 8, 2, [0.2, 0.7, 0.1])]
        var aggregator = TokenAggregator(strategy: .first, labels: labels)
        // Word by word, "ann" reads I-person after O and still starts an entity.
        #expect(aggregator.entities(tokens, text: text).map(\.label) == ["person"])
        aggregator.constrainedToBIO = true
        let found = aggregator.entities(tokens, text: text)
        #expect(found.count == 1)
        #expect(found.first?.start == 4 && found.first?.end == 11)
        #expect(abs((found.first?.score ?? 0) - (0.4 + 0.7) / 2) < 1e-4)
    }
}
