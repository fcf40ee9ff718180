import Foundation

/// One distinct term of a document (its lower-case form, a final `s` dropped from words of more
/// than three letters) with the statistics of its occurrences and its YAKE weight.
struct YAKETerm: Sendable {
    /// The lower-case, singularised form that identifies the term.
    let key: String
    /// In the stop-word list (as written or singularised), or fewer than three non-punctuation
    /// scalars long.
    let isStopword: Bool
    /// Occurrences.
    var frequency = 0
    /// Occurrences written as an acronym.
    var acronymCount = 0
    /// Occurrences written as a proper noun.
    var properNounCount = 0
    /// The distinct sentences (0-based, ascending) the term occurs in.
    var sentences: [Int] = []
    /// Co-occurrence counts with the terms just before this one (by term index).
    var left: [Int: Int] = [:]
    /// Co-occurrence counts with the terms just after this one (by term index).
    var right: [Int: Int] = [:]
    /// The term's weight H: lower is more important.
    var weight = 0.0

    init(key: String, isStopword: Bool) {
        self.key = key
        self.isStopword = isStopword
    }

    /// The five features of the paper combined into the weight:
    /// `H = T_Rel · T_Position / (T_Case + T_FNorm / T_Rel + T_Sentence / T_Rel)`.
    ///
    /// - Casing `T_Case = max(TF_acronym, TF_proper) / (1 + ln TF)`.
    /// - Position `T_Position = ln(ln(3 + median of the sentences it occurs in))`.
    /// - Frequency `T_FNorm = TF / (mean TF + standard deviation of TF)` over non-stop-words.
    /// - Relatedness to context `T_Rel = 1 + (WL + WR) · TF / max TF`, where WL (WR) is the
    ///   number of distinct terms seen just before (after) it over the number of such pairs.
    /// - Different sentences `T_Sentence = sentences it occurs in / sentences`.
    func computedWeight(meanPlusDeviation: Double, maximumFrequency: Int, sentenceCount: Int) -> Double {
        let tf = Double(frequency)
        let casing = Double(max(acronymCount, properNounCount)) / (1 + log(tf))
        let position = log(log(3 + median))
        let normalisedFrequency = meanPlusDeviation > 0 ? tf / meanPlusDeviation : 0
        let leftDispersion = YAKETerm.dispersion(left)
        let rightDispersion = YAKETerm.dispersion(right)
        let relatedness = 1 + (leftDispersion + rightDispersion) * tf / Double(maximumFrequency)
        let spread = Double(sentences.count) / Double(max(1, sentenceCount))
        return position * relatedness / (casing + normalisedFrequency / relatedness + spread / relatedness)
    }

    /// The median of `sentences` (the mean of the middle two when their number is even).
    var median: Double {
        guard !sentences.isEmpty else { return 0 }
        let mid = sentences.count / 2
        if sentences.count % 2 == 1 { return Double(sentences[mid]) }
        return Double(sentences[mid - 1] + sentences[mid]) / 2
    }

    /// Distinct neighbours over co-occurrences; 0 without any.
    private static func dispersion(_ edges: [Int: Int]) -> Double {
        guard !edges.isEmpty else { return 0 }
        let total = edges.values.reduce(0, +)
        return Double(edges.count) / Double(total)
    }
}
