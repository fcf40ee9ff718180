/// The statistics YAKE gathers from one text in a single pass: its terms with their
/// occurrences and co-occurrences, and its candidate n-grams in order of first occurrence.
struct YAKEDocument: Sendable {
    private(set) var terms: [YAKETerm] = []
    private(set) var candidates: [YAKECandidate] = []
    private(set) var sentenceCount = 0

    private var termIndex: [String: Int] = [:]
    private var candidateIndex: [String: Int] = [:]

    /// One token of the current run of words between punctuation marks.
    private struct Word {
        let surface: String
        let lower: String
        let tag: YAKETermTag
        let term: Int
    }

    /// Reads `text`: n-grams of up to `n` words, co-occurrences within `window` words.
    init(_ text: String, n: Int, window: Int, stopwords: Set<String>) {
        let scalars = Array(text.unicodeScalars)
        let sentences = YAKETokenizer.sentences(scalars)
        sentenceCount = sentences.count
        for (sentenceNumber, range) in sentences.enumerated() {
            var block: [Word] = []
            for (position, token) in YAKETokenizer.tokens(scalars[range]).enumerated() {
                if token.allSatisfy(YAKECharacters.isPunctuation) {
                    block.removeAll(keepingCapacity: true)
                    continue
                }
                let surface = String(String.UnicodeScalarView(token))
                let lower = surface.lowercased()
                let tag = YAKETermTag(token, position: position)
                let t = term(lower, stopwords: stopwords)
                terms[t].frequency += 1
                if tag == .acronym { terms[t].acronymCount += 1 }
                if tag == .properNoun { terms[t].properNounCount += 1 }
                if terms[t].sentences.last != sentenceNumber { terms[t].sentences.append(sentenceNumber) }
                if !tag.isDiscarded {
                    for previous in block.suffix(window) where !previous.tag.isDiscarded {
                        terms[previous.term].right[t, default: 0] += 1
                        terms[t].left[previous.term, default: 0] += 1
                    }
                }
                block.append(Word(surface: surface, lower: lower, tag: tag, term: t))
                addCandidates(ending: block, n: n)
            }
        }
    }

    /// The term for the lower-case word `lower`, created on first sight.
    private mutating func term(_ lower: String, stopwords: Set<String>) -> Int {
        var key = lower
        let length = lower.unicodeScalars.count
        if length > 3, lower.unicodeScalars.last == "s" { key.unicodeScalars.removeLast() }
        if let i = termIndex[key] { return i }
        let letters = key.unicodeScalars.lazy.filter { !YAKECharacters.isPunctuation($0) }.count
        let stop = stopwords.contains(lower) || stopwords.contains(key) || letters < 3
        terms.append(YAKETerm(key: key, isStopword: stop))
        termIndex[key] = terms.count - 1
        return terms.count - 1
    }

    /// Counts the 1- to `n`-grams that end with the block's last word, shortest first.
    private mutating func addCandidates(ending block: [Word], n: Int) {
        var surface = ""
        var key = ""
        var clean = true
        var termIndices: [Int] = []
        for length in 1...min(n, block.count) {
            let word = block[block.count - length]
            surface = length == 1 ? word.surface : word.surface + " " + surface
            key = length == 1 ? word.lower : word.lower + " " + key
            clean = clean && !word.tag.isDiscarded
            termIndices.insert(word.term, at: 0)
            let c: Int
            if let existing = candidateIndex[key] {
                c = existing
            } else {
                candidates.append(YAKECandidate(surface: surface, key: key, terms: termIndices))
                c = candidates.count - 1
                candidateIndex[key] = c
            }
            candidates[c].frequency += 1
            if clean { candidates[c].hasCleanOccurrence = true }
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
