import CBLAS
import Foundation

/// A classification head over fixed-size input vectors (sentence embeddings): a linear layer,
/// or a two-layer perceptron (linear → GELU → linear). Weights are `[out][in]`, as in PyTorch
/// and safetensors.
///
/// Single-label heads turn logits into a softmax; multi-label heads into a sigmoid per label,
/// each compared with its own threshold.
public struct ClassifierHead: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case linear, mlp
    }

    public var kind: Kind
    public var inputSize: Int
    /// Hidden units of an MLP (0 for a linear head).
    public var hiddenSize: Int
    public var labels: [String]
    public var multiLabel: Bool
    /// Per label, the probability at which a multi-label head says yes (0.5 unless tuned on dev).
    public var thresholds: [Float]
    /// The layers, first to last: `weights[l]` is `[out][in]`, `biases[l]` is `[out]`.
    public var weights: [[Float]]
    public var biases: [[Float]]

    public var outputSize: Int { labels.count }

    /// Layer shapes as (out, in), first to last.
    public var shapes: [(out: Int, in: Int)] {
        kind == .linear ? [(outputSize, inputSize)] : [(hiddenSize, inputSize), (outputSize, hiddenSize)]
    }

    /// A head with initial weights drawn from `random`: uniform in ±√(6/(in+out)) (Glorot), zero biases.
    public init(kind: Kind, inputSize: Int, hiddenSize: Int = 256, labels: [String], multiLabel: Bool, random: inout SplitMix64) {
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = kind == .mlp ? hiddenSize : 0
        self.labels = labels
        self.multiLabel = multiLabel
        thresholds = Array(repeating: 0.5, count: labels.count)
        weights = []
        biases = []
        for (out, inp) in shapes {
            let bound = (6 / Float(out + inp)).squareRoot()
            weights.append((0..<(out * inp)).map { _ in (random.nextUnit() * 2 - 1) * bound })
            biases.append(Array(repeating: 0, count: out))
        }
    }

    /// A head from stored parts; checks that the shapes agree.
    public init(
        kind: Kind, inputSize: Int, hiddenSize: Int, labels: [String], multiLabel: Bool, thresholds: [Float],
        weights: [[Float]], biases: [[Float]]
    ) throws {
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = kind == .mlp ? hiddenSize : 0
        self.labels = labels
        self.multiLabel = multiLabel
        self.thresholds = thresholds
        self.weights = weights
        self.biases = biases
        let expected = shapes
        guard !labels.isEmpty, thresholds.count == labels.count, weights.count == expected.count, biases.count == expected.count,
            zip(expected, weights).allSatisfy({ $0.out * $0.in == $1.count }),
            zip(expected, biases).allSatisfy({ $0.out == $1.count })
        else {
            throw TrainingFailure.shape(
                "a \(kind.rawValue) head with \(inputSize) inputs and \(labels.count) labels needs layers "
                    + expected.map { "\($0.out)×\($0.in)" }.joined(separator: ", "))
        }
    }

    /// One head whose logits are the mean of `heads`' logits (an ensemble stored as a single
    /// head): linear heads average their weights; MLPs stack their hidden layers side by side
    /// and divide the output weights by the count. The heads must share kind, input size,
    /// hidden size and labels; thresholds are the first head's.
    public static func averaging(_ heads: [ClassifierHead]) throws -> ClassifierHead {
        guard let first = heads.first else { throw TrainingFailure.shape("an ensemble needs at least one head") }
        guard heads.allSatisfy({ $0.kind == first.kind && $0.inputSize == first.inputSize && $0.hiddenSize == first.hiddenSize
            && $0.labels == first.labels && $0.multiLabel == first.multiLabel })
        else {
            throw TrainingFailure.shape("the heads of an ensemble must share kind, input size, hidden size and labels")
        }
        let scale = 1 / Float(heads.count)
        let mean = { (parts: [[Float]]) -> [Float] in
            var out = [Float](repeating: 0, count: parts[0].count)
            for p in parts { for i in out.indices { out[i] += p[i] } }
            return out.map { $0 * scale }
        }
        if first.kind == .linear {
            return try ClassifierHead(
                kind: .linear, inputSize: first.inputSize, hiddenSize: 0, labels: first.labels, multiLabel: first.multiLabel,
                thresholds: first.thresholds, weights: [mean(heads.map { $0.weights[0] })], biases: [mean(heads.map { $0.biases[0] })])
        }
        // Hidden units of head m are rows m·h…(m+1)·h − 1 of the first layer and columns of the second.
        let h = first.hiddenSize
        let k = first.outputSize
        let wide = h * heads.count
        var w2 = [Float](repeating: 0, count: k * wide)
        for (m, head) in heads.enumerated() {
            for o in 0..<k { for j in 0..<h { w2[o * wide + m * h + j] = head.weights[1][o * h + j] * scale } }
        }
        return try ClassifierHead(
            kind: .mlp, inputSize: first.inputSize, hiddenSize: wide, labels: first.labels, multiLabel: first.multiLabel,
            thresholds: first.thresholds, weights: [heads.flatMap { $0.weights[0] }, w2],
            biases: [heads.flatMap { $0.biases[0] }, mean(heads.map { $0.biases[1] })])
    }

    /// Logits `[n][labels]` for `n` input rows (`inputs` is `[n][inputSize]`, row-major).
    public func logits(_ inputs: [Float], rows n: Int) -> [Float] {
        forward(inputs, rows: n).logits
    }

    /// Probabilities `[n][labels]`: softmax per row, or a sigmoid per label for multi-label heads.
    public func probabilities(_ inputs: [Float], rows n: Int) -> [Float] {
        var p = logits(inputs, rows: n)
        Self.activate(&p, rows: n, columns: outputSize, multiLabel: multiLabel)
        return p
    }

    /// The forward pass, keeping what the backward pass needs: the hidden layer after GELU and
    /// GELU's slope at each hidden unit (both empty for a linear head, the slope also when
    /// `slopes` is false).
    func forward(_ x: [Float], rows n: Int, slopes: Bool = false) -> (logits: [Float], hidden: [Float], slope: [Float]) {
        if kind == .linear {
            return (Self.dense(x, rows: n, inputs: inputSize, weights: weights[0], bias: biases[0], outputs: outputSize), [], [])
        }
        let (hidden, slope) = hiddenLayer(x, rows: n, slopes: slopes)
        let out = Self.dense(hidden, rows: n, inputs: hiddenSize, weights: weights[1], bias: biases[1], outputs: outputSize)
        return (out, hidden, slope)
    }

    /// An MLP's hidden layer after GELU, and GELU's slope there when `slopes` is true.
    func hiddenLayer(_ x: [Float], rows n: Int, slopes: Bool) -> (hidden: [Float], slope: [Float]) {
        let pre = Self.dense(x, rows: n, inputs: inputSize, weights: weights[0], bias: biases[0], outputs: hiddenSize)
        var hidden = [Float](repeating: 0, count: pre.count)
        var slope = [Float](repeating: 0, count: slopes ? pre.count : 0)
        pre.withUnsafeBufferPointer { p in
            hidden.withUnsafeMutableBufferPointer { h in
                slope.withUnsafeMutableBufferPointer { s in
                    VectorKernels.gelu(p, into: h, slope: slopes ? s : nil)
                }
            }
        }
        return (hidden, slope)
    }

    /// y[n][out] = x[n][in] · Wᵀ + b.
    static func dense(_ x: [Float], rows n: Int, inputs: Int, weights w: [Float], bias: [Float], outputs: Int) -> [Float] {
        var y = [Float](repeating: 0, count: n * outputs)
        guard n > 0 else { return y }
        for r in 0..<n { for o in 0..<outputs { y[r * outputs + o] = bias[o] } }
        x.withUnsafeBufferPointer { xp in
            w.withUnsafeBufferPointer { wp in
                y.withUnsafeMutableBufferPointer { yp in
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(outputs), Int32(inputs), 1,
                        xp.baseAddress, Int32(inputs), wp.baseAddress, Int32(inputs), 1, yp.baseAddress, Int32(outputs))
                }
            }
        }
        return y
    }

    /// Softmax per row, or a sigmoid per value, in place.
    static func activate(_ v: inout [Float], rows n: Int, columns k: Int, multiLabel: Bool) {
        if multiLabel {
            for i in v.indices { v[i] = 1 / (1 + Foundation.exp(-v[i])) }
            return
        }
        for r in 0..<n {
            let row = r * k
            var m = -Float.infinity
            for j in 0..<k { m = max(m, v[row + j]) }
            var sum: Float = 0
            for j in 0..<k {
                let e = Foundation.exp(v[row + j] - m)
                v[row + j] = e
                sum += e
            }
            for j in 0..<k { v[row + j] /= sum }
        }
    }
}

