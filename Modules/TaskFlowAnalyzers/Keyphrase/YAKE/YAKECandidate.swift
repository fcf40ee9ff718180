/// A candidate keyphrase: one to `n` consecutive terms of a sentence with no punctuation between
/// them, identified by its lower-case text (`YAKEDocument.key(_:)`).
struct YAKECandidate: Sendable {
    /// Where its first occurrence lies among the document's words: `start ..< start + length`.
    let start: Int
    let length: Int
    /// Occurrences.
    var frequency = 0
    /// Whether some occurrence has no digit or unusual token.
    var hasCleanOccurrence = false

    init(start: Int, length: Int) {
        self.start = start
        self.length = length
    }

    /// Whether it can be a keyphrase: it neither starts nor ends with a stop word, and some
    /// occurrence has no digit or unusual token.
    func isValid(_ allTerms: [YAKETerm], _ words: [YAKEDocument.Word]) -> Bool {
        guard hasCleanOccurrence, length > 0 else { return false }
        return !allTerms[words[start].term].isStopword && !allTerms[words[start + length - 1].term].isStopword
    }

    /// The paper's n-gram score `S(kw) = Π H(t) / (TF(kw) · (1 + Σ H(t)))` over its terms.
    ///
    /// A stop word inside the phrase adds no weight of its own: with `p` the probability of the
    /// bigrams around it (`count(prev → stop) / TF(prev) · count(stop → next) / TF(next)`), it
    /// multiplies the product by `2 − p` and takes `1 − p` from the sum, so stop words that
    /// usually join these neighbours cost little.
    func score(_ allTerms: [YAKETerm], _ words: [YAKEDocument.Word]) -> Double {
        var product = 1.0
        var sum = 0.0
        for i in 0..<length {
            // Fields read in place: copying a term would retain its tables.
            let index = words[start + i].term
            if !allTerms[index].isStopword {
                let weight = allTerms[index].weight
                product *= weight
                sum += weight
                continue
            }
            // Valid candidates never start or end with a stop word.
            guard i > 0, i + 1 < length else { continue }
            let before = words[start + i - 1].term
            let after = words[start + i + 1].term
            let toStop = Double(allTerms[before].right[index] ?? 0) / Double(allTerms[before].frequency)
            let fromStop = Double(allTerms[index].right[after] ?? 0) / Double(allTerms[after].frequency)
            let probability = toStop * fromStop
            product *= 1 + (1 - probability)
            sum -= 1 - probability
        }
        return product / ((sum + 1) * Double(frequency))
    }
}
