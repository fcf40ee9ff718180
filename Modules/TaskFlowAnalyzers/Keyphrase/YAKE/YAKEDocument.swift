/// The statistics YAKE gathers from one text in a single pass: its terms with their
/// occurrences and co-occurrences, and its candidate n-grams in order of first occurrence.
struct YAKEDocument: Sendable {
    private(set) var terms: [YAKETerm] = []
    private(set) var candidates: [YAKECandidate] = []
    private(set) var sentenceCount = 0

    /// Every word occurrence, in order (punctuation left out): candidates point into it.
    private(set) var words: [Word] = []

    private var termIndex: [String: Int] = [:]
    /// The candidates as a trie read from a phrase's last word backwards: the candidate that
    /// extends candidate `c` (or the root, `UInt32.max`) with the word `w` before it is
    /// `candidateTrie[c << 32 | w]`, `w` being the word's term and whether a final `s` was
    /// dropped to reach it (which gives back its lower-case text). Integer keys: no phrase
    /// text is built or hashed to count an occurrence.
    private var candidateTrie: [UInt64: Int] = [:]

    /// One word occurrence.
    struct Word {
        /// The token as written; its text is made only for a chosen candidate.
        let token: ArraySlice<Unicode.Scalar>
        let lower: String
        let tag: YAKETermTag
        let term: Int
        /// `term · 2 + (1 if a final s was dropped)`: the lower-case word's identity.
        let identity: Int
    }

    /// Reads `text`: n-grams of up to `n` words, co-occurrences within `window` words.
    init(_ text: String, n: Int, window: Int, stopwords: Set<String>) {
        let scalars = Array(text.unicodeScalars)
        let sentences = YAKETokenizer.sentences(scalars)
        sentenceCount = sentences.count
        // The current run of words between punctuation marks: where it starts in `words`.
        var blockStart = 0
        for (sentenceNumber, range) in sentences.enumerated() {
            blockStart = words.count
            for (position, token) in YAKETokenizer.tokens(scalars[range]).enumerated() {
                if token.allSatisfy(YAKECharacters.isPunctuation) {
                    blockStart = words.count
                    continue
                }
                let lower = YAKECharacters.lowercased(token)
                let tag = YAKETermTag(token, position: position)
                let (t, dropped) = term(lower, token: token, stopwords: stopwords)
                terms[t].frequency += 1
                if tag == .acronym { terms[t].acronymCount += 1 }
                if tag == .properNoun { terms[t].properNounCount += 1 }
                if terms[t].sentences.last != sentenceNumber { terms[t].sentences.append(sentenceNumber) }
                if !tag.isDiscarded {
                    for previous in words[max(blockStart, words.count - window)...] where !previous.tag.isDiscarded {
                        terms[previous.term].right[t, default: 0] += 1
                        terms[t].left[previous.term, default: 0] += 1
                    }
                }
                words.append(Word(token: token, lower: lower, tag: tag, term: t, identity: t * 2 + (dropped ? 1 : 0)))
                addCandidates(blockStart: blockStart, n: n)
            }
        }
    }

    /// The term for the lower-case word `lower` (of `token`), created on first sight, and
    /// whether a final `s` was dropped to reach it.
    private mutating func term(_ lower: String, token: ArraySlice<Unicode.Scalar>, stopwords: Set<String>) -> (Int, Bool) {
        let key: String
        let dropped: Bool
        if token.allSatisfy(\.isASCII) {
            // ASCII: one scalar per byte, the same length as the token.
            dropped = token.count > 3 && lower.utf8.last == UInt8(ascii: "s")
            key = dropped ? String(lower.dropLast()) : lower
        } else {
            var k = lower
            dropped = lower.unicodeScalars.count > 3 && lower.unicodeScalars.last == "s"
            if dropped { k.unicodeScalars.removeLast() }
            key = k
        }
        if let i = termIndex[key] { return (i, dropped) }
        let letters = key.unicodeScalars.lazy.filter { !YAKECharacters.isPunctuation($0) }.count
        let stop = stopwords.contains(lower) || stopwords.contains(key) || letters < 3
        terms.append(YAKETerm(key: key, isStopword: stop))
        termIndex[key] = terms.count - 1
        return (terms.count - 1, dropped)
    }

    /// Counts the 1- to `n`-grams that end with the last word (and start at or after
    /// `blockStart`), shortest first; a new one points at this, its first occurrence.
    private mutating func addCandidates(blockStart: Int, n: Int) {
        var clean = true
        var node = UInt64(UInt32.max)
        let end = words.count
        for length in 1...min(n, end - blockStart) {
            let word = words[end - length]
            clean = clean && !word.tag.isDiscarded
            let edge = node << 32 | UInt64(word.identity)
            let c: Int
            if let existing = candidateTrie[edge] {
                c = existing
            } else {
                candidates.append(YAKECandidate(start: end - length, length: length))
                c = candidates.count - 1
                candidateTrie[edge] = c
            }
            candidates[c].frequency += 1
            if clean { candidates[c].hasCleanOccurrence = true }
            node = UInt64(c)
        }
    }

    /// The candidate's text as first written: its words joined by a space.
    func surface(_ c: YAKECandidate) -> String {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(c.length * 8)
        for i in c.start..<(c.start + c.length) {
            if i > c.start { scalars.append(" ") }
            scalars.append(contentsOf: words[i].token)
        }
        return YAKECharacters.string(scalars[...])
    }

    /// The candidate's identity: its lower-case words joined by a space.
    func key(_ c: YAKECandidate) -> String {
        var count = c.length - 1
        for i in c.start..<(c.start + c.length) { count += words[i].lower.utf8.count }
        return String(unsafeUninitializedCapacity: count) { bytes in
            var k = 0
            for i in c.start..<(c.start + c.length) {
                if i > c.start {
                    bytes[k] = UInt8(ascii: " ")
                    k += 1
                }
                for b in words[i].lower.utf8 {
                    bytes[k] = b
                    k += 1
                }
            }
            return k
        }
    }

    /// Sets every term's weight from the document's statistics.
    mutating func weighTerms() {
        guard !terms.isEmpty else { return }
        let frequencies = terms.filter { !$0.isStopword }.map { Double($0.frequency) }
        var meanPlusDeviation = 0.0
        if !frequencies.isEmpty {
            let mean = frequencies.reduce(0, +) / Double(frequencies.count)
            let variance = frequencies.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(frequencies.count)
            meanPlusDeviation = mean + variance.squareRoot()
        }
        let maximumFrequency = terms.map(\.frequency).max() ?? 1
        for i in terms.indices {
            terms[i].weight = terms[i].computedWeight(
                meanPlusDeviation: meanPlusDeviation, maximumFrequency: maximumFrequency,
                sentenceCount: sentenceCount)
        }
    }
}
