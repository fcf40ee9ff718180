/// A token from tokenizer.json's `added_tokens` (special tokens such as `[CLS]`, `<mask>`).
struct AddedToken: Sendable, Hashable {
    var id: Int
    var content: String
    var special: Bool
    var lstrip: Bool = false
    var rstrip: Bool = false
    var singleWord: Bool = false
}

/// Finds added tokens in raw text before normalisation, as Hugging Face tokenizers does.
///
/// Literal `[CLS]` or `<mask>` typed by a user therefore becomes that token. Matching is
/// leftmost, longest at a position; `lstrip`/`rstrip` extend a match over adjacent whitespace;
/// `single_word` requires word boundaries on both sides. Tokens marked `normalized: true`
/// (rare in encoder checkpoints; Hugging Face matches them after normalisation) are matched on
/// the raw text too.
struct AddedTokenMatcher: Sendable {
    enum Segment: Equatable {
        case text(Range<Int>)
        case token(AddedToken, Range<Int>)
    }

    private let tokens: [(scalars: [Unicode.Scalar], token: AddedToken)]
    /// First scalars of any token, for a quick skip.
    private let firstScalars: Set<Unicode.Scalar>

    init(_ tokens: [AddedToken]) {
        let list = tokens.filter { !$0.content.isEmpty }.map { (scalars: Array($0.content.unicodeScalars), token: $0) }
            .sorted { $0.scalars.count > $1.scalars.count }
        self.tokens = list
        firstScalars = Set(list.compactMap { $0.scalars.first })
    }

    var isEmpty: Bool { tokens.isEmpty }

    /// Splits `text` into plain-text ranges and added tokens, in order.
    func split(_ text: [Unicode.Scalar]) -> [Segment] {
        if tokens.isEmpty { return text.isEmpty ? [] : [.text(0..<text.count)] }
        var segments: [Segment] = []
        var textStart = 0
        var i = 0
        let n = text.count
        while i < n {
            guard firstScalars.contains(text[i]) else {
                i += 1
                continue
            }
            var matched: (AddedToken, Int)?
            for entry in tokens where entry.scalars.count <= n - i {
                if text[i..<(i + entry.scalars.count)].elementsEqual(entry.scalars) {
                    let end = i + entry.scalars.count
                    if entry.token.singleWord {
                        let before = i == 0 || !Self.isWordScalar(text[i - 1])
                        let after = end == n || !Self.isWordScalar(text[end])
                        if !(before && after) { continue }
                    }
                    matched = (entry.token, end)
                    break
                }
            }
            guard let (token, end) = matched else {
                i += 1
                continue
            }
            var lo = i
            var hi = end
            if token.lstrip { while lo > textStart, BertNormalizer.isWhitespace(text[lo - 1]) { lo -= 1 } }
            if token.rstrip { while hi < n, BertNormalizer.isWhitespace(text[hi]) { hi += 1 } }
            if lo > textStart { segments.append(.text(textStart..<lo)) }
            segments.append(.token(token, i..<end))
            textStart = hi
            i = hi
        }
        if textStart < n { segments.append(.text(textStart..<n)) }
        return segments
    }

    private static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || s.properties.numericType != nil || s == "_"
    }
}
