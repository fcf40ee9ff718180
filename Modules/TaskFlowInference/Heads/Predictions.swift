import Foundation

/// A sequence classifier's output for one text.
public struct SequencePrediction: Sendable, Hashable {
    public var logits: [Float]
    /// Softmax of the logits, or a sigmoid per label for multi-label models.
    public var probabilities: [Float]
    public var labels: [String]
    public var multiLabel: Bool

    /// The most probable label and its probability.
    public var best: (label: String, score: Float) {
        let i = probabilities.indices.max(by: { probabilities[$0] < probabilities[$1] }) ?? 0
        return (labels.indices.contains(i) ? labels[i] : "LABEL_\(i)", probabilities.isEmpty ? 0 : probabilities[i])
    }

    /// Labels whose probability exceeds `threshold` (multi-label models).
    public func labels(above threshold: Float) -> [String] {
        probabilities.indices.filter { probabilities[$0] > threshold }.map { labels.indices.contains($0) ? labels[$0] : "LABEL_\($0)" }
    }

    init(logits: [Float], labels: [String], multiLabel: Bool) {
        self.logits = logits
        self.labels = labels
        self.multiLabel = multiLabel
        probabilities = multiLabel ? logits.map { 1 / (1 + expf(-$0)) } : Self.softmax(logits)
    }

    /// A numerically stable softmax.
    static func softmax(_ x: [Float]) -> [Float] {
        guard let m = x.max() else { return [] }
        let e = x.map { expf($0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }
}

/// One token's label from a token classifier.
public struct TokenPrediction: Sendable, Hashable {
    public var token: String
    /// Unicode-scalar offsets into the text; empty for special tokens.
    public var offset: Range<Int>
    public var label: String
    /// Softmax probability of `label`.
    public var score: Float
    public var logits: [Float]
    /// [CLS]/[SEP]/<s>/</s>, which carry no text.
    public var isSpecial: Bool
    /// The word (pre-tokeniser piece) the token belongs to, counted from 0 in the text; nil
    /// for special tokens.
    public var wordID: Int? = nil

    /// Softmax probabilities of every label, in the model's label order.
    public var probabilities: [Float] { SequencePrediction.softmax(logits) }
}
