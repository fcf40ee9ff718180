/// A Hugging Face-compatible tokenizer: added tokens, normaliser, pre-tokeniser, model and
/// post-processor, as `tokenizer.json` describes them.
///
/// Supported: WordPiece with the BERT normaliser and pre-tokeniser (BERT, DistilBERT, MiniLM),
/// and byte-level BPE (RoBERTa, GPT-2) with `add_prefix_space`; the BERT, template and RoBERTa
/// post-processors. Anything else in a tokenizer.json is refused when loading, by name.
///
/// ```swift
/// let tokenizer = try Tokenizer(directory: "/models/all-MiniLM-L6-v2")
/// let e = tokenizer.encode("Hello, world!")   // ids [101, 7592, 1010, 2088, 999, 102]
/// ```
public struct Tokenizer: Sendable {
    enum Normalizer: Sendable, Hashable {
        case bert(BertNormalizer)
        case lowercase
        case stripAccents
        case nfd
        case sequence([Normalizer])

        func normalize(_ text: NormalizedText) -> NormalizedText {
            switch self {
            case .bert(let n): return n.normalize(text)
            case .lowercase: return BertNormalizer.lowercase(text)
            case .stripAccents:
                var out = NormalizedText()
                for (s, o) in zip(text.scalars, text.origins) where s.properties.generalCategory != .nonspacingMark {
                    out.scalars.append(s)
                    out.origins.append(o)
                }
                return out
            case .nfd: return BertNormalizer.nfd(text)
            case .sequence(let list): return list.reduce(text) { $1.normalize($0) }
            }
        }
    }

    enum Model: Sendable {
        case wordPiece(WordPieceModel)
        case bpe(BPEModel)

        func tokenize(_ s: ArraySlice<Unicode.Scalar>, origins: ArraySlice<Int>, into out: inout [RawToken]) {
            switch self {
            case .wordPiece(let m): m.tokenize(s, origins: origins, into: &out)
            case .bpe(let m): m.tokenize(s, origins: origins, into: &out)
            }
        }

        var vocab: [String: Int] {
            switch self {
            case .wordPiece(let m): return m.vocab
            case .bpe(let m): return m.vocab
            }
        }
    }

    let added: AddedTokenMatcher
    let addedTokens: [AddedToken]
    let normalizer: Normalizer?
    let preTokenizer: PreTokenizer
    let model: Model
    let postProcessor: PostProcessor

    /// The most tokens an encoding may have, special tokens included; longer texts are cut.
    public var maxLength: Int?

    /// `wordpiece` or `bpe`.
    public var kind: String {
        switch model {
        case .wordPiece: return "wordpiece"
        case .bpe: return "bpe"
        }
    }

    /// Tokens the post-processor adds to every text ([CLS] and [SEP]: 2).
    public var specialTokenCount: Int { postProcessor.addedCount }

    init(
        addedTokens: [AddedToken], normalizer: Normalizer?, preTokenizer: PreTokenizer, model: Model,
        postProcessor: PostProcessor, maxLength: Int?
    ) {
        self.addedTokens = addedTokens
        self.added = AddedTokenMatcher(addedTokens)
        self.normalizer = normalizer
        self.preTokenizer = preTokenizer
        self.model = model
        self.postProcessor = postProcessor
        self.maxLength = maxLength
    }

    /// The id of a token (vocabulary or added), if it has one.
    public func id(of token: String) -> Int? {
        if let a = addedTokens.first(where: { $0.content == token }) { return a.id }
        return model.vocab[token]
    }

    /// Tokenises one text: added tokens, normalisation, pre-tokenisation, the model, truncation
    /// to `maxLength` (or `self.maxLength`), then the post-processor's special tokens.
    public func encode(_ text: String, maxLength: Int? = nil) -> Encoding {
        var raw = rawTokens(text)
        var truncated = 0
        if let limit = (maxLength ?? self.maxLength).map({ max(0, $0 - postProcessor.addedCount) }), raw.count > limit {
            truncated = raw.count - limit
            raw.removeLast(truncated)
        }
        return postProcessor.process(raw, truncated: truncated)
    }

    /// The model's tokens of a text, before truncation and special tokens, each with the word
    /// (pre-tokeniser piece or added token) it came from.
    func rawTokens(_ text: String) -> [RawToken] {
        let scalars = Array(text.unicodeScalars)
        var raw: [RawToken] = []
        raw.reserveCapacity(scalars.count / 3 + 4)
        var word = 0
        for segment in added.split(scalars) {
            switch segment {
            case .token(let t, let r):
                raw.append(RawToken(id: t.id, token: t.content, start: r.lowerBound, end: r.upperBound, word: word))
                word += 1
            case .text(let r):
                var text = NormalizedText(scalars, range: r)
                if let normalizer { text = normalizer.normalize(text) }
                let (split, pieces) = preTokenizer.split(text)
                for p in pieces {
                    let first = raw.count
                    model.tokenize(split.scalars[p], origins: split.origins[p], into: &raw)
                    guard raw.count > first else { continue }
                    for k in first..<raw.count { raw[k].word = word }
                    word += 1
                }
            }
        }
        return raw
    }

    /// Tokenises many texts.
    public func encode(_ texts: [String], maxLength: Int? = nil) -> [Encoding] {
        texts.map { encode($0, maxLength: maxLength) }
    }
}
