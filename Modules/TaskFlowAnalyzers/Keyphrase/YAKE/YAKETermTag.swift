/// What kind of word a token is, as YAKE's term features see it.
///
/// Decided per occurrence: a digit string, an unusual token (letters mixed with digits, no
/// letter or digit at all, several punctuation marks, or absurdly long), an acronym (all
/// capitals), a proper noun (capitalised, not first in its sentence), or a plain word. Digit
/// and unusual occurrences make a candidate invalid and stay out of the co-occurrence graph.
enum YAKETermTag: UInt8, Sendable {
    case digit, unusual, acronym, properNoun, plain

    /// Longer tokens are unusual: no word is that long, and it bounds de-duplication's cost.
    static let maximumWordLength = 64

    /// Whether the tag keeps an occurrence out of candidates and the co-occurrence graph.
    var isDiscarded: Bool { self == .digit || self == .unusual }

    /// The tag of `word` at index `position` among its sentence's tokens.
    init<Word: Collection<Unicode.Scalar>>(_ word: Word, position: Int) {
        if YAKETermTag.isNumber(word) { self = .digit; return }
        var digits = 0
        var letters = 0
        var punctuation = 0
        var upper = 0
        for s in word {
            if YAKECharacters.isDigit(s) { digits += 1 }
            if YAKECharacters.isLetter(s) { letters += 1 }
            if YAKECharacters.isPunctuation(s) { punctuation += 1 }
            if YAKECharacters.isUppercase(s) { upper += 1 }
        }
        if (digits > 0 && letters > 0) || (digits == 0 && letters == 0) || punctuation > 1
            || word.count > YAKETermTag.maximumWordLength
        {
            self = .unusual
        } else if upper == word.count {
            self = .acronym
        } else if position > 0, let first = word.first, YAKECharacters.isUppercase(first) {
            self = .properNoun
        } else {
            self = .plain
        }
    }

    /// Whether `word`, without its commas, reads as a floating-point number (`12`, `2.4`,
    /// `1,000`, `-3e5`, `inf`, `nan`).
    static func isNumber<Word: Collection<Unicode.Scalar>>(_ word: Word) -> Bool {
        // Only digits, signs, dots, commas and the letters of `e`, `inf` and `nan` can appear.
        guard word.allSatisfy(mayBeInNumber) else { return false }
        let chars = word.filter { $0 != "," }
        guard !chars.isEmpty else { return false }
        var i = 0
        if chars[i] == "+" || chars[i] == "-" { i += 1 }
        let rest = String(String.UnicodeScalarView(chars[i...])).lowercased()
        if rest == "inf" || rest == "infinity" || rest == "nan" { return true }
        var mantissaDigits = 0
        while i < chars.count, YAKECharacters.isDecimal(chars[i]) { i += 1; mantissaDigits += 1 }
        if i < chars.count, chars[i] == "." {
            i += 1
            while i < chars.count, YAKECharacters.isDecimal(chars[i]) { i += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return false }
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            i += 1
            if i < chars.count, chars[i] == "+" || chars[i] == "-" { i += 1 }
            var exponentDigits = 0
            while i < chars.count, YAKECharacters.isDecimal(chars[i]) { i += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return false }
        }
        return i == chars.count
    }

    /// A decimal digit, a sign, a dot, a comma or a letter of `e`, `inf`, `infinity` or `nan`.
    private static func mayBeInNumber(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "+", "-", ".", ",", "e", "E", "i", "n", "f", "a", "t", "y", "I", "N", "F", "A", "T", "Y": return true
        default: return YAKECharacters.isDecimal(s)
        }
    }
}
