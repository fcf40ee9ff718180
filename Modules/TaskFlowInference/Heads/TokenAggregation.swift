/// How a token classifier's labels become entities: the `aggregation_strategy` values of
/// Hugging Face transformers' token-classification pipeline, with the same outputs.
///
/// - `none`: one entity per token, its own label with any `B-`/`I-` prefix (`B-PER`).
/// - `simple`: adjacent tokens of one type are grouped: an `I-X` token (or a bare `X`) joins a
///   group of type `X`, a `B-X` token starts a new one.
/// - `first`, `average`, `max`: each word (a pre-tokeniser piece: "Warsaw" split into
///   `w ##ar ##saw` is one word) gets one label from its first token, from its tokens'
///   averaged probabilities, or from its most confident token; words are then grouped as in
///   `simple`. A word is never split between two entities.
///
/// Words are the tokenizer's words (`Encoding.wordIds`: the pre-tokeniser's pieces). For
/// WordPiece that is what transformers does too (a `##` token continues a word). For byte-level
/// BPE (RoBERTa) transformers falls back to a heuristic — a token continues the word before it
/// unless a space precedes it, which also glues punctuation to a word — so there `first`,
/// `average` and `max` can differ from the pipeline; `none` and `simple` do not.
///
/// Every strategy but `none` names the group by its type without the prefix (`PER`), like the
/// pipeline's `entity_group`. Scores are probabilities (softmax over the labels); a group's
/// score is the mean of its members' scores. Entities labelled `O` are dropped.
public enum TokenAggregation: String, Sendable, Hashable, CaseIterable {
    case none, simple, first, average, max

    /// Whether tokens are first gathered into words.
    public var isWordLevel: Bool { self == .first || self == .average || self == .max }
}

/// An entity found by a token classifier.
public struct TokenEntity: Sendable, Hashable {
    /// The label: the model's own for `none` (`B-PER`), the type for grouping strategies (`PER`).
    public var label: String
    /// A probability: the token's or word's, or the mean over a group's members.
    public var score: Float
    /// Unicode-scalar offsets into the text, half-open.
    public var start: Int
    public var end: Int
    /// The tokens joined as the tokenizer decodes them (lower-cased for uncased models): the
    /// pipeline's `word`. The text itself is `text[start..<end]`.
    public var word: String

    public init(label: String, score: Float, start: Int, end: Int, word: String) {
        self.label = label
        self.score = score
        self.start = start
        self.end = end
        self.word = word
    }
}

/// Turns per-token predictions into entities with a `TokenAggregation` strategy.
///
/// Pure: it sees only the predictions (special tokens are skipped), the text (for unknown
/// tokens, whose word is the text they cover), and how the tokenizer joins tokens.
public struct TokenAggregator: Sendable {
    public var strategy: TokenAggregation
    /// The model's labels, by class index.
    public var labels: [String]
    /// Labels that are not entities (`O`).
    public var ignoredLabels: Set<String>
    /// The unknown token (`[UNK]`): its word is the text it covers, and it starts a word.
    public var unknownToken: String?
    /// Joins tokens (or words) into the text of an entity, as the tokenizer decodes them.
    public var join: @Sendable ([String]) -> String
    /// Word-level strategies only: label the words of a text jointly with the most probable
    /// valid IOB2 sequence (`BIOSequence.decode`: no `I-X` after `O` or after another type)
    /// instead of each word's own best label. Off by default, as in transformers.
    public var constrainedToBIO = false

    public init(
        strategy: TokenAggregation, labels: [String], ignoredLabels: Set<String> = ["O"], unknownToken: String? = nil,
        join: @escaping @Sendable ([String]) -> String = { $0.joined(separator: " ") }
    ) {
        self.strategy = strategy
        self.labels = labels
        self.ignoredLabels = ignoredLabels
        self.unknownToken = unknownToken
        self.join = join
    }

    /// The aggregator for a loaded model: its labels, unknown token and decoder.
    public init(strategy: TokenAggregation, model: EncoderModel) {
        let tokenizer = model.tokenizer
        self.init(
            strategy: strategy, labels: model.encoder.labels, unknownToken: tokenizer.unknownToken,
            join: { tokenizer.joinTokens($0) })
    }

    /// One token (or word) before grouping.
    struct Piece {
        var word: String
        var start: Int
        var end: Int
        var probabilities: [Float]
        /// Continues the word of the piece before it.
        var isSubword: Bool
        var label = ""
        var score: Float = 0
    }

    /// The entities of one text, in text order.
    ///
    /// - Parameters:
    ///   - tokens: the text's predictions, in order (special tokens are skipped).
    ///   - text: the text the offsets point into.
    public func entities(_ tokens: [TokenPrediction], text: String) -> [TokenEntity] {
        var scalars: [Unicode.Scalar]? = nil
        var pieces: [Piece] = []
        pieces.reserveCapacity(tokens.count)
        var previousWord: Int? = nil
        for t in tokens where !t.isSpecial {
            var word = t.token
            var isSubword = !pieces.isEmpty && t.wordID != nil && t.wordID == previousWord
            if let unknownToken, t.token == unknownToken {
                if scalars == nil { scalars = Array(text.unicodeScalars) }
                let s = scalars!
                let lo = Swift.max(0, Swift.min(t.offset.lowerBound, s.count))
                let hi = Swift.max(lo, Swift.min(t.offset.upperBound, s.count))
                word = String(String.UnicodeScalarView(s[lo..<hi]))
                isSubword = false
            }
            previousWord = t.wordID
            pieces.append(
                Piece(word: word, start: t.offset.lowerBound, end: t.offset.upperBound, probabilities: t.probabilities, isSubword: isSubword))
        }
        let labelled: [Piece]
        if strategy.isWordLevel {
            var words = words(pieces)
            if constrainedToBIO {
                let path = BIOSequence(labels: labels).decode(words.map(\.probabilities))
                for (i, k) in path.enumerated() {
                    words[i].label = labels[k]
                    words[i].score = words[i].probabilities[k]
                }
            }
            labelled = words
        } else {
            labelled = pieces.map { p in
                var p = p
                (p.label, p.score) = best(p.probabilities)
                return p
            }
        }
        if strategy == .none {
            return labelled.filter { !ignoredLabels.contains($0.label) }.map {
                TokenEntity(label: $0.label, score: $0.score, start: $0.start, end: $0.end, word: $0.word)
            }
        }
        return group(labelled).filter { !ignoredLabels.contains($0.label) }
    }

    /// The most probable label and its probability.
    func best(_ p: [Float]) -> (String, Float) {
        guard !p.isEmpty else { return ("", 0) }
        var k = 0
        for i in p.indices where p[i] > p[k] { k = i }
        return (labels.indices.contains(k) ? labels[k] : "LABEL_\(k)", p[k])
    }

    /// Gathers pieces into words and labels each word by the strategy.
    func words(_ pieces: [Piece]) -> [Piece] {
        var out: [Piece] = []
        var i = 0
        while i < pieces.count {
            var j = i + 1
            while j < pieces.count, pieces[j].isSubword { j += 1 }
            let members = pieces[i..<j]
            let probabilities: [Float]
            switch strategy {
            case .average:
                var sum = [Float](repeating: 0, count: members.first!.probabilities.count)
                for m in members {
                    for k in sum.indices where k < m.probabilities.count { sum[k] += m.probabilities[k] }
                }
                probabilities = sum.map { $0 / Float(members.count) }
            case .max:
                // The member with the highest top probability; the first of equals.
                var top = members.startIndex
                var topScore = -Float.infinity
                for k in members.indices {
                    let s = members[k].probabilities.max() ?? -Float.infinity
                    if s > topScore {
                        topScore = s
                        top = k
                    }
                }
                probabilities = pieces[top].probabilities
            default:
                probabilities = members.first!.probabilities
            }
            var word = Piece(
                word: join(members.map(\.word)), start: members.first!.start, end: members.last!.end,
                probabilities: probabilities, isSubword: false)
            (word.label, word.score) = best(probabilities)
            out.append(word)
            i = j
        }
        return out
    }

    /// `B-X` → (B, X); `I-X` → (I, X); anything else → (I, itself).
    static func tag(_ label: String) -> (begin: Bool, type: Substring) {
        if label.hasPrefix("B-") { return (true, label.dropFirst(2)) }
        if label.hasPrefix("I-") { return (false, label.dropFirst(2)) }
        return (false, Substring(label))
    }

    /// Groups adjacent pieces of one type: a piece joins the group before it when its type is the
    /// group's last piece's type and it does not begin (`B-`) a new entity.
    func group(_ pieces: [Piece]) -> [TokenEntity] {
        var out: [TokenEntity] = []
        var i = 0
        while i < pieces.count {
            var j = i + 1
            while j < pieces.count {
                let (begin, type) = Self.tag(pieces[j].label)
                guard !begin, type == Self.tag(pieces[j - 1].label).type else { break }
                j += 1
            }
            let members = pieces[i..<j]
            let first = members.first!.label
            let label = first.firstIndex(of: "-").map { String(first[first.index(after: $0)...]) } ?? first
            let score = members.reduce(Float(0)) { $0 + $1.score } / Float(members.count)
            out.append(
                TokenEntity(
                    label: label, score: score, start: members.first!.start, end: members.last!.end,
                    word: join(members.map(\.word))))
            i = j
        }
        return out
    }
}
