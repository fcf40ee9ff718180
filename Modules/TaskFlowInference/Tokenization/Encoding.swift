/// One tokenised text: ids, token strings, offsets back into the text, and what was cut.
///
/// Offsets are half-open ranges of Unicode scalars of the original text (as Python's `str`
/// counts), `0..<0` for special tokens the post-processor added.
public struct Encoding: Sendable, Hashable {
    public var ids: [Int]
    public var tokens: [String]
    public var offsets: [Range<Int>]
    /// Segment ids (`token_type_ids`); all 0 for one text.
    public var typeIds: [Int]
    /// Whether each token was added by the post-processor ([CLS], [SEP], <s>, </s>).
    public var specialTokensMask: [Bool]
    /// Content tokens dropped to fit the model's window (0 when the text fit).
    public var truncatedTokens: Int
    /// The word each token belongs to: the pre-tokeniser's piece (or added token) it came from,
    /// counted from 0 in the text; nil for special tokens the post-processor added. As Hugging
    /// Face tokenizers' `word_ids()`.
    public var wordIds: [Int?] = []

    public init(
        ids: [Int] = [], tokens: [String] = [], offsets: [Range<Int>] = [], typeIds: [Int] = [],
        specialTokensMask: [Bool] = [], truncatedTokens: Int = 0
    ) {
        self.ids = ids
        self.tokens = tokens
        self.offsets = offsets
        self.typeIds = typeIds
        self.specialTokensMask = specialTokensMask
        self.truncatedTokens = truncatedTokens
    }

    /// The number of tokens.
    public var count: Int { ids.count }

    /// Appends one token.
    mutating func append(id: Int, token: String, offset: Range<Int>, typeId: Int = 0, special: Bool = false, word: Int? = nil) {
        wordIds.append(word)
        ids.append(id)
        tokens.append(token)
        offsets.append(offset)
        typeIds.append(typeId)
        specialTokensMask.append(special)
    }
}

/// A token the model produced, before the post-processor adds special tokens.
struct RawToken: Sendable, Hashable {
    var id: Int
    var token: String
    /// Offsets in Unicode scalars of the original text.
    var start: Int
    var end: Int
    /// The pre-tokeniser piece (word) it came from, counted from 0 in the text.
    var word: Int = 0
}
