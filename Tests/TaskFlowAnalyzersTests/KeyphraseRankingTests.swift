import Testing

@testable import TaskFlowAnalyzers

/// Cosine ranking and Maximal Marginal Relevance on small hand-made vectors.
@Suite struct KeyphraseRankingTests {
    let document: [Float] = [1, 0, 0]
    /// 0: closest to the document; 1: nearly the same as 0; 2: less close, in another direction;
    /// 3: far from the document.
    let candidates: [[Float]] = [[1, 0.1, 0], [1, 0.12, 0], [0.6, 0, 0.8], [0, 1, 0]]

    @Test func cosineOfVectors() {
        #expect(abs(KeyphraseRanking.cosine([1, 0], [1, 0]) - 1) < 1e-12)
        #expect(abs(KeyphraseRanking.cosine([1, 0], [0, 3])) < 1e-12)
        #expect(abs(KeyphraseRanking.cosine([1, 1], [-2, -2]) + 1) < 1e-12)
        #expect(abs(KeyphraseRanking.cosine([3, 4], [6, 8]) - 1) < 1e-12)
        #expect(KeyphraseRanking.cosine([0, 0], [1, 2]) == 0)
    }

    @Test func diversityZeroIsPlainCosineOrder() {
        let picks = KeyphraseRanking.rank(document: document, candidates: candidates, top: 4, diversity: 0)
        #expect(picks.map(\.index) == [0, 1, 2, 3])
        #expect(picks.map(\.cosine) == candidates.map { KeyphraseRanking.cosine($0, document) })
        #expect(KeyphraseRanking.rank(document: document, candidates: candidates, top: 2, diversity: 0).map(\.index) == [0, 1])
    }

    @Test func tiesKeepCandidateOrder() {
        let same: [[Float]] = [[0, 1], [1, 0], [0, 2], [2, 0]]
        #expect(KeyphraseRanking.rank(document: [1, 0], candidates: same, top: 4, diversity: 0).map(\.index) == [1, 3, 0, 2])
    }

    @Test func fullDiversityPicksWhatIsUnlikeThePicks() {
        // After the closest (0), its near-duplicate (1) is the least welcome.
        let picks = KeyphraseRanking.rank(document: document, candidates: candidates, top: 2, diversity: 1)
        #expect(Set(picks.map(\.index)) == [0, 3])
        // Listed by cosine to the document, highest first, whatever order MMR picked them in.
        #expect(picks.map(\.index) == [0, 3])
        #expect(picks[0].cosine >= picks[1].cosine)
    }

    @Test func someDiversityTradesRelevanceForNovelty() {
        // λ = 0.5: the near-duplicate scores 0.5·0.993 − 0.5·1.000 ≈ −0.003; candidate 2 scores
        // 0.5·0.6 − 0.5·0.597 > 0, and candidate 3 scores 0 − 0.5·0.0995 < 0.
        let picks = KeyphraseRanking.rank(document: document, candidates: candidates, top: 2, diversity: 0.5)
        #expect(picks.map(\.index) == [0, 2])
    }

    @Test func asManyAsThereAreWhenTopIsLarger() {
        for diversity in [0.0, 0.3, 1.0] {
            let picks = KeyphraseRanking.rank(document: document, candidates: candidates, top: 10, diversity: diversity)
            #expect(Set(picks.map(\.index)) == [0, 1, 2, 3])
            #expect(picks.map(\.cosine) == picks.map(\.cosine).sorted(by: >))
        }
        #expect(KeyphraseRanking.rank(document: document, candidates: [], top: 3, diversity: 0.5).isEmpty)
    }
}
