/// Phrases (one or more tokens) and their labels, looked up by the keys of the tokens of a text.
///
/// A phrase is tokenized like the texts it is matched in (`EntityText`), so `McDonald's` or
/// `AT&T` match only the same token sequence; white space between tokens may differ, case does
/// not matter.
struct EntityPhraseTable: Sendable {
    struct Entry: Sendable {
        var label: EntityLabel
        /// The phrase may match in lower case too (several words, or a name with inner
        /// capitals like `iPhone`); otherwise its first token must be capitalised in the text.
        var anyCase: Bool
    }

    private var entries = EntityKeyTable<Entry>()
    private var firstKeys = EntityKeyTable<Bool>()
    private(set) var maxTokens = 0

    var isEmpty: Bool { entries.count == 0 }
    var count: Int { entries.count }

    /// Adds a phrase unless it is already there (the first label given wins), returning whether it
    /// was added; phrases with no word are ignored.
    @discardableResult
    mutating func add(_ phrase: String, _ label: EntityLabel, replacing: Bool = false, anyCase: Bool = false) -> Bool {
        let text = EntityText(phrase)
        guard text.tokens.contains(where: \.isWord) else { return false }
        var key = EntityKey.seed
        for t in text.tokens { key = EntityKey.phrase(key, t.key) }
        if !replacing, entries[key] != nil { return false }
        let words = text.tokens.filter(\.isWord)
        let anyCase = anyCase || words.count > 1 || words.contains { $0.innerUpper && $0.hasLower }
        entries[key] = Entry(label: label, anyCase: anyCase)
        firstKeys[text.tokens[0].key] = true
        maxTokens = max(maxTokens, text.tokens.count)
        return true
    }

    /// The longest phrase starting at token `t` within `t..<limit`: its end token and entry.
    func longest(in text: EntityText, at t: Int, limit: Int) -> (end: Int, entry: Entry)? {
        let tokens = text.tokens
        guard firstKeys[tokens[t].key] != nil else { return nil }
        var key = EntityKey.seed
        var best: (Int, Entry)?
        var k = t
        while k < limit, k - t < maxTokens {
            if k > t, !text.joined(k - 1) { break }
            key = EntityKey.phrase(key, tokens[k].key)
            k += 1
            if let e = entries[key] { best = (k, e) }
        }
        return best
    }

    /// Whether the single token `t` is in the table.
}

/// A set of lower-cased single words, looked up by token key.
struct EntityWordSet: Sendable {
    private var keys = EntityKeyTable<Bool>()

    init(_ lists: [String]...) {
        for list in lists { for w in list { keys[EntityKey.word(w)] = true } }
    }

    @inline(__always)
    func contains(_ token: EntityToken) -> Bool { keys[token.key] != nil }
    @inline(__always)
    func contains(key: UInt64) -> Bool { keys[key] != nil }
}
