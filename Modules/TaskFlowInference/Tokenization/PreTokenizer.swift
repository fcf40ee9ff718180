/// How normalised text is split into words before the model sees them.
enum PreTokenizer: Sendable, Hashable {
    /// BERT: split on whitespace (dropped) and punctuation (kept, one scalar per piece).
    case bert
    /// GPT-2/RoBERTa byte level: GPT-2's split pattern; optionally a space before the text.
    case byteLevel(addPrefixSpace: Bool)
    /// No splitting: the whole text is one piece.
    case none

    /// Applies the split; returns the text (possibly with a prefix space) and its pieces.
    func split(_ text: NormalizedText) -> (NormalizedText, [Range<Int>]) {
        switch self {
        case .none:
            return (text, text.count == 0 ? [] : [0..<text.count])
        case .bert:
            return (text, Self.bertSplit(text.scalars))
        case .byteLevel(let addPrefixSpace):
            var t = text
            if addPrefixSpace, let first = t.scalars.first, first != " " {
                t.scalars.insert(" ", at: 0)
                t.origins.insert(t.origins[0], at: 0)
            }
            return (t, Self.gpt2Split(t.scalars))
        }
    }

    /// Whitespace-separated words with every punctuation scalar split off on its own.
    static func bertSplit(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = -1
        for i in s.indices {
            let c = s[i]
            if BertNormalizer.isWhitespace(c) {
                if start >= 0 { pieces.append(start..<i); start = -1 }
            } else if isBertPunctuation(c) {
                if start >= 0 { pieces.append(start..<i); start = -1 }
                pieces.append(i..<(i + 1))
            } else if start < 0 {
                start = i
            }
        }
        if start >= 0 { pieces.append(start..<s.count) }
        return pieces
    }

    /// ASCII punctuation (which includes symbols such as `$`, `+`, `^`) or Unicode category P*.
    @inline(__always)
    static func isBertPunctuation(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x80 {
            return (v >= 33 && v <= 47) || (v >= 58 && v <= 64) || (v >= 91 && v <= 96) || (v >= 123 && v <= 126)
        }
        switch c.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// GPT-2's pattern, hand-compiled:
    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
    static func gpt2Split(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        enum Kind { case letter, number, space, other }
        @inline(__always) func kind(_ c: Unicode.Scalar) -> Kind {
            if c.isASCII {
                let v = c.value
                if (v >= 65 && v <= 90) || (v >= 97 && v <= 122) { return .letter }
                if v >= 48 && v <= 57 { return .number }
                if v == 32 || (v >= 9 && v <= 13) { return .space }
                return .other
            }
            if c.properties.isWhitespace { return .space }
            switch c.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
            case .decimalNumber, .letterNumber, .otherNumber: return .number
            default: return .other
            }
        }
        let n = s.count
        var kinds = [Kind](repeating: .other, count: n)
        for i in 0..<n { kinds[i] = kind(s[i]) }
        var pieces: [Range<Int>] = []
        var i = 0
        while i < n {
            // Contractions.
            if s[i] == "'", i + 1 < n {
                let a = s[i + 1]
                if a == "s" || a == "t" || a == "m" || a == "d" {
                    pieces.append(i..<(i + 2))
                    i += 2
                    continue
                }
                if i + 2 < n {
                    let b = s[i + 2]
                    if (a == "r" && b == "e") || (a == "v" && b == "e") || (a == "l" && b == "l") {
                        pieces.append(i..<(i + 3))
                        i += 3
                        continue
                    }
                }
            }
            // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`.
            var j = i
            if s[i] == " ", i + 1 < n, kinds[i + 1] != .space { j = i + 1 }
            let k = kinds[j]
            if k != .space {
                var e = j + 1
                while e < n, kinds[e] == k { e += 1 }
                pieces.append(i..<e)
                i = e
                continue
            }
            // Whitespace: `\s+(?!\S)` leaves the last space of a run for the next word; `\s+`.
            var e = i + 1
            while e < n, kinds[e] == .space { e += 1 }
            if e == n || e - i == 1 {
                pieces.append(i..<e)
                i = e
            } else {
                pieces.append(i..<(e - 1))
                i = e - 1
            }
        }
        return pieces
    }
}
