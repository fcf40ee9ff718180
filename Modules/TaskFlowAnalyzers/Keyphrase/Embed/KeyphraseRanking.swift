/// Ranks candidate phrases against their document by cosine similarity of embeddings, with
/// optional diversity by Maximal Marginal Relevance (Carbonell & Goldstein, SIGIR 1998), the
/// way KeyBERT re-ranks keyphrases.
///
/// With diversity `λ` the first pick is the candidate closest to the document; each next one
/// maximises `(1 − λ) · cos(candidate, document) − λ · max cos(candidate, picked)`. `λ = 0` is
/// plain cosine ranking; `λ = 1` ignores the document after the first pick and takes whatever
/// is least like what was picked. The picks are returned by cosine to the document, highest
/// first (ties: candidate order), so MMR decides *which* phrases, never their order.
enum KeyphraseRanking {
    /// One chosen candidate: its index among the candidates and its cosine to the document.
    struct Pick: Sendable, Hashable {
        let index: Int
        let cosine: Double
    }

    /// The cosine similarity of two vectors of the same length; 0 when either is all zeros.
    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        let n = min(a.count, b.count)
        var dot = 0.0
        var na = 0.0
        var nb = 0.0
        for i in 0..<n {
            let x = Double(a[i])
            let y = Double(b[i])
            dot += x * y
            na += x * x
            nb += y * y
        }
        guard na > 0, nb > 0 else { return 0 }
        return dot / (na.squareRoot() * nb.squareRoot())
    }

    /// The `top` candidates for `document`, highest cosine first.
    ///
    /// - Parameter diversity: MMR's `λ`, 0 to 1 (0: plain cosine ranking).
    static func rank(document: [Float], candidates: [[Float]], top: Int, diversity: Double) -> [Pick] {
        guard top > 0, !candidates.isEmpty else { return [] }
        let relevance = candidates.map { cosine($0, document) }
        var picked: [Int]
        if diversity <= 0 || top == 1 {
            picked = Array(candidates.indices.sorted { relevance[$0] != relevance[$1] ? relevance[$0] > relevance[$1] : $0 < $1 }.prefix(top))
        } else {
            picked = []
            var available = Array(candidates.indices)
            // Per candidate, its highest cosine to anything picked so far.
            var closestPicked = [Double](repeating: -.infinity, count: candidates.count)
            while picked.count < top, !available.isEmpty {
                var best = 0
                var bestScore = -Double.infinity
                for (k, c) in available.enumerated() {
                    let score = picked.isEmpty ? relevance[c] : (1 - diversity) * relevance[c] - diversity * closestPicked[c]
                    if score > bestScore {
                        best = k
                        bestScore = score
                    }
                }
                let chosen = available.remove(at: best)
                picked.append(chosen)
                for c in available { closestPicked[c] = max(closestPicked[c], cosine(candidates[c], candidates[chosen])) }
            }
            picked.sort { relevance[$0] != relevance[$1] ? relevance[$0] > relevance[$1] : $0 < $1 }
        }
        return picked.map { Pick(index: $0, cosine: relevance[$0]) }
    }
}
