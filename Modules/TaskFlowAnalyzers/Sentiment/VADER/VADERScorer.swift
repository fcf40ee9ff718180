import Foundation

// VADER: Valence Aware Dictionary and sEntiment Reasoner (Hutto & Gilbert, ICWSM 2014).
//
// This is an independent Swift implementation that reproduces the scores of the Python
// package vaderSentiment 3.3.2 exactly, including its tokenisation, its rule quirks and
// Python's rounding. The lexicons come from `Generated/VADERLexicon+Data.swift` (generated
// from `Lexicon/*.txt` by `Tools/gen-vader-lexicon`).
//
// The hot path works on the UTF-8 bytes of the text: one pass splits words (and spots
// emoji, in which case the text is rewritten and split again), a single hash probe per
// word yields everything the rules need (valence, booster, negation, which special word it
// is), and the rules then run over a small stack-allocated array of word records. Nothing
// is allocated per word unless the word is longer than 16 bytes or not ASCII.

/// Rule-based sentiment scorer that matches vaderSentiment 3.3.2.
///
/// Immutable after initialisation, so one instance can be shared by any number of threads.
/// `shared` uses the lexicons shipped with vaderSentiment 3.3.2, embedded in the binary.
public final class VADERScorer: Sendable {
    /// A scorer over the embedded vaderSentiment 3.3.2 lexicons, built on first use.
    public static let shared = VADERScorer(
        lexicon: VADERLexiconData.words,
        emojiLexicon: VADERLexiconData.emoji
    )

    private let words: VADERWordTable
    private let emoji: VADEREmojiTable
    /// Idioms whose valence replaces the word's own ("the shit", "kiss of death", ...).
    private let idioms: [VADERPhrase]
    /// Multi-word boosters and dampeners ("kind of", "sort of", "just enough").
    private let boosterPhrases: [VADERPhrase]

    /// Creates a scorer from lexicon texts in vaderSentiment's formats.
    ///
    /// `lexicon` has one `word<TAB>valence[<TAB>...]` entry per line; `emojiLexicon` has
    /// one `emoji<TAB>description` entry per line. Either line ending is accepted, later
    /// duplicates win, and malformed lines are skipped.
    public init(lexicon: String, emojiLexicon: String) {
        var builder = VADERWordTable.Builder()
        for (word, valence) in VADERLexiconParser.valences(in: lexicon) {
            builder.setValence(valence, for: word)
        }
        for word in VADERRules.intensifiers {
            builder.markBooster(word, dampener: false)
        }
        for word in VADERRules.dampeners where !word.contains(" ") {
            builder.markBooster(word, dampener: true)
        }
        for word in VADERRules.negations {
            builder.markNegation(word)
        }
        for word in VADERWord.allCases where word != .other {
            builder.assign(word, to: word.rawValue)
        }
        idioms = VADERRules.idioms.compactMap { builder.phrase($0.phrase, value: $0.valence) }
        boosterPhrases = VADERRules.dampeners.compactMap { phrase in
            phrase.contains(" ") ? builder.phrase(phrase, value: VADERRules.boosterDecrement) : nil
        }
        words = builder.build()
        emoji = VADEREmojiTable(VADERLexiconParser.emojiDescriptions(in: emojiLexicon))
    }

    /// Number of distinct entries in the word lexicon.
    public var lexiconCount: Int { words.lexiconCount }

    /// Number of emoji (single code points) that are replaced by their descriptions.
    public var emojiCount: Int { emoji.count }

    /// Scores one text.
    public func scores(_ text: String) -> VADERScores {
        var text = text
        return text.withUTF8 { scores(utf8: $0) }
    }

    /// Scores one text given as UTF-8 bytes.
    ///
    /// Invalid UTF-8 never traps, but it is only guaranteed to match the Python package
    /// for valid input (which a Swift `String` always is).
    func scores(utf8 input: UnsafeBufferPointer<UInt8>) -> VADERScores {
        if let scores = scoreWords(in: input, stopAtEmoji: emoji.count > 0) {
            return scores
        }
        // The text has emoji: score it again with their descriptions in their place.
        let replaced = emoji.replacingEmoji(in: input)
        return replaced.withUnsafeBufferPointer { scoreWords(in: $0, stopAtEmoji: false) } ?? .zero
    }

    // MARK: - Scoring

    /// Splits `text` into words, applies the rules and sums up; nil if `stopAtEmoji` and
    /// the text contains an emoji.
    private func scoreWords(in text: UnsafeBufferPointer<UInt8>, stopAtEmoji: Bool) -> VADERScores? {
        let byteCount = text.count
        guard byteCount > 0, let base = text.baseAddress else { return .zero }
        // ASCII bytes need no emoji test unless the emoji lexicon has ASCII entries.
        let asciiFastPath = !stopAtEmoji || !emoji.hasASCII
        // Words are separated by at least one byte, so this bounds the word count.
        let capacity = byteCount / 2 + 1
        return withUnsafeTemporaryAllocation(of: VADERToken.self, capacity: capacity) { tokens in
            var count = 0
            var upperCount = 0
            var exclamations = 0
            var questions = 0
            var i = 0
            while i < byteCount {
                // Whitespace between words.
                let byte = base[i]
                if byte < 0x80 && asciiFastPath {
                    if VADERText.isASCIIWhitespace(byte) {
                        i += 1
                        continue
                    }
                } else {
                    let (scalar, width) = VADERText.decode(text, at: i)
                    if stopAtEmoji && emoji.contains(scalar) { return nil }
                    if VADERText.isPythonWhitespace(scalar) {
                        i += width
                        continue
                    }
                }
                // A word: runs to the next whitespace character.
                let start = i
                while i < byteCount {
                    let byte = base[i]
                    if byte &- 0x22 < 0x5E && byte != 0x3F && asciiFastPath {
                        i += 1  // the common case: printable ASCII other than "!" and "?"
                    } else if byte < 0x80 && asciiFastPath {
                        if byte == 0x21 {
                            exclamations += 1
                        } else if byte == 0x3F {
                            questions += 1
                        } else if VADERText.isASCIIWhitespace(byte) {
                            break
                        }
                        i += 1
                    } else {
                        let (scalar, width) = VADERText.decode(text, at: i)
                        if stopAtEmoji && emoji.contains(scalar) { return nil }
                        if VADERText.isPythonWhitespace(scalar) { break }
                        if scalar == 0x21 { exclamations += 1 }
                        if scalar == 0x3F { questions += 1 }
                        i += width
                    }
                }
                tokens[count] = makeToken(base, start, i, byteCount)
                if tokens[count].isUpper { upperCount += 1 }
                count += 1
            }
            guard count > 0 else { return .zero }
            let mixedCase = upperCount > 0 && upperCount < count
            return withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { sentiments in
                let tokens = UnsafeBufferPointer(rebasing: tokens[0..<count])
                for index in 0..<count {
                    sentiments[index] = valence(at: index, tokens, mixedCase: mixedCase)
                }
                applyButRule(tokens, sentiments)
                return VADERText.summarise(
                    UnsafeBufferPointer(rebasing: sentiments[0..<count]),
                    emphasis: VADERRules.punctuationEmphasis(exclamations: exclamations, questions: questions)
                )
            }
        }
    }

    /// Builds the record of the word in `bytes[start..<end]` (`bytes` holds `count` bytes).
    ///
    /// Leading and trailing ASCII punctuation is dropped unless that would leave two
    /// characters or fewer (which keeps emoticons such as ":)" intact).
    @inline(__always)
    private func makeToken(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ count: Int) -> VADERToken {
        var lower = start
        var upper = end
        while lower < upper, VADERText.isASCIIPunctuation(bytes[lower]) { lower += 1 }
        while upper > lower, VADERText.isASCIIPunctuation(bytes[upper - 1]) { upper -= 1 }
        if lower != start || upper != end {
            var scalars = 0
            var k = lower
            while k < upper, scalars <= 2 {
                if bytes[k] & 0xC0 != 0x80 { scalars += 1 }
                k += 1
            }
            if scalars <= 2 {
                lower = start
                upper = end
            }
        }
        let word = UnsafeBufferPointer(start: bytes + lower, count: upper - lower)
        guard word.count <= VADERWordTable.inlineKeyLimit else { return makeLongToken(word) }

        // Words of up to 16 bytes are handled eight bytes at a time.
        let (raw0, raw1) = VADERText.load16(bytes + lower, count: word.count, readable: count - lower)
        if (raw0 | raw1) & VADERText.highBits != 0 { return makeNonASCIIToken(word) }
        let upper0 = VADERText.bytesInRange(raw0, 0x41, 0x5A)
        let upper1 = VADERText.bytesInRange(raw1, 0x41, 0x5A)
        let hasLower = (VADERText.bytesInRange(raw0, 0x61, 0x7A) | VADERText.bytesInRange(raw1, 0x61, 0x7A)) != 0
        var key = VADERWordTable.Key(length: word.count)
        key.word0 = raw0 | upper0 >> 2  // 0x80 >> 2 == 0x20: ASCII lower-casing
        key.word1 = raw1 | upper1 >> 2

        var token = VADERToken()
        if upper0 | upper1 != 0 && !hasLower { token.flags |= VADERToken.upper }
        if VADERText.bytesEqual(raw0, 0x27) | VADERText.bytesEqual(raw1, 0x27) != 0,
            VADERText.containsContraction(key)
        {
            token.flags |= VADERToken.negation
        }
        if let entry = words.lookup(key, word) {
            token.absorb(entry)
        }
        return token
    }

    /// Path for words longer than 16 bytes, one byte at a time.
    private func makeLongToken(_ word: UnsafeBufferPointer<UInt8>) -> VADERToken {
        var hasUpper = false
        var hasLower = false
        var folded: [UInt8] = []
        folded.reserveCapacity(word.count)
        for byte in word {
            if byte >= 0x80 { return makeNonASCIIToken(word) }
            let isUpper = byte &- 0x41 < 26
            hasUpper = hasUpper || isUpper
            hasLower = hasLower || byte &- 0x61 < 26
            folded.append(isUpper ? byte | 0x20 : byte)
        }
        var token = VADERToken()
        if hasUpper && !hasLower { token.flags |= VADERToken.upper }
        return folded.withUnsafeBufferPointer { folded in
            if VADERText.containsContraction(folded) { token.flags |= VADERToken.negation }
            if let entry = words.lookup(VADERWordTable.Key(length: folded.count), folded) {
                token.absorb(entry)
            }
            return token
        }
    }

    /// Slow path for words with non-ASCII characters: full Unicode lower-casing and case tests.
    private func makeNonASCIIToken(_ word: UnsafeBufferPointer<UInt8>) -> VADERToken {
        let scalars = Array(String(decoding: word, as: UTF8.self).unicodeScalars)
        var token = VADERToken()
        if VADERText.isUppercase(scalars) { token.flags |= VADERToken.upper }
        let lowered = VADERText.lowercasedUTF8(scalars)
        return lowered.withUnsafeBufferPointer { lowered in
            if VADERText.containsContraction(lowered) { token.flags |= VADERToken.negation }
            var key = VADERWordTable.Key(length: lowered.count)
            for k in 0..<min(lowered.count, 16) { key.append(lowered[k], at: k) }
            if let entry = words.lookup(key, lowered) {
                token.absorb(entry)
            }
            return token
        }
    }

    /// The valence of word `i` after every rule that looks at its neighbours.
    @inline(__always)
    private func valence(at i: Int, _ t: UnsafeBufferPointer<VADERToken>, mixedCase: Bool) -> Double {
        let token = t[i]
        let count = t.count
        // Boosters and "kind" in "kind of" only modify their neighbours.
        if token.isBooster { return 0 }
        if token.word == .kind, i + 1 < count, t[i + 1].word == .of { return 0 }
        guard token.inLexicon else { return 0 }

        var valence = token.valence
        // "no" directly before a lexicon word acts as a negation, not as a negative word.
        if token.word == .no, i + 1 < count, t[i + 1].inLexicon {
            valence = 0
        }
        if (i > 0 && t[i - 1].word == .no)
            || (i > 1 && t[i - 2].word == .no)
            || (i > 2 && t[i - 3].word == .no && (t[i - 1].word == .or || t[i - 1].word == .nor))
        {
            valence = token.valence * VADERRules.negationScalar
        }
        if mixedCase && token.isUpper {
            valence += valence > 0 ? VADERRules.capsIncrement : -VADERRules.capsIncrement
        }

        // Up to three preceding words that are not themselves in the lexicon.
        for distance in 1...3 where i >= distance && !t[i - distance].inLexicon {
            let modifier = t[i - distance]
            var scalar = 0.0
            if modifier.isBooster {
                scalar = valence < 0 ? -modifier.booster : modifier.booster
                if mixedCase && modifier.isUpper {
                    scalar += valence > 0 ? VADERRules.capsIncrement : -VADERRules.capsIncrement
                }
                if distance == 2 { scalar *= 0.95 }
                if distance == 3 { scalar *= 0.9 }
            }
            valence += scalar
            valence = applyNegation(valence, at: i, distance: distance, t)
            if distance == 3 {
                valence = applyIdioms(valence, at: i, t)
            }
        }

        // "least" before a word negates it, except in "at least" and "very least".
        if i > 0, t[i - 1].word == .least, !t[i - 1].inLexicon {
            if i == 1 || (t[i - 2].word != .at && t[i - 2].word != .very) {
                valence *= VADERRules.negationScalar
            }
        }
        return valence
    }

    /// Negation (or "never so/this" emphasis) from the word `distance` places before word `i`.
    @inline(__always)
    private func applyNegation(
        _ valence: Double, at i: Int, distance: Int, _ t: UnsafeBufferPointer<VADERToken>
    ) -> Double {
        switch distance {
        case 1:
            return t[i - 1].isNegation ? valence * VADERRules.negationScalar : valence
        case 2:
            let (w2, w1) = (t[i - 2].word, t[i - 1].word)
            if w2 == .never && (w1 == .so || w1 == .this) { return valence * 1.25 }
            if w2 == .without && w1 == .doubt { return valence }
            return t[i - 2].isNegation ? valence * VADERRules.negationScalar : valence
        default:
            let (w3, w2, w1) = (t[i - 3].word, t[i - 2].word, t[i - 1].word)
            // vaderSentiment 3.3.2 also boosts whenever the word right before is "so"/"this".
            if (w3 == .never && (w2 == .so || w2 == .this)) || w1 == .so || w1 == .this {
                return valence * 1.25
            }
            if w3 == .without && (w2 == .doubt || w1 == .doubt) { return valence }
            return t[i - 3].isNegation ? valence * VADERRules.negationScalar : valence
        }
    }

    /// Idioms around word `i` (which has at least three words before it) and multi-word boosters.
    private func applyIdioms(_ valence: Double, at i: Int, _ t: UnsafeBufferPointer<VADERToken>) -> Double {
        let count = t.count
        let w0 = t[i].phraseID
        let w1 = t[i - 1].phraseID
        let w2 = t[i - 2].phraseID
        let w3 = t[i - 3].phraseID
        let after1: UInt8 = i + 1 < count ? t[i + 1].phraseID : 0
        let after2: UInt8 = i + 2 < count ? t[i + 2].phraseID : 0
        if w0 | w1 | w2 | w3 | after1 | after2 == 0 { return valence }

        var valence = valence
        // The first idiom ending at, spanning or just before word i wins ...
        if let value = idiomValue(VADERPhrase.key(w1, w0))
            ?? idiomValue(VADERPhrase.key(w2, w1, w0))
            ?? idiomValue(VADERPhrase.key(w2, w1))
            ?? idiomValue(VADERPhrase.key(w3, w2, w1))
            ?? idiomValue(VADERPhrase.key(w3, w2))
        {
            valence = value
        }
        // ... but idioms starting at word i override it.
        if i + 1 < count, let value = idiomValue(VADERPhrase.key(w0, after1)) {
            valence = value
        }
        if i + 2 < count, let value = idiomValue(VADERPhrase.key(w0, after1, after2)) {
            valence = value
        }
        // Multi-word dampeners among the three preceding words add up.
        if let value = VADERPhrase.value(of: VADERPhrase.key(w3, w2, w1), in: boosterPhrases) {
            valence += value
        }
        if let value = VADERPhrase.value(of: VADERPhrase.key(w3, w2), in: boosterPhrases) {
            valence += value
        }
        if let value = VADERPhrase.value(of: VADERPhrase.key(w2, w1), in: boosterPhrases) {
            valence += value
        }
        return valence
    }

    @inline(__always)
    private func idiomValue(_ key: UInt32) -> Double? {
        VADERPhrase.value(of: key, in: idioms)
    }

    /// Halves the sentiment before the first "but" and raises the sentiment after it by half.
    ///
    /// vaderSentiment locates each value with `list.index(value)`, i.e. by the first equal
    /// value, so repeated values are rescaled at their first position, possibly more than
    /// once. That behaviour is kept because it changes scores. Zeros stay zero when scaled,
    /// so only non-zero values take part.
    private func applyButRule(_ t: UnsafeBufferPointer<VADERToken>, _ s: UnsafeMutableBufferPointer<Double>) {
        guard let butIndex = t.firstIndex(where: { $0.word == .but }) else { return }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: s.count) { nonZero in
            var count = 0
            for k in 0..<s.count where s[k] != 0 {
                nonZero[count] = k
                count += 1
            }
            let positions = UnsafeBufferPointer(rebasing: nonZero[0..<count])
            if count > 32 {
                Self.applyButRuleIndexed(butIndex, positions, s)
                return
            }
            for n in 0..<count {
                let value = s[positions[n]]
                var first = 0
                while first < n && s[positions[first]] != value { first += 1 }
                let target = positions[first]
                if target != butIndex {
                    s[target] = value * (target < butIndex ? 0.5 : 1.5)
                }
            }
        }
    }

    /// The same rule for long texts: the first position holding each value comes from a
    /// min-heap per value instead of a linear search, so the cost stays O(n log n).
    private static func applyButRuleIndexed(
        _ butIndex: Int, _ positions: UnsafeBufferPointer<Int>, _ s: UnsafeMutableBufferPointer<Double>
    ) {
        var holders: [UInt64: VADERMinHeap] = [:]
        for position in positions {
            holders[s[position].bitPattern, default: VADERMinHeap()].push(position)
        }
        for position in positions {
            let value = s[position]
            guard let target = holders[value.bitPattern]?.minimum, target != butIndex else { continue }
            let scaled = value * (target < butIndex ? 0.5 : 1.5)
            holders[value.bitPattern]?.popMinimum()
            holders[scaled.bitPattern, default: VADERMinHeap()].push(target)
            s[target] = scaled
        }
    }
}
