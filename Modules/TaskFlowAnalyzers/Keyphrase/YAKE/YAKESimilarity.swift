/// How alike two candidates' texts are, for YAKE's de-duplication: the `seqm` measure,
/// `1 − Levenshtein distance / length of the longer`, over Unicode scalars.
enum YAKESimilarity {
    /// Whether `a` and `b` are more alike than `threshold`.
    ///
    /// The length difference bounds the distance from below, so texts of very different
    /// lengths are told apart without computing it.
    static func exceeds(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], threshold: Double) -> Bool {
        let longer = max(a.count, b.count)
        guard longer > 0 else { return 1 > threshold }
        let bound = 1 - Double(abs(a.count - b.count)) / Double(longer)
        guard bound > threshold else { return false }
        return 1 - Double(distance(a, b)) / Double(longer) > threshold
    }

    /// The Levenshtein distance (insertions, deletions and substitutions cost 1).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
