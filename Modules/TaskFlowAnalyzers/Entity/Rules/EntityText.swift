/// One text prepared for the entity rules: its Unicode scalars and its tokens.
///
/// Offsets everywhere are indices into `scalars`, so they count Unicode scalars as DESIGN.md's
/// per-record JSON does. A token is a word (a run of letters, digits and combining marks, with
/// inner hyphens between them: `Coca-Cola`, `T-Mobile`) or a single other non-space scalar;
/// white space separates tokens and is not one.
struct EntityText {
    let scalars: [Unicode.Scalar]
    private(set) var tokens: [EntityToken] = []

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        tokenize()
    }

    /// The text of `start..<end` as a `String`.
    func text(_ start: Int, _ end: Int) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[start..<end])
        return String(s)
    }

    private mutating func tokenize() {
        let n = scalars.count
        var i = 0
        tokens.reserveCapacity(n / 4)
        while i < n {
            let c = scalars[i]
            if EntityCharacters.isSpace(c) { i += 1; continue }
            if EntityCharacters.isWordScalar(c) {
                let start = i
                i += 1
                while i < n {
                    let d = scalars[i]
                    if EntityCharacters.isWordScalar(d) { i += 1; continue }
                    if d == "-", i + 1 < n, EntityCharacters.isWordScalar(scalars[i + 1]) { i += 2; continue }
                    break
                }
                tokens.append(EntityToken(word: scalars, start: start, end: i))
            } else {
                tokens.append(EntityToken(other: c, at: i))
                i += 1
            }
        }
    }

    /// Whether only white space (or nothing) separates tokens `a` and `a + 1`, with no line break.
    func joined(_ a: Int) -> Bool {
        guard a + 1 < tokens.count else { return false }
        var j = tokens[a].end
        while j < tokens[a + 1].start {
            if scalars[j] == "\n" || scalars[j] == "\r" { return false }
            j += 1
        }
        return true
    }

    /// Whether token `t` starts a sentence: it is the first token, or follows `.`, `!`, `?`, `…`
    /// or a line break (possibly with opening quotes or brackets between).
    func startsSentence(_ t: Int) -> Bool {
        var k = t - 1
        while k >= 0, tokens[k].isOther, EntityCharacters.isOpener(tokens[k].first) { k -= 1 }
        if k < 0 { return true }
        let p = tokens[k]
        if p.isOther, EntityCharacters.isSentenceEnd(p.first) { return true }
        // A line break between the two tokens.
        var j = p.end
        while j < tokens[t].start {
            if scalars[j] == "\n" || scalars[j] == "\r" { return true }
            j += 1
        }
        return false
    }
}

/// A token of an `EntityText`.
struct EntityToken {
    /// Scalar offsets, half-open.
    var start: Int
    var end: Int
    /// FNV-1a hash of the lower-cased token: the key gazetteers and word lists are looked up by.
    var key: UInt64
    /// The first scalar.
    var first: Unicode.Scalar
    /// A word (letters/digits), not a single punctuation or symbol scalar.
    var isWord: Bool
    var hasLetter = false
    var hasDigit = false
    /// The first scalar is an upper-case letter.
    var initialUpper = false
    /// An upper-case letter after the first scalar (`iPhone`, `McDonald`, `NASA`).
    var innerUpper = false
    var hasLower = false

    var isOther: Bool { !isWord }
    var length: Int { end - start }
    /// Every letter upper-case, at least two letters (`NASA`, `LOL`).
    var isAllCaps: Bool { hasLetter && !hasLower && innerUpper }
    /// Looks like a name: starts upper-case or has inner capitals next to lower case (`eBay`).
    var isCapitalised: Bool { isWord && hasLetter && (initialUpper || (innerUpper && hasLower)) }

    init(word scalars: [Unicode.Scalar], start: Int, end: Int) {
        self.start = start
        self.end = end
        first = scalars[start]
        isWord = true
        var h = EntityKey.seed
        for i in start..<end {
            let c = scalars[i]
            let v = c.value
            if v < 128 {
                if v >= 65 && v <= 90 {
                    hasLetter = true
                    if i == start { initialUpper = true } else { innerUpper = true }
                    h = EntityKey.mix(h, v + 32)
                } else {
                    if v >= 97 && v <= 122 { hasLetter = true; hasLower = true } else if v >= 48 && v <= 57 { hasDigit = true }
                    h = EntityKey.mix(h, v)
                }
            } else {
                let p = c.properties
                if p.isUppercase {
                    hasLetter = true
                    if i == start { initialUpper = true } else { innerUpper = true }
                } else if p.isLowercase {
                    hasLetter = true
                    hasLower = true
                } else if p.isAlphabetic {
                    hasLetter = true
                } else if p.numericType != nil {
                    hasDigit = true
                }
                h = EntityKey.mixLowercased(h, c)
            }
        }
        key = h
    }

    init(other c: Unicode.Scalar, at i: Int) {
        start = i
        end = i + 1
        first = c
        isWord = false
        key = EntityKey.mixLowercased(EntityKey.seed, c)
    }
}

/// Keys of lower-cased words and phrases (FNV-1a over scalar values; phrases join their words'
/// keys with a separator), shared by the token scanner and the word lists.
enum EntityKey {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    static func mix(_ h: UInt64, _ v: UInt32) -> UInt64 {
        (h ^ UInt64(v)) &* 0x100_0000_01b3
    }

    static func mixLowercased(_ h: UInt64, _ c: Unicode.Scalar) -> UInt64 {
        if c.value < 128 {
            let v = c.value
            return mix(h, v >= 65 && v <= 90 ? v + 32 : v)
        }
        let p = c.properties
        if !p.changesWhenLowercased { return mix(h, c.value) }
        var h = h
        for l in p.lowercaseMapping.unicodeScalars { h = mix(h, l.value) }
        return h
    }

    /// The key of one word as the tokenizer would compute it.
    static func word(_ s: some StringProtocol) -> UInt64 {
        var h = seed
        for c in s.unicodeScalars { h = mixLowercased(h, c) }
        return h
    }

    /// The key of a token sequence, from its tokens' keys.
    @inline(__always)
    static func phrase(_ h: UInt64, _ next: UInt64) -> UInt64 {
        (h &* 0x9E37_79B9_7F4A_7C15) ^ next
    }
}

/// Character classes on Unicode scalars, with ASCII fast paths.
enum EntityCharacters {
    @inline(__always)
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 128 { return v == 32 || (v >= 9 && v <= 13) }
        return c.properties.isWhitespace
    }

    /// Letters, digits and combining marks: what words are made of.
    @inline(__always)
    static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 128 { return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) }
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark,
            .spacingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    @inline(__always)
    static func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
        let v = c.value | 0x20
        return v >= 97 && v <= 122
    }

    @inline(__always)
    static func isASCIIAlnum(_ c: Unicode.Scalar) -> Bool { isDigit(c) || isASCIILetter(c) }

    static func isSentenceEnd(_ c: Unicode.Scalar) -> Bool {
        c == "." || c == "!" || c == "?" || c == "…" || c == ":" || c == ";"
    }

    static func isOpener(_ c: Unicode.Scalar) -> Bool {
        c == "\"" || c == "'" || c == "(" || c == "[" || c == "“" || c == "‘" || c == "*" || c == "-"
    }

    /// ASCII lower case of a scalar (others unchanged).
    @inline(__always)
    static func lower(_ c: Unicode.Scalar) -> UInt32 {
        let v = c.value
        return v >= 65 && v <= 90 ? v + 32 : v
    }
}
