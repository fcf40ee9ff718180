import TaskFlowPluginAPI

/// YAKE (Campos et al., *Information Sciences* 2020), written for TaskFlow from the paper: the
/// keyphrases of one text, most relevant (lowest score) first.
///
/// Candidates are the 1- to `n`-grams of words between punctuation marks that neither start nor
/// end with a stop word and hold no number or unusual token; each term gets the weight of the
/// paper's five features (`YAKETerm`), each candidate the n-gram score (`YAKECandidate`). The
/// candidates are sorted by score (ties keep the order of first occurrence) and taken in turn,
/// skipping any whose text is more than `dedup` alike (`YAKESimilarity`) to one already taken,
/// until there are `top`.
struct YAKEExtractor: Sendable {
    var n = 3
    var top = 10
    /// De-duplication threshold; 1 or more keeps near-duplicates.
    var dedup = 0.9
    var window = 1
    var stopwords: Set<String> = YAKEStopwords.english

    func keyphrases(_ text: String) -> [Keyphrase] {
        var document = YAKEDocument(text, n: n, window: window, stopwords: stopwords)
        document.weighTerms()
        let terms = document.terms
        var scored: [(score: Double, index: Int)] = []
        for (i, c) in document.candidates.enumerated() where c.isValid(terms) {
            // With n > 3, stop words inside a phrase can push the sum to −1 or below; such a
            // score means nothing and is left out.
            let score = c.score(terms)
            if score.isFinite { scored.append((score, i)) }
        }
        scored.sort { $0.score != $1.score ? $0.score < $1.score : $0.index < $1.index }
        var chosen: [Keyphrase] = []
        var chosenKeys: [[Unicode.Scalar]] = []
        for (score, i) in scored {
            if chosen.count >= top { break }
            let candidate = document.candidates[i]
            let key = Array(candidate.key.unicodeScalars)
            if dedup < 1, chosenKeys.contains(where: { YAKESimilarity.exceeds(key, $0, threshold: dedup) }) { continue }
            chosen.append(Keyphrase(text: candidate.surface, score: score))
            chosenKeys.append(key)
        }
        return chosen
    }
}
