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
        ranked(text).map { Keyphrase(text: $0.surface, score: $0.score) }
    }

    /// The chosen candidates of `text`, most relevant first: what `keyphrases` returns, with
    /// each one's lower-case key (what other rankers, `keyphrase.embed`, work from).
    func ranked(_ text: String) -> [YAKERankedCandidate] {
        var document = YAKEDocument(text, n: n, window: window, stopwords: stopwords)
        document.weighTerms()
        let terms = document.terms
        let words = document.words
        var scored: [(score: Double, index: Int)] = []
        for (i, c) in document.candidates.enumerated() where c.isValid(terms, words) {
            // With n > 3, stop words inside a phrase can push the sum to −1 or below; such a
            // score means nothing and is left out.
            let score = c.score(terms, words)
            if score.isFinite { scored.append((score, i)) }
        }
        scored.sort { $0.score != $1.score ? $0.score < $1.score : $0.index < $1.index }
        var chosen: [YAKERankedCandidate] = []
        var chosenKeys: [[Unicode.Scalar]] = []
        for (score, i) in scored {
            if chosen.count >= top { break }
            let candidate = document.candidates[i]
            let text = document.key(candidate)
            let key = Array(text.unicodeScalars)
            if dedup < 1, chosenKeys.contains(where: { YAKESimilarity.exceeds(key, $0, threshold: dedup) }) { continue }
            chosen.append(YAKERankedCandidate(surface: document.surface(candidate), key: text, score: score))
            chosenKeys.append(key)
        }
        return chosen
    }
}

/// One keyphrase YAKE chose: its text as first written, its lower-case key, its YAKE score.
struct YAKERankedCandidate: Sendable, Hashable {
    let surface: String
    let key: String
    let score: Double
}
