/// Undoes the usual ways people disguise words: leetspeak, separators between letters,
/// stretched letters and masking with `*`.
enum ToxicityNormalizer {
    static let leet: [Character: Character] = [
        "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "€": "e", "|": "l",
    ]

    /// A word as written and where it is in the text (Unicode scalar offsets).
    struct Token: Sendable, Equatable {
        var text: String
        var normalized: String
        var start: Int
        var end: Int
    }

    /// Splits text into words, joining runs of single letters split by `.`, `-`, `_` or spaces
    /// (`f.u.c.k`, `f u c k`), and normalises each word.
    static func tokens(_ text: String) -> [Token] {
        var raw: [(String, Int, Int)] = []
        var current = ""
        var start = 0
        var i = 0
        for scalar in text.unicodeScalars {
            let c = Character(scalar)
            let isWordChar = c.isLetter || c.isNumber || c == "*" || c == "#" || c == "'" || leet[c] != nil
            if isWordChar {
                if current.isEmpty { start = i }
                current.append(c)
            } else if !current.isEmpty {
                raw.append((current, start, i))
                current = ""
            }
            i += 1
        }
        if !current.isEmpty { raw.append((current, start, i)) }

        var out: [Token] = []
        var k = 0
        while k < raw.count {
            // Join spelled-out words: single characters separated by one separator character.
            var j = k
            while j + 1 < raw.count, raw[j].0.count == 1, raw[j + 1].0.count == 1, raw[j + 1].1 - raw[j].2 == 1 { j += 1 }
            if j - k >= 2 {
                let joined = raw[k...j].map(\.0).joined()
                let slice = text.unicodeScalars
                let from = slice.index(slice.startIndex, offsetBy: raw[k].1)
                let to = slice.index(slice.startIndex, offsetBy: raw[j].2)
                out.append(Token(text: String(slice[from..<to]), normalized: normalize(joined), start: raw[k].1, end: raw[j].2))
                k = j + 1
            } else {
                out.append(Token(text: raw[k].0, normalized: normalize(raw[k].0), start: raw[k].1, end: raw[k].2))
                k += 1
            }
        }
        return out
    }

    /// Lower-cases, maps leetspeak (only when the word also has letters) and undoes stretched
    /// letters: runs of three or more become two (`idioot` stays a typo) or one when only that
    /// form is a known word (`fuuuck` → `fuck`).
    static func normalize(_ word: String) -> String {
        let lower = word.lowercased().replacingApostrophes()
        let hasLetter = lower.contains(where: \.isLetter)
        let mapped = String(lower.map { hasLetter ? (leet[$0] ?? $0) : $0 })
        let two = collapse(mapped, keeping: 2)
        if ToxicityLexicon.single[two] != nil { return two }
        let one = collapse(mapped, keeping: 1)
        return ToxicityLexicon.single[one] != nil ? one : two
    }

    /// Shortens every run of a repeated letter to at most `keeping` letters (masks stay as they are).
    static func collapse(_ s: String, keeping: Int) -> String {
        var out = ""
        var run: Character?
        var count = 0
        for c in s {
            if c == run { count += 1 } else { run = c; count = 1 }
            if count <= keeping || c == "*" || c == "#" { out.append(c) }
        }
        return out
    }

    /// Whether a masked word (`f**k`, `sh#t`) fits a lexicon word: same length, same first
    /// letter, every unmasked letter equal.
    static func maskedMatch(_ word: String) -> String? {
        guard word.contains(where: { $0 == "*" || $0 == "#" }), let first = word.first, first.isLetter else { return nil }
        let letters = Array(word)
        let masked = letters.filter { $0 == "*" || $0 == "#" }.count
        guard masked < letters.count - 1 else { return nil }
        for candidate in ToxicityLexicon.byLength[letters.count] ?? [] {
            let c = Array(candidate)
            if zip(letters, c).allSatisfy({ $0 == "*" || $0 == "#" || $0 == $1 }) { return candidate }
        }
        return nil
    }
}

extension String {
    fileprivate func replacingApostrophes() -> String {
        String(self.filter { $0 != "'" && $0 != "\u{2019}" })
    }
}
