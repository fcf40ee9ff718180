/// How well predicted labels match the true ones: accuracy, macro-F1 and per-label precision,
/// recall and F1 — the figures `tf train` prints for the dev data.
public struct ClassificationMetrics: Sendable, Equatable, Codable {
    public struct PerLabel: Sendable, Equatable, Codable {
        public var label: String
        public var precision: Double
        public var recall: Double
        public var f1: Double
        /// True instances of the label.
        public var support: Int
    }

    /// Single-label: share of records whose label is right. Multi-label: share whose whole
    /// label set is right (exact match).
    public var accuracy: Double
    /// The mean of the per-label F1 scores (labels without support or predictions count as 0).
    public var macroF1: Double
    public var perLabel: [PerLabel]
    public var records: Int

    /// Single-label metrics from true and predicted label indexes.
    public init(truth: [Int], predicted: [Int], labels: [String]) {
        let k = labels.count
        var tp = [Int](repeating: 0, count: k)
        var fp = tp
        var fn = tp
        var right = 0
        for (t, p) in zip(truth, predicted) {
            if t == p {
                right += 1
                tp[t] += 1
            } else {
                fp[p] += 1
                fn[t] += 1
            }
        }
        self.init(tp: tp, fp: fp, fn: fn, exact: right, records: truth.count, labels: labels)
    }

    /// Multi-label metrics from true and predicted label sets (`[n][k]`, row-major).
    public init(truth: [Bool], predicted: [Bool], labels: [String]) {
        let k = labels.count
        let n = k == 0 ? 0 : truth.count / k
        var tp = [Int](repeating: 0, count: k)
        var fp = tp
        var fn = tp
        var exact = 0
        for r in 0..<n {
            var same = true
            for j in 0..<k {
                let t = truth[r * k + j]
                let p = predicted[r * k + j]
                if t && p { tp[j] += 1 } else if p { fp[j] += 1 } else if t { fn[j] += 1 }
                if t != p { same = false }
            }
            if same { exact += 1 }
        }
        self.init(tp: tp, fp: fp, fn: fn, exact: exact, records: n, labels: labels)
    }

    private init(tp: [Int], fp: [Int], fn: [Int], exact: Int, records: Int, labels: [String]) {
        perLabel = labels.indices.map { j in
            let p = tp[j] + fp[j] > 0 ? Double(tp[j]) / Double(tp[j] + fp[j]) : 0
            let r = tp[j] + fn[j] > 0 ? Double(tp[j]) / Double(tp[j] + fn[j]) : 0
            return PerLabel(label: labels[j], precision: p, recall: r, f1: p + r > 0 ? 2 * p * r / (p + r) : 0, support: tp[j] + fn[j])
        }
        macroF1 = perLabel.isEmpty ? 0 : perLabel.reduce(0) { $0 + $1.f1 } / Double(perLabel.count)
        accuracy = records > 0 ? Double(exact) / Double(records) : 0
        self.records = records
    }
}
