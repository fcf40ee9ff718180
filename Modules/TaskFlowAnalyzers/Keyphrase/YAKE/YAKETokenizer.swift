/// Splits a text into sentences and a sentence into word and punctuation tokens, the way YAKE's
/// pre-processing needs them.
///
/// Sentences end at `.`, `!` or `?` (with any closing quotes or brackets) followed by space and
/// then a capital, a digit or an opening quote, and at blank lines. Tokens are the
/// whitespace-separated chunks with their leading and trailing punctuation split off one mark a
/// token; inner punctuation stays (`2.4`, `over-processed`). Contractions are split (`don't` →
/// `do` `n't`) and the clitics that start with an apostrophe (`'s`, `'re`, `'ll`, …) dropped, so
/// `museum's new exhibition` yields the candidate `museum new exhibition`.
enum YAKETokenizer {
    /// The sentences of `text` that hold something other than whitespace, as scalar ranges.
    static func sentences(_ text: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        var i = 0
        let n = text.count
        func close(_ end: Int) {
            if text[start..<end].contains(where: { !YAKECharacters.isWhitespace($0) }) { out.append(start..<end) }
        }
        while i < n {
            let c = text[i]
            if YAKECharacters.isSentenceTerminal(c) {
                var j = i + 1
                while j < n, YAKECharacters.isSentenceTerminal(text[j]) || isClosing(text[j]) { j += 1 }
                var k = j
                while k < n, YAKECharacters.isWhitespace(text[k]) { k += 1 }
                if k > j, k == n || opensSentence(text[k]) {
                    close(j)
                    start = k
                    i = k
                    continue
                }
                i = j
                continue
            }
            if c == "\n" {
                var k = i + 1
                var newlines = 1
                while k < n, YAKECharacters.isWhitespace(text[k]) {
                    if text[k] == "\n" { newlines += 1 }
                    k += 1
                }
                if newlines > 1 {
                    close(i)
                    start = k
                }
                i = k
                continue
            }
            i += 1
        }
        if start < n { close(n) }
        return out
    }

    /// The tokens of one sentence, as slices of it (no copies).
    static func tokens(_ sentence: ArraySlice<Unicode.Scalar>) -> [ArraySlice<Unicode.Scalar>] {
        var out: [ArraySlice<Unicode.Scalar>] = []
        var i = sentence.startIndex
        let end = sentence.endIndex
        while i < end {
            while i < end, YAKECharacters.isWhitespace(sentence[i]) { i += 1 }
            var j = i
            while j < end, !YAKECharacters.isWhitespace(sentence[j]) { j += 1 }
            if i < j { chunk(sentence[i..<j], into: &out) }
            i = j
        }
        return out
    }

    /// A whitespace-free chunk's tokens, appended to `out`.
    private static func chunk(_ chunk: ArraySlice<Unicode.Scalar>, into out: inout [ArraySlice<Unicode.Scalar>]) {
        var lo = chunk.startIndex
        var hi = chunk.endIndex
        while lo < hi, YAKECharacters.isPunctuation(chunk[lo]) {
            append(chunk[lo...lo], to: &out)
            lo += 1
        }
        let trailingEnd = hi
        while hi > lo, YAKECharacters.isPunctuation(chunk[hi - 1]) { hi -= 1 }
        if lo < hi {
            let core = chunk[lo..<hi]
            if let cut = contractionCut(core) {
                append(core[..<cut], to: &out)
                append(core[cut...], to: &out)
            } else {
                append(core, to: &out)
            }
        }
        for i in hi..<trailingEnd { append(chunk[i...i], to: &out) }
    }

    /// Appends `token` unless it is a clitic that starts with an apostrophe (`'s`, `'ll`).
    private static func append(_ token: ArraySlice<Unicode.Scalar>, to out: inout [ArraySlice<Unicode.Scalar>]) {
        if token.count > 1, YAKECharacters.isApostrophe(token[token.startIndex]) { return }
        out.append(token)
    }

    /// Where a contraction's clitic starts (`n't`, `'s`, `'re`, `'ve`, `'ll`, `'d`, `'m`), if
    /// `word` ends with one after at least one other scalar.
    private static func contractionCut(_ word: ArraySlice<Unicode.Scalar>) -> Int? {
        guard word.contains(where: YAKECharacters.isApostrophe) else { return nil }
        let lower = word.map { Character($0).lowercased().unicodeScalars.first ?? $0 }
        let n = lower.count
        // The earliest cut wins, as with a shortest-prefix match.
        var best: Int?
        func consider(_ suffixLength: Int, _ matches: Bool) {
            guard matches, n > suffixLength else { return }
            let cut = n - suffixLength
            if best == nil || cut < best! { best = cut }
        }
        func ends(_ s: String) -> Bool {
            let tail = Array(s.unicodeScalars)
            guard n >= tail.count else { return false }
            for (k, t) in tail.enumerated() {
                let c = lower[n - tail.count + k]
                if t == "'" ? !YAKECharacters.isApostrophe(c) : c != t { return false }
            }
            return true
        }
        for suffix in ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"] {
            consider(suffix.unicodeScalars.count, ends(suffix))
        }
        return best.map { word.startIndex + $0 }
    }

    private static func isClosing(_ s: Unicode.Scalar) -> Bool {
        s == "\"" || s == "'" || s == ")" || s == "]" || s == "\u{201D}" || s == "\u{2019}"
    }

    private static func opensSentence(_ s: Unicode.Scalar) -> Bool {
        YAKECharacters.isUppercase(s) || YAKECharacters.isDigit(s) || s == "\"" || s == "'" || s == "("
            || s == "[" || s == "\u{201C}" || s == "\u{2018}"
    }
}
