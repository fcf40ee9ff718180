import Foundation

/// The most probable valid IOB2 tag sequence for a sentence (Viterbi): a tagger's per-word
/// probabilities are otherwise read one word at a time, which lets an `I-X` follow `O` or
/// another type and yields entities no annotation could have.
///
/// Valid: `I-X` only after `B-X` or `I-X`; every other tag (`B-X`, `O`, tags without a prefix)
/// may follow anything. The path maximises the sum of log-probabilities over the words.
public struct BIOSequence: Sendable {
    /// The tagger's labels, by class index.
    public let labels: [String]
    /// For each label that is `I-X`: the indexes of `B-X` and `I-X` (the tags it may follow);
    /// nil for labels that may follow anything.
    let allowedBefore: [Set<Int>?]

    public init(labels: [String]) {
        self.labels = labels
        allowedBefore = labels.map { label in
            guard label.hasPrefix("I-") else { return nil }
            let type = label.dropFirst(2)
            return Set(labels.indices.filter { labels[$0] == "B-\(type)" || labels[$0] == "I-\(type)" })
        }
    }

    /// The best valid path: one label index per word. Rows shorter than `labels` count the
    /// missing labels as impossible; an empty input gives an empty path.
    public func decode(_ probabilities: [[Float]]) -> [Int] {
        let k = labels.count
        guard !probabilities.isEmpty, k > 0 else { return [] }
        func logp(_ row: [Float], _ j: Int) -> Double {
            j < row.count && row[j] > 0 ? Foundation.log(Double(row[j])) : -1e30
        }
        let impossible = -Double.infinity
        var score = (0..<k).map { j in allowedBefore[j] == nil ? logp(probabilities[0], j) : impossible }
        var back: [[Int]] = [Array(repeating: 0, count: k)]
        back.reserveCapacity(probabilities.count)
        for t in 1..<probabilities.count {
            var next = [Double](repeating: impossible, count: k)
            var from = [Int](repeating: 0, count: k)
            for j in 0..<k {
                var best = impossible
                var arg = 0
                for i in 0..<k where score[i] > best && (allowedBefore[j]?.contains(i) ?? true) {
                    best = score[i]
                    arg = i
                }
                if best > impossible {
                    next[j] = best + logp(probabilities[t], j)
                    from[j] = arg
                }
            }
            score = next
            back.append(from)
        }
        var last = 0
        for j in 1..<k where score[j] > score[last] { last = j }
        var path = [Int](repeating: 0, count: probabilities.count)
        path[path.count - 1] = last
        var t = probabilities.count - 1
        while t > 0 {
            path[t - 1] = back[t][path[t]]
            t -= 1
        }
        return path
    }
}
