/// WordPiece (Schuster & Nakajima 2012; BERT): greedy longest-match-first over a vocabulary.
///
/// Each word is split into the longest vocabulary prefix, then the longest `##`-prefixed
/// continuation, and so on. A word with any unmatched remainder, or longer than
/// `maxInputCharsPerWord` scalars, becomes a single unknown token covering the whole word.
struct WordPieceModel: Sendable {
    let vocab: [String: Int]
    let idToToken: [String]
    let unkToken: String
    let unkID: Int
    let prefix: String
    let maxInputCharsPerWord: Int
    /// The longest vocabulary entry, in scalars (bounds the match search), at most `searchLimit`.
    let longestEntry: Int

    /// The longest piece the match search tries, and the longest word it splits. Longest-match
    /// costs words × pieces × piece length: a `tokenizer.json` with 700-scalar entries and
    /// `max_input_chars_per_word` 789 (found by fuzzing) took seconds a word. Real vocabularies'
    /// pieces are a few dozen scalars and words are capped at 100–200.
    static let searchLimit = 200
    static let wordLimit = 1_000

    init(vocab: [String: Int], unkToken: String, prefix: String = "##", maxInputCharsPerWord: Int = 100) throws {
        guard let unk = vocab[unkToken] else {
            throw InferenceFailure.unsupported(
                "the WordPiece vocabulary has no unknown token '\(unkToken)'",
                hint: "check tokenizer.json's model.unk_token and vocab")
        }
        self.vocab = vocab
        self.unkToken = unkToken
        self.unkID = unk
        self.prefix = prefix
        self.maxInputCharsPerWord = min(max(1, maxInputCharsPerWord), Self.wordLimit)
        var tokens = [String](repeating: "", count: (vocab.values.max() ?? -1) + 1)
        var longest = 1
        for (t, i) in vocab where i >= 0 {
            tokens[i] = t
            longest = max(longest, t.unicodeScalars.count)
        }
        idToToken = tokens
        longestEntry = min(longest, Self.searchLimit)
    }

    /// Appends the pieces of one word (`scalars`, with their original positions).
    func tokenize(_ scalars: ArraySlice<Unicode.Scalar>, origins: ArraySlice<Int>, into out: inout [RawToken]) {
        let n = scalars.count
        guard n > 0 else { return }
        let base = scalars.startIndex
        let ob = origins.startIndex
        let wordStart = origins[ob]
        let wordEnd = origins[ob + n - 1] + 1
        if n > maxInputCharsPerWord {
            out.append(RawToken(id: unkID, token: unkToken, start: wordStart, end: wordEnd))
            return
        }
        let mark = out.count
        var start = 0
        while start < n {
            var end = min(n, start + longestEntry)
            var found: (Int, String)?
            while end > start {
                var candidate = start > 0 ? prefix : ""
                candidate.unicodeScalars.append(contentsOf: scalars[(base + start)..<(base + end)])
                if let id = vocab[candidate] {
                    found = (id, candidate)
                    break
                }
                end -= 1
            }
            guard let (id, token) = found else {
                out.removeSubrange(mark...)
                out.append(RawToken(id: unkID, token: unkToken, start: wordStart, end: wordEnd))
                return
            }
            out.append(
                RawToken(id: id, token: token, start: origins[ob + start], end: origins[ob + end - 1] + 1))
            start = end
        }
    }
}
