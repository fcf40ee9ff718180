/// A candidate keyphrase: one to `n` consecutive terms of a sentence with no punctuation between
/// them, identified by its lower-case text.
struct YAKECandidate: Sendable {
    /// The text as first written in the document.
    let surface: String
    /// The lower-case text: the candidate's identity and what de-duplication compares.
    let key: String
    /// Its terms' indices, in order.
    let terms: [Int]
    /// Occurrences.
    var frequency = 0
    /// Whether some occurrence has no digit or unusual token.
    var hasCleanOccurrence = false

    init(surface: String, key: String, terms: [Int]) {
        self.surface = surface
        self.key = key
        self.terms = terms
    }

    /// Whether it can be a keyphrase: it neither starts nor ends with a stop word, and some
    /// occurrence has no digit or unusual token.
    func isValid(_ allTerms: [YAKETerm]) -> Bool {
        guard hasCleanOccurrence, let first = terms.first, let last = terms.last else { return false }
        return !allTerms[first].isStopword && !allTerms[last].isStopword
    }

    /// The paper's n-gram score `S(kw) = Π H(t) / (TF(kw) · (1 + Σ H(t)))` over its terms.
    ///
    /// A stop word inside the phrase adds no weight of its own: with `p` the probability of the
    /// bigrams around it (`count(prev → stop) / TF(prev) · count(stop → next) / TF(next)`), it
    /// multiplies the product by `2 − p` and takes `1 − p` from the sum, so stop words that
    /// usually join these neighbours cost little.
    func score(_ allTerms: [YAKETerm]) -> Double {
        var product = 1.0
        var sum = 0.0
        for (i, index) in terms.enumerated() {
            let term = allTerms[index]
            if !term.isStopword {
                product *= term.weight
                sum += term.weight
                continue
            }
            // Valid candidates never start or end with a stop word.
            guard i > 0, i + 1 < terms.count else { continue }
            let before = allTerms[terms[i - 1]]
            let after = allTerms[terms[i + 1]]
            let toStop = Double(before.right[index] ?? 0) / Double(before.frequency)
            let fromStop = Double(term.right[terms[i + 1]] ?? 0) / Double(after.frequency)
            let probability = toStop * fromStop
            product *= 1 + (1 - probability)
            sum -= 1 - probability
        }
        return product / ((sum + 1) * Double(frequency))
    }
}
