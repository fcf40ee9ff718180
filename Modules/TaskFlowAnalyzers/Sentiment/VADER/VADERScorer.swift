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

/// The four VADER scores of one text.
///
/// `neg`, `neu` and `pos` are the shares of the text's sentiment mass that are negative,
/// neutral and positive (rounded to 3 decimals); `compound` is the normalised sum of all
/// word valences in [-1, 1] (rounded to 4 decimals).
public struct VADERScores: Sendable, Equatable, Hashable, Codable {
    public var neg: Double
    public var neu: Double
    public var pos: Double
    public var compound: Double

    public init(neg: Double, neu: Double, pos: Double, compound: Double) {
        self.neg = neg
        self.neu = neu
        self.pos = pos
        self.compound = compound
    }

    /// The scores of a text without words: all zero.
    public static let zero = VADERScores(neg: 0, neu: 0, pos: 0, compound: 0)

    /// The conventional three-way label of a compound score.
    public enum Label: String, Sendable, Codable, CaseIterable {
        case negative, neutral, positive
    }

    /// `compound` at or above this is labelled positive.
    public static let positiveThreshold = 0.05
    /// `compound` at or below this is labelled negative.
    public static let negativeThreshold = -0.05

    /// The label for `compound`: ≥ 0.05 positive, ≤ -0.05 negative, otherwise neutral.
    public var label: Label {
        if compound >= Self.positiveThreshold { return .positive }
        if compound <= Self.negativeThreshold { return .negative }
        return .neutral
    }
}

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

/// A binary min-heap of positions.
struct VADERMinHeap {
    private var items: [Int] = []

    var minimum: Int? { items.first }

    mutating func push(_ item: Int) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMinimum() {
        guard !items.isEmpty else { return }
        items.swapAt(0, items.count - 1)
        items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count && items[left] < items[smallest] { smallest = left }
            if right < items.count && items[right] < items[smallest] { smallest = right }
            if smallest == parent { return }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}

// MARK: - Rules and constants

/// Constants and word lists of vaderSentiment 3.3.2.
enum VADERRules {
    static let boosterIncrement = 0.293
    static let boosterDecrement = -0.293
    static let capsIncrement = 0.733
    static let negationScalar = -0.74
    static let normalisationAlpha = 15.0

    /// Added emphasis for "!" (0.292 each, at most 4) and "?" (0.18 each for 2–3, 0.96 for more).
    static func punctuationEmphasis(exclamations: Int, questions: Int) -> Double {
        let exclamation = Double(min(exclamations, 4)) * 0.292
        var question = 0.0
        if questions > 1 {
            question = questions <= 3 ? Double(questions) * 0.18 : 0.96
        }
        return exclamation + question
    }

    static let negations = [
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
        "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
        "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
        "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
        "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
        "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
        "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
        "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
    ]

    /// Degree adverbs that intensify a sentiment word (by `boosterIncrement`).
    static let intensifiers = [
        "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably",
        "decidedly", "deeply", "effing", "enormous", "enormously", "entirely", "especially",
        "exceptional", "exceptionally", "extreme", "extremely", "fabulously", "flipping",
        "flippin", "frackin", "fracking", "fricking", "frickin", "frigging", "friggin",
        "fully", "fuckin", "fucking", "fuggin", "fugging", "greatly", "hella", "highly",
        "hugely", "incredible", "incredibly", "intensely", "major", "majorly", "more", "most",
        "particularly", "purely", "quite", "really", "remarkably", "so", "substantially",
        "thoroughly", "total", "totally", "tremendous", "tremendously", "uber",
        "unbelievably", "unusually", "utter", "utterly", "very",
    ]

    /// Degree adverbs that dampen a sentiment word (by `boosterDecrement`); the multi-word
    /// ones only act through the idiom check.
    static let dampeners = [
        "almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of",
        "less", "little", "marginal", "marginally", "occasional", "occasionally", "partly",
        "scarce", "scarcely", "slight", "slightly", "somewhat", "sort of", "sorta", "sortof",
        "sort-of",
    ]

    /// Idioms that set the valence of a lexicon word inside them.
    static let idioms: [(phrase: String, valence: Double)] = [
        ("the shit", 3), ("the bomb", 3), ("bad ass", 1.5), ("badass", 1.5), ("bus stop", 0),
        ("yeah right", -2), ("kiss of death", -1.5), ("to die for", 3), ("beating heart", 3.5),
    ]
}

/// Words the rules test for by identity; the raw value is the word itself.
enum VADERWord: String, CaseIterable, Sendable {
    case other = ""
    case no, but, least, at, very, kind, of, so, this, never, without, doubt, or, nor
}

/// Everything the rules need to know about one word of the text.
struct VADERToken {
    static let inLexicon: UInt8 = 1
    static let booster: UInt8 = 2
    static let dampener: UInt8 = 4
    static let negation: UInt8 = 8
    static let upper: UInt8 = 16

    var valence = 0.0
    var flags: UInt8 = 0
    var word = VADERWord.other
    var phraseID: UInt8 = 0

    var inLexicon: Bool { flags & Self.inLexicon != 0 }
    var isBooster: Bool { flags & Self.booster != 0 }
    var isNegation: Bool { flags & Self.negation != 0 }
    var isUpper: Bool { flags & Self.upper != 0 }
    /// The booster's unsigned effect; meaningful only when `isBooster`.
    var booster: Double {
        flags & Self.dampener != 0 ? VADERRules.boosterDecrement : VADERRules.boosterIncrement
    }

    @inline(__always)
    mutating func absorb(_ entry: VADERWordTable.Entry) {
        valence = entry.valence
        flags |= entry.flags
        word = entry.word
        phraseID = entry.phraseID
    }
}

/// A two- or three-word phrase, identified by the phrase IDs of its words.
struct VADERPhrase: Sendable {
    var key: UInt32
    var value: Double

    @inline(__always)
    static func key(_ a: UInt8, _ b: UInt8) -> UInt32 {
        2 << 24 | UInt32(a) | UInt32(b) << 8
    }

    @inline(__always)
    static func key(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt32 {
        3 << 24 | UInt32(a) | UInt32(b) << 8 | UInt32(c) << 16
    }

    @inline(__always)
    static func value(of key: UInt32, in phrases: [VADERPhrase]) -> Double? {
        // Words outside every phrase have ID 0, which no phrase key contains.
        for phrase in phrases where phrase.key == key { return phrase.value }
        return nil
    }
}

// MARK: - Word table

/// Open-addressing hash table from a lower-cased word's UTF-8 bytes to its entry.
///
/// Keys of up to 16 bytes (nearly all) live inside their 32-byte slot, so a lookup
/// usually touches a single cache line; longer keys sit in a small side dictionary.
struct VADERWordTable: Sendable {
    /// One slot: the entry and, inline, its key.
    struct Entry: Sendable {
        /// High hash bits, never 0 in a used slot (0 marks an empty slot).
        var tag: UInt32 = 0
        var length: UInt8 = 0
        var flags: UInt8 = 0
        var word = VADERWord.other
        var phraseID: UInt8 = 0
        var valence = 0.0
        var key0: UInt64 = 0
        var key1: UInt64 = 0
    }

    /// The first 16 bytes of a word, little-endian and zero-padded, with its length.
    struct Key {
        var word0: UInt64 = 0
        var word1: UInt64 = 0
        var length: Int

        init(length: Int) {
            self.length = length
        }

        /// Stores `byte` at position `k`; positions past 15 are ignored.
        @inline(__always)
        mutating func append(_ byte: UInt8, at k: Int) {
            if k < 8 {
                word0 |= UInt64(byte) << UInt64(k &* 8)
            } else if k < 16 {
                word1 |= UInt64(byte) << UInt64((k &- 8) &* 8)
            }
        }

        @inline(__always)
        var hash: UInt64 {
            var h = word0 &* 0x9E37_79B9_7F4A_7C15
            h ^= (word1 ^ UInt64(truncatingIfNeeded: length)) &* 0xC2B2_AE3D_27D4_EB4F
            h ^= h >> 31
            h &*= 0xBF58_476D_1CE4_E5B9
            return h ^ (h >> 29)
        }
    }

    static let inlineKeyLimit = 16
    private static let filterMask = (1 << 16) - 1

    private let slots: [Entry]
    /// One bit per hash value (bits 16–31 of the hash) that some stored key has.
    private let filter: [UInt64]
    private let mask: Int
    private let longEntries: [[UInt8]: Entry]
    let lexiconCount: Int

    /// Finds the entry whose key equals `word` with ASCII letters lower-cased; `key` must
    /// hold the first 16 lower-cased bytes of `word`.
    @inline(__always)
    func lookup(_ key: Key, _ word: UnsafeBufferPointer<UInt8>) -> Entry? {
        if key.length > Self.inlineKeyLimit {
            return longEntries[word.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }]
        }
        let hash = key.hash
        // Most words of a text are in no list; the 8 KiB filter answers those from L1.
        let bit = Int(truncatingIfNeeded: hash >> 16) & Self.filterMask
        if filter[bit >> 6] >> UInt64(bit & 63) & 1 == 0 { return nil }
        let tag = UInt32(truncatingIfNeeded: hash >> 32) | 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let entry = slots[slot]
                if entry.tag == tag && Int(entry.length) == key.length
                    && entry.key0 == key.word0 && entry.key1 == key.word1
                {
                    return entry
                }
                if entry.tag == 0 { return nil }
                slot = (slot &+ 1) & mask
            }
        }
    }

    /// Collects entries during initialisation.
    struct Builder {
        private var index: [[UInt8]: Int] = [:]
        private var entries: [Entry] = []
        private var keys: [[UInt8]] = []
        private var phraseIDs: [[UInt8]: UInt8] = [:]
        private var lexiconCount = 0

        private mutating func entryIndex(_ word: String) -> Int {
            let key = Array(word.utf8)
            if let existing = index[key] { return existing }
            entries.append(Entry())
            keys.append(key)
            index[key] = entries.count - 1
            return entries.count - 1
        }

        mutating func setValence(_ valence: Double, for word: String) {
            let i = entryIndex(word)
            if entries[i].flags & VADERToken.inLexicon == 0 { lexiconCount += 1 }
            entries[i].valence = valence
            entries[i].flags |= VADERToken.inLexicon
        }

        mutating func markBooster(_ word: String, dampener: Bool) {
            let i = entryIndex(word)
            entries[i].flags &= ~VADERToken.dampener
            entries[i].flags |= VADERToken.booster | (dampener ? VADERToken.dampener : 0)
        }

        mutating func markNegation(_ word: String) {
            entries[entryIndex(word)].flags |= VADERToken.negation
        }

        mutating func assign(_ word: VADERWord, to text: String) {
            entries[entryIndex(text)].word = word
        }

        /// Registers a phrase of two or three words; other lengths can never match and give nil.
        mutating func phrase(_ text: String, value: Double) -> VADERPhrase? {
            let parts = text.split(separator: " ").map(String.init)
            guard parts.count == 2 || parts.count == 3 else { return nil }
            var ids: [UInt8] = []
            for part in parts {
                let key = Array(part.utf8)
                let id: UInt8
                if let existing = phraseIDs[key] {
                    id = existing
                } else {
                    guard phraseIDs.count < Int(UInt8.max) else { return nil }
                    id = UInt8(phraseIDs.count + 1)
                    phraseIDs[key] = id
                }
                entries[entryIndex(part)].phraseID = id
                ids.append(id)
            }
            let key = ids.count == 2
                ? VADERPhrase.key(ids[0], ids[1])
                : VADERPhrase.key(ids[0], ids[1], ids[2])
            return VADERPhrase(key: key, value: value)
        }

        func build() -> VADERWordTable {
            VADERWordTable(entries: entries, keys: keys, lexiconCount: lexiconCount)
        }
    }

    private init(entries: [Entry], keys: [[UInt8]], lexiconCount: Int) {
        var short: [(Key, Entry)] = []
        var long: [[UInt8]: Entry] = [:]
        for (entry, bytes) in zip(entries, keys) where !bytes.isEmpty {
            if bytes.count > Self.inlineKeyLimit {
                long[bytes] = entry
                continue
            }
            var key = Key(length: bytes.count)
            for (k, byte) in bytes.enumerated() { key.append(byte, at: k) }
            var entry = entry
            entry.length = UInt8(bytes.count)
            entry.key0 = key.word0
            entry.key1 = key.word1
            entry.tag = UInt32(truncatingIfNeeded: key.hash >> 32) | 1
            short.append((key, entry))
        }
        var size = 16
        while size < short.count * 2 { size *= 2 }
        var slots = [Entry](repeating: Entry(), count: size)
        var filter = [UInt64](repeating: 0, count: (Self.filterMask + 1) / 64)
        for (key, entry) in short {
            let bit = Int(truncatingIfNeeded: key.hash >> 16) & Self.filterMask
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
            var slot = Int(truncatingIfNeeded: key.hash) & (size - 1)
            while slots[slot].tag != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = entry
        }
        self.slots = slots
        self.filter = filter
        self.mask = size - 1
        self.longEntries = long
        self.lexiconCount = lexiconCount
    }
}

// MARK: - Emoji table

/// Maps single-code-point emoji to the UTF-8 bytes of their descriptions.
///
/// vaderSentiment replaces emoji one code point at a time, so lexicon entries made of
/// several code points (flags, keycaps, ZWJ sequences) never apply and are not stored.
struct VADEREmojiTable: Sendable {
    private static let empty = UInt32.max

    private let keys: [UInt32]
    /// Start and length of each description in `descriptionBytes`, parallel to `keys`.
    private let ranges: [(start: Int32, length: Int32)]
    private let descriptionBytes: [UInt8]
    private let mask: Int
    /// Smallest stored code point; anything below it is skipped without a probe.
    private let smallest: UInt32
    let count: Int

    init(_ pairs: [(emoji: String, description: String)]) {
        var latest: [UInt32: String] = [:]
        for (emoji, description) in pairs {
            let scalars = emoji.unicodeScalars
            guard scalars.count == 1, let scalar = scalars.first else { continue }
            latest[scalar.value] = description
        }
        var size = 16
        while size < latest.count * 2 { size *= 2 }
        var keys = [UInt32](repeating: Self.empty, count: size)
        var ranges = [(start: Int32, length: Int32)](repeating: (0, 0), count: size)
        var bytes: [UInt8] = []
        for (scalar, description) in latest.sorted(by: { $0.key < $1.key }) {
            var slot = Self.slot(of: scalar, mask: size - 1)
            while keys[slot] != Self.empty { slot = (slot + 1) & (size - 1) }
            keys[slot] = scalar
            ranges[slot] = (Int32(bytes.count), Int32(description.utf8.count))
            bytes.append(contentsOf: description.utf8)
        }
        self.keys = keys
        self.ranges = ranges
        self.descriptionBytes = bytes
        self.mask = size - 1
        self.smallest = latest.keys.min() ?? Self.empty
        self.count = latest.count
    }

    @inline(__always)
    private static func slot(of scalar: UInt32, mask: Int) -> Int {
        Int(truncatingIfNeeded: (scalar &* 0x9E37_79B1) >> 16) & mask
    }

    @inline(__always)
    private func find(_ scalar: UInt32) -> Int? {
        guard scalar >= smallest else { return nil }
        var slot = Self.slot(of: scalar, mask: mask)
        while true {
            let key = keys[slot]
            if key == scalar { return slot }
            if key == Self.empty { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// Whether `scalar` is replaced by a description.
    @inline(__always)
    func contains(_ scalar: UInt32) -> Bool {
        find(scalar) != nil
    }

    /// Whether some emoji entry is an ASCII character (never, in the shipped lexicon).
    var hasASCII: Bool { smallest < 0x80 }

    /// The text with every emoji replaced by its description.
    ///
    /// A description is preceded by a space unless the output so far ends in one (or is
    /// empty); nothing is added after it, exactly as vaderSentiment does.
    func replacingEmoji(in text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count + 64)
        var afterSpace = true
        var i = 0
        descriptionBytes.withUnsafeBufferPointer { descriptions in
            while i < text.count {
                let (scalar, width) = VADERText.decode(text, at: i)
                if let slot = find(scalar) {
                    if !afterSpace { output.append(0x20) }
                    let range = ranges[slot]
                    output.append(
                        contentsOf: UnsafeBufferPointer(
                            rebasing: descriptions[Int(range.start)..<Int(range.start + range.length)]))
                    afterSpace = false
                } else {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: text[i..<(i + width)]))
                    afterSpace = scalar == 0x20
                }
                i += width
            }
        }
        return output
    }
}

// MARK: - Lexicon parsing

/// Reads vaderSentiment's lexicon file formats.
enum VADERLexiconParser {
    /// `(word, valence)` for every well-formed line, in file order.
    static func valences(in text: String) -> [(String, Double)] {
        var result: [(String, Double)] = []
        result.reserveCapacity(8192)
        for fields in tabSeparatedLines(text) {
            let measure = String(VADERText.trimmingPythonWhitespace(fields[1]))
            guard let valence = Double(measure), valence.isFinite else { continue }
            result.append((String(fields[0]), valence))
        }
        return result
    }

    /// `(emoji, description)` for every well-formed line, in file order.
    static func emojiDescriptions(in text: String) -> [(emoji: String, description: String)] {
        tabSeparatedLines(text).map { (String($0[0]), String($0[1])) }
    }

    /// Lines split on tabs after trimming whitespace; lines with fewer than two fields or an
    /// empty first field are left out.
    private static func tabSeparatedLines(_ text: String) -> [[Substring.UnicodeScalarView]] {
        var lines: [[Substring.UnicodeScalarView]] = []
        for line in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = VADERText.trimmingPythonWhitespace(line)
            let fields = trimmed.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count >= 2, !fields[0].isEmpty else { continue }
            lines.append(Array(fields.prefix(2)))
        }
        return lines
    }
}

// MARK: - Text helpers

/// Byte- and scalar-level helpers that follow Python's `str` semantics.
enum VADERText {
    /// Python's `str.isspace()` for an ASCII byte: tab to carriage return, 0x1C–0x1F, space.
    @inline(__always)
    static func isASCIIWhitespace(_ b: UInt8) -> Bool {
        b <= 0x20 && (0x1_F000_3E00 as UInt64) >> UInt64(b) & 1 != 0
    }

    /// Python's `str.isspace()` for any code point (Unicode 14, as in Python 3.11).
    @inline(__always)
    static func isPythonWhitespace(_ value: UInt32) -> Bool {
        if value < 0x80 { return isASCIIWhitespace(UInt8(value)) }
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        isPythonWhitespace(scalar.value)
    }

    static func trimmingPythonWhitespace(_ s: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        var s = s
        while let first = s.first, isPythonWhitespace(first) { s.removeFirst() }
        while let last = s.last, isPythonWhitespace(last) { s.removeLast() }
        return s
    }

    /// Python's `string.punctuation`: the 32 ASCII punctuation characters.
    @inline(__always)
    static func isASCIIPunctuation(_ b: UInt8) -> Bool {
        b &- 0x21 < 15 || b &- 0x3A < 7 || b &- 0x5B < 6 || b &- 0x7B < 4
    }

    /// Decodes the scalar starting at `i`; malformed bytes decode as themselves, width 1.
    @inline(__always)
    static func decode(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(text[i])
        let n = text.count
        if b0 < 0x80 { return (b0, 1) }
        if b0 >= 0xC0 && b0 < 0xE0 && i + 1 < n {
            return ((b0 & 0x1F) << 6 | UInt32(text[i + 1] & 0x3F), 2)
        }
        if b0 >= 0xE0 && b0 < 0xF0 && i + 2 < n {
            return ((b0 & 0x0F) << 12 | UInt32(text[i + 1] & 0x3F) << 6 | UInt32(text[i + 2] & 0x3F), 3)
        }
        if b0 >= 0xF0 && i + 3 < n {
            let value = (b0 & 0x07) << 18 | UInt32(text[i + 1] & 0x3F) << 12
                | UInt32(text[i + 2] & 0x3F) << 6 | UInt32(text[i + 3] & 0x3F)
            return (value, 4)
        }
        return (b0, 1)
    }

    /// Python's `str.isupper()`: at least one cased character and none lower- or titlecase.
    static func isUppercase(_ scalars: [Unicode.Scalar]) -> Bool {
        var cased = false
        for scalar in scalars {
            let properties = scalar.properties
            if properties.isLowercase || properties.generalCategory == .titlecaseLetter { return false }
            if properties.isUppercase { cased = true }
        }
        return cased
    }

    /// UTF-8 of Python's `str.lower()`, including the final-sigma rule.
    static func lowercasedUTF8(_ scalars: [Unicode.Scalar]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 2)
        for (i, scalar) in scalars.enumerated() {
            if scalar.isASCII {
                let b = UInt8(scalar.value)
                bytes.append(b &- 0x41 < 26 ? b | 0x20 : b)
            } else if scalar.value == 0x3A3 {
                let final: Unicode.Scalar = isFinalSigma(scalars, i) ? "\u{3C2}" : "\u{3C3}"
                bytes.append(contentsOf: String(final).utf8)
            } else if scalar.properties.changesWhenLowercased {
                bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            } else {
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        return bytes
    }

    /// Whether the capital sigma at `i` ends a word (cased letter before, none after).
    private static func isFinalSigma(_ scalars: [Unicode.Scalar], _ i: Int) -> Bool {
        var j = i - 1
        while j >= 0 && scalars[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0 && scalars[j].properties.isCased else { return false }
        j = i + 1
        while j < scalars.count && scalars[j].properties.isCaseIgnorable { j += 1 }
        return j == scalars.count || !scalars[j].properties.isCased
    }

    static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x0101_0101_0101_0101

    /// Up to 16 bytes from `p` as two little-endian words, zero beyond `count`.
    ///
    /// Reads whole words when `readable` bytes allow it and masks off the excess.
    @inline(__always)
    static func load16(_ p: UnsafePointer<UInt8>, count: Int, readable: Int) -> (UInt64, UInt64) {
        @inline(__always)
        func load8(_ q: UnsafePointer<UInt8>, _ n: Int, _ readable: Int) -> UInt64 {
            if n <= 0 { return 0 }
            if readable >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(q).loadUnaligned(as: UInt64.self))
                return n >= 8 ? word : word & ((1 << UInt64(n &* 8)) &- 1)
            }
            var word: UInt64 = 0
            for k in 0..<min(n, 8) { word |= UInt64(q[k]) << UInt64(k &* 8) }
            return word
        }
        return (load8(p, count, readable), load8(p + 8, count &- 8, readable &- 8))
    }

    /// High bit set in each byte of `x` (all ASCII) that lies in `low...high`.
    @inline(__always)
    static func bytesInRange(_ x: UInt64, _ low: UInt8, _ high: UInt8) -> UInt64 {
        // For bytes below 0x80 neither addition carries into the next byte.
        let atLeastLow = x &+ lowBits &* UInt64(0x80 &- low)
        let aboveHigh = x &+ lowBits &* UInt64(0x7F &- high)
        return atLeastLow & ~aboveHigh & highBits
    }

    /// High bit set in each byte of `x` (all ASCII) that equals `byte`.
    @inline(__always)
    static func bytesEqual(_ x: UInt64, _ byte: UInt8) -> UInt64 {
        let diff = x ^ (lowBits &* UInt64(byte))
        return ~((diff & ~highBits) &+ ~highBits | diff) & highBits
    }

    /// Whether the lower-cased key bytes contain "n't".
    static func containsContraction(_ key: VADERWordTable.Key) -> Bool {
        guard key.length >= 3 else { return false }
        func byte(_ k: Int) -> UInt8 {
            UInt8(truncatingIfNeeded: (k < 8 ? key.word0 >> UInt64(k * 8) : key.word1 >> UInt64((k - 8) * 8)))
        }
        for k in 2..<key.length where byte(k) == 0x74 && byte(k - 1) == 0x27 && byte(k - 2) == 0x6E {
            return true
        }
        return false
    }

    /// Whether the (lower-cased) bytes contain "n't".
    static func containsContraction(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 3 else { return false }
        for k in 2..<bytes.count where bytes[k] == 0x74 && bytes[k - 1] == 0x27 && bytes[k - 2] == 0x6E {
            return true
        }
        return false
    }

    /// Sums the word valences into the rounded scores.
    static func summarise(_ sentiments: UnsafeBufferPointer<Double>, emphasis: Double) -> VADERScores {
        var total = 0.0
        var positive = 0.0
        var negative = 0.0
        var neutralCount = 0
        for value in sentiments {
            total += value
            if value > 0 {
                positive += value + 1  // + 1 weighs a sentiment word against neutral ones
            } else if value < 0 {
                negative += value - 1
            } else {
                neutralCount += 1
            }
        }
        if total > 0 {
            total += emphasis
        } else if total < 0 {
            total -= emphasis
        }
        var compound = total / (total * total + VADERRules.normalisationAlpha).squareRoot()
        compound = min(max(compound, -1), 1)

        if positive > abs(negative) {
            positive += emphasis
        } else if positive < abs(negative) {
            negative -= emphasis
        }
        let mass = positive + abs(negative) + Double(neutralCount)
        return VADERScores(
            neg: pythonRound(abs(negative / mass), scale: 1000),
            neu: pythonRound(abs(Double(neutralCount) / mass), scale: 1000),
            pos: pythonRound(abs(positive / mass), scale: 1000),
            compound: pythonRound(compound, scale: 10000)
        )
    }

    /// Python's `round(x, n)` for `scale` = 10ⁿ: round the exact binary value to n decimals,
    /// ties to even, then take the nearest double.
    @inline(__always)
    static func pythonRound(_ x: Double, scale: Double) -> Double {
        let magnitude = abs(x)
        let scaled = magnitude * scale
        guard scaled.isFinite, scaled < 0x1p52 else { return x }
        // scaled + error == magnitude * scale exactly.
        let error = (-scaled).addingProduct(magnitude, scale)
        let floor = scaled.rounded(.down)
        // Exact: both subtractions stay within a factor of two (or the result is far from 0).
        let distance = (scaled - floor) - 0.5
        var digits = floor
        if distance > 0 || (distance == 0 && error > 0) {
            digits += 1
        } else if distance == 0 && error == 0 && floor.truncatingRemainder(dividingBy: 2) != 0 {
            digits += 1
        }
        let rounded = digits / scale
        return x.sign == .minus ? -rounded : rounded
    }
}
