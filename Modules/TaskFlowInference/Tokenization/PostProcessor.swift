/// What wraps the model's tokens: special tokens around the text, and offset trimming.
enum PostProcessor: Sendable, Hashable {
    /// A template for one sequence (`TemplateProcessing`, `BertProcessing`): tokens before and
    /// after the text, each with its type id, and the text's type id.
    case template(before: [SpecialToken], after: [SpecialToken], sequenceTypeID: Int)
    /// `RobertaProcessing`: `<s> A </s>`; with `trimOffsets`, offsets skip the `Ġ` spaces.
    case roberta(cls: SpecialToken, sep: SpecialToken, trimOffsets: Bool, addPrefixSpace: Bool)
    /// `ByteLevel` as a post-processor: no special tokens, optional offset trimming.
    case byteLevel(trimOffsets: Bool, addPrefixSpace: Bool)
    /// Nothing added.
    case none

    struct SpecialToken: Sendable, Hashable {
        var token: String
        var id: Int
        var typeID: Int = 0
    }

    /// How many tokens it adds to one sequence (what truncation must leave room for).
    var addedCount: Int {
        switch self {
        case .template(let before, let after, _): return before.count + after.count
        case .roberta: return 2
        case .byteLevel, .none: return 0
        }
    }

    /// Builds the final encoding from the model's tokens (already truncated).
    func process(_ tokens: [RawToken], truncated: Int) -> Encoding {
        var e = Encoding()
        let capacity = tokens.count + addedCount
        e.ids.reserveCapacity(capacity)
        e.tokens.reserveCapacity(capacity)
        e.offsets.reserveCapacity(capacity)
        e.typeIds.reserveCapacity(capacity)
        e.specialTokensMask.reserveCapacity(capacity)
        e.wordIds.reserveCapacity(capacity)
        e.truncatedTokens = truncated
        switch self {
        case .template(let before, let after, let typeID):
            for s in before { e.append(id: s.id, token: s.token, offset: 0..<0, typeId: s.typeID, special: true) }
            for t in tokens { e.append(id: t.id, token: t.token, offset: t.start..<t.end, typeId: typeID, word: t.word) }
            for s in after { e.append(id: s.id, token: s.token, offset: 0..<0, typeId: s.typeID, special: true) }
        case .roberta(let cls, let sep, let trim, let prefixed):
            e.append(id: cls.id, token: cls.token, offset: 0..<0, special: true)
            for (i, t) in tokens.enumerated() {
                e.append(id: t.id, token: t.token, offset: Self.offset(t, trim: trim, first: i == 0, prefixed: prefixed), word: t.word)
            }
            e.append(id: sep.id, token: sep.token, offset: 0..<0, special: true)
        case .byteLevel(let trim, let prefixed):
            for (i, t) in tokens.enumerated() {
                e.append(id: t.id, token: t.token, offset: Self.offset(t, trim: trim, first: i == 0, prefixed: prefixed), word: t.word)
            }
        case .none:
            for t in tokens { e.append(id: t.id, token: t.token, offset: t.start..<t.end, word: t.word) }
        }
        return e
    }

    /// Byte-level offset trimming: leading and trailing `Ġ` (a space byte) leave the offsets.
    ///
    /// The one space `add_prefix_space` put before the first word has no extent of its own
    /// and stays, as in Hugging Face tokenizers.
    static func offset(_ t: RawToken, trim: Bool, first: Bool, prefixed: Bool) -> Range<Int> {
        guard trim else { return t.start..<t.end }
        let space: Unicode.Scalar = "\u{120}"
        let scalars = t.token.unicodeScalars
        var leading = scalars.prefix { $0 == space || $0.properties.isWhitespace }.count
        if (first || t.start == 0) && prefixed && leading == 1 { leading = 0 }
        let trailing = scalars.reversed().prefix { $0 == space || $0.properties.isWhitespace }.count
        var start = t.start
        var end = t.end
        if leading > 0 { start = min(start + leading, end) }
        if trailing > 0, end >= trailing { end = max(end - trailing, start) }
        return start..<end
    }
}
