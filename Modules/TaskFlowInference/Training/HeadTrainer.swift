import CBLAS
import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// Labelled vectors to train or evaluate a head on: `inputs` is `[n][dimensions]` row-major;
/// single-label targets are label indexes, multi-label targets `[n][labels]` flags.
public struct LabelledVectors: Sendable {
    public var inputs: [Float]
    public var dimensions: Int
    public var targets: Targets

    public enum Targets: Sendable, Equatable {
        case single([Int])
        case multi([Bool], labels: Int)
    }

    public var count: Int { dimensions == 0 ? 0 : inputs.count / dimensions }

    public init(inputs: [Float], dimensions: Int, targets: Targets) {
        self.inputs = inputs
        self.dimensions = dimensions
        self.targets = targets
    }

    /// The rows at `indexes`, in that order.
    func rows(_ indexes: ArraySlice<Int>) -> (inputs: [Float], targets: Targets) {
        var x = [Float]()
        x.reserveCapacity(indexes.count * dimensions)
        for i in indexes { x.append(contentsOf: inputs[(i * dimensions)..<((i + 1) * dimensions)]) }
        switch targets {
        case .single(let y): return (x, .single(indexes.map { y[$0] }))
        case .multi(let y, let k):
            var out = [Bool]()
            out.reserveCapacity(indexes.count * k)
            for i in indexes { out.append(contentsOf: y[(i * k)..<((i + 1) * k)]) }
            return (x, .multi(out, labels: k))
        }
    }
}

/// Trains a `ClassifierHead` with AdamW (decoupled weight decay) on minibatches, choosing the
/// epoch by macro-F1 on dev data and stopping when it has not improved for `patience` epochs.
///
/// Deterministic for a seed: initial weights, the order of examples and dropout all come from
/// one `SplitMix64`, and every sum runs in a fixed order.
public struct HeadTrainer: Sendable {
    public var kind: ClassifierHead.Kind = .mlp
    public var hiddenSize = 256
    public var learningRate: Float?
    public var weightDecay: Float = 0.01
    public var batchSize = 64
    public var maxEpochs = 60
    public var patience = 6
    public var dropout: Float = 0.1
    /// Weigh each class by √(n / (classes × its count)): softened inverse frequency, so rare
    /// classes count more without swamping the frequent ones (the full inverse overshoots).
    public var classWeights = false
    public var seed: UInt64 = 42
    /// Single-label heads: after training, shift each class's output bias by the amount that
    /// maximises dev macro-F1 (a prior correction: rare classes are otherwise under-predicted).
    public var tuneBiases = true
    /// Heads trained with seeds `seed`, `seed + 1`, … (each choosing its own epoch on dev) and
    /// stored as one head that averages their logits (`ClassifierHead.averaging`); 1: one head.
    public var ensemble = 1

    public init() {}

    /// The learning rate used: the one given, else 1e-3 for an MLP and 5e-3 for a linear head.
    public var effectiveLearningRate: Float { learningRate ?? (kind == .mlp ? 1e-3 : 5e-3) }

    /// What one training produced.
    public struct Outcome: Sendable {
        public var head: ClassifierHead
        /// Dev metrics at the chosen epoch.
        public var dev: ClassificationMetrics
        public var bestEpoch: Int
        public var epochsRun: Int
        /// Dev macro-F1 after each epoch.
        public var curve: [Double]
    }

    /// Trains on `train`, choosing the epoch (and, multi-label, the thresholds) on `dev`.
    ///
    /// - Parameter progress: called after each epoch with (epoch, dev macro-F1).
    public func train(
        labels: [String], train: LabelledVectors, dev rawDev: LabelledVectors, progress: (Int, Double) -> Void = { _, _ in }
    ) throws -> Outcome {
        guard labels.count >= 2 || isMulti(train) else {
            throw TaskFlowFailure(
                "one-class", "the training data has only one label (\(labels.first ?? "none")); a classifier needs at least two",
                hint: "check the label column, or add examples of the other classes")
        }
        guard train.count > 0, rawDev.count > 0, train.dimensions > 0, rawDev.dimensions == train.dimensions else {
            throw TaskFlowFailure("no-training-data", "no training or dev examples", hint: "pass a file with labelled texts")
        }
        let dev = rawDev
        let members = max(1, ensemble)
        var heads: [ClassifierHead] = []
        var curve: [Double] = []
        var bestEpoch = 0
        var epochsRun = 0
        for index in 0..<members {
            let before = epochsRun
            let one = BLAS.withThreads(1) {
                member(seed: seed &+ UInt64(index), labels: labels, train: train, dev: dev) { epoch, f1 in
                    progress(before + epoch, f1)
                }
            }
            heads.append(one.head)
            if index == 0 { curve = one.curve }
            bestEpoch = max(bestEpoch, one.bestEpoch)
            epochsRun += one.epochsRun
        }
        var chosen = members == 1 ? heads[0] : try ClassifierHead.averaging(heads)
        if chosen.multiLabel {
            chosen.thresholds = Self.tuneThresholds(chosen, dev)
        } else if tuneBiases {
            chosen = Self.tuneBiases(chosen, dev)
        }
        return Outcome(head: chosen, dev: evaluate(chosen, rawDev), bestEpoch: bestEpoch, epochsRun: epochsRun, curve: curve)
    }

    /// One head trained from `seed`: the epoch with the best dev macro-F1, before any tuning.
    private func member(
        seed: UInt64, labels: [String], train: LabelledVectors, dev: LabelledVectors, progress: (Int, Double) -> Void
    ) -> (head: ClassifierHead, bestEpoch: Int, epochsRun: Int, curve: [Double]) {
        var random = SplitMix64(seed: seed)
        var head = ClassifierHead(
            kind: kind, inputSize: train.dimensions, hiddenSize: hiddenSize, labels: labels, multiLabel: isMulti(train),
            random: &random)
        let weights = classWeights ? Self.balancedWeights(train.targets, classes: labels.count) : nil
        var optimizer = AdamW(head: head, learningRate: effectiveLearningRate, weightDecay: weightDecay)
        var best = (f1: -1.0, epoch: 0, head: head)
        var curve: [Double] = []
        var epoch = 0
        var lastCut = 0
        while epoch < maxEpochs {
            epoch += 1
            let order = random.permutation(train.count)
            var start = 0
            while start < order.count {
                let batch = order[start..<min(order.count, start + batchSize)]
                start += batchSize
                let (x, y) = train.rows(batch)
                let grads = gradients(head, x, y, rows: batch.count, classWeights: weights, random: &random)
                optimizer.step(&head, grads)
            }
            let f1 = evaluate(head, dev).macroF1
            curve.append(f1)
            progress(epoch, f1)
            if f1 > best.f1 + 1e-9 {
                best = (f1, epoch, head)
            } else if epoch - best.epoch >= patience {
                break
            } else if epoch - max(best.epoch, lastCut) >= 2 {
                // A plateau: halve the step.
                optimizer.learningRate *= 0.5
                lastCut = epoch
            }
        }
        return (best.head, best.epoch, epoch, curve)
    }

    private func isMulti(_ data: LabelledVectors) -> Bool {
        if case .multi = data.targets { return true }
        return false
    }

    /// Metrics of `head` on `data` (argmax, or per-label thresholds for multi-label heads).
    public func evaluate(_ head: ClassifierHead, _ data: LabelledVectors) -> ClassificationMetrics {
        let p = head.probabilities(data.inputs, rows: data.count)
        let k = head.outputSize
        switch data.targets {
        case .single(let y):
            let predicted = (0..<data.count).map { r in Self.argmax(p, row: r, columns: k) }
            return ClassificationMetrics(truth: y, predicted: predicted, labels: head.labels)
        case .multi(let y, _):
            let predicted = p.indices.map { p[$0] >= head.thresholds[$0 % k] }
            return ClassificationMetrics(truth: y, predicted: predicted, labels: head.labels)
        }
    }

    static func argmax(_ p: [Float], row r: Int, columns k: Int) -> Int {
        var best = 0
        for j in 1..<max(1, k) where p[r * k + j] > p[r * k + best] { best = j }
        return best
    }

    static func balancedWeights(_ targets: LabelledVectors.Targets, classes k: Int) -> [Float]? {
        guard case .single(let y) = targets, k > 0 else { return nil }
        var counts = [Int](repeating: 0, count: k)
        for t in y { counts[t] += 1 }
        return counts.map { $0 > 0 ? (Float(y.count) / Float(k * $0)).squareRoot() : 0 }
    }

    /// Shifts the output biases of a single-label head, one class at a time (two passes, steps
    /// of 0.1 within ±1.5), keeping a shift only when it raises macro-F1 on `dev`.
    static func tuneBiases(_ head: ClassifierHead, _ dev: LabelledVectors) -> ClassifierHead {
        guard case .single(let y) = dev.targets else { return head }
        let k = head.outputSize
        let logits = head.logits(dev.inputs, rows: dev.count)
        var shift = [Float](repeating: 0, count: k)
        func macroF1(_ shift: [Float]) -> Double {
            let predicted = (0..<dev.count).map { r in
                var best = 0
                for j in 1..<k where logits[r * k + j] + shift[j] > logits[r * k + best] + shift[best] { best = j }
                return best
            }
            return ClassificationMetrics(truth: y, predicted: predicted, labels: head.labels).macroF1
        }
        var current = macroF1(shift)
        for _ in 0..<2 {
            for j in 0..<k {
                var bestValue = shift[j]
                for step in -15...15 {
                    var trial = shift
                    trial[j] = Float(step) * 0.1
                    let f1 = macroF1(trial)
                    if f1 > current + 1e-9 {
                        current = f1
                        bestValue = trial[j]
                    }
                }
                shift[j] = bestValue
            }
        }
        var tuned = head
        let last = tuned.biases.count - 1
        for j in 0..<k { tuned.biases[last][j] += shift[j] }
        return tuned
    }

    /// Per label, the threshold in 0.05…0.95 with the best F1 on dev (0.5 when none helps).
    static func tuneThresholds(_ head: ClassifierHead, _ dev: LabelledVectors) -> [Float] {
        guard case .multi(let y, let k) = dev.targets else { return head.thresholds }
        let p = head.probabilities(dev.inputs, rows: dev.count)
        return (0..<k).map { j in
            var best: (f1: Double, t: Float) = (-1, 0.5)
            for step in 1...19 {
                let t = Float(step) * 0.05
                var tp = 0, fp = 0, fn = 0
                for r in 0..<dev.count {
                    let yes = p[r * k + j] >= t
                    let truth = y[r * k + j]
                    if yes && truth { tp += 1 } else if yes { fp += 1 } else if truth { fn += 1 }
                }
                let f1 = tp > 0 ? 2 * Double(tp) / Double(2 * tp + fp + fn) : 0
                if f1 > best.f1 + 1e-12 { best = (f1, t) }
            }
            return best.f1 > 0 ? best.t : 0.5
        }
    }

    /// Gradients of the mean loss over one minibatch (cross-entropy, or binary cross-entropy per label).
    func gradients(
        _ head: ClassifierHead, _ x: [Float], _ y: LabelledVectors.Targets, rows n: Int, classWeights: [Float]?,
        random: inout SplitMix64
    ) -> [[Float]] {
        let k = head.outputSize
        var logits: [Float]
        var hidden: [Float] = []
        var slope: [Float] = []
        if head.kind == .mlp {
            (hidden, slope) = head.hiddenLayer(x, rows: n, slopes: true)
            // Dropout on the hidden layer (inverted: kept units scaled up, dropped ones pass no
            // gradient back), then the output layer.
            if dropout > 0 {
                let keep = 1 - dropout
                let scale = 1 / keep
                for i in hidden.indices {
                    let m: Float = random.nextUnit() < keep ? scale : 0
                    hidden[i] *= m
                    slope[i] *= m
                }
            }
            logits = ClassifierHead.dense(
                hidden, rows: n, inputs: head.hiddenSize, weights: head.weights[1], bias: head.biases[1], outputs: k)
        } else {
            logits = head.logits(x, rows: n)
        }
        var g = logits
        ClassifierHead.activate(&g, rows: n, columns: k, multiLabel: head.multiLabel)
        switch y {
        case .single(let labels):
            var total: Float = 0
            for r in 0..<n {
                let w = classWeights?[labels[r]] ?? 1
                total += w
                for j in 0..<k { g[r * k + j] *= w }
                g[r * k + labels[r]] -= w
            }
            let scale = 1 / max(total, 1e-12)
            for i in g.indices { g[i] *= scale }
        case .multi(let flags, _):
            let scale = 1 / Float(n)
            for i in g.indices { g[i] = (g[i] - (flags[i] ? 1 : 0)) * scale }
        }
        if head.kind == .linear {
            return Self.layerGradients(output: g, input: x, rows: n, outputs: k, inputs: head.inputSize)
        }
        var out = Self.layerGradients(output: g, input: hidden, rows: n, outputs: k, inputs: head.hiddenSize)
        // Back through the output layer: dh = g · W2, then GELU's slope (zero where dropped).
        let h = head.hiddenSize
        var dh = [Float](repeating: 0, count: n * h)
        g.withUnsafeBufferPointer { gp in
            head.weights[1].withUnsafeBufferPointer { wp in
                dh.withUnsafeMutableBufferPointer { dp in
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(h), Int32(k), 1, gp.baseAddress, Int32(k),
                        wp.baseAddress, Int32(h), 0, dp.baseAddress, Int32(h))
                }
            }
        }
        for i in dh.indices { dh[i] *= slope[i] }
        let first = Self.layerGradients(output: dh, input: x, rows: n, outputs: h, inputs: head.inputSize)
        out = first + out
        return out
    }

    /// dW = gᵀ · x (`[out][in]`) and db = Σ rows of g, as `[dW, db]`.
    static func layerGradients(output g: [Float], input x: [Float], rows n: Int, outputs: Int, inputs: Int) -> [[Float]] {
        var dw = [Float](repeating: 0, count: outputs * inputs)
        g.withUnsafeBufferPointer { gp in
            x.withUnsafeBufferPointer { xp in
                dw.withUnsafeMutableBufferPointer { dp in
                    cblas_sgemm(
                        CblasRowMajor, CblasTrans, CblasNoTrans, Int32(outputs), Int32(inputs), Int32(n), 1, gp.baseAddress,
                        Int32(outputs), xp.baseAddress, Int32(inputs), 0, dp.baseAddress, Int32(inputs))
                }
            }
        }
        var db = [Float](repeating: 0, count: outputs)
        for r in 0..<n { for o in 0..<outputs { db[o] += g[r * outputs + o] } }
        return [dw, db]
    }
}

/// Adam with decoupled weight decay (Loshchilov & Hutter), over a head's layers: gradients come
/// as `[dW₁, db₁, dW₂, db₂…]`; biases are not decayed.
struct AdamW {
    var learningRate: Float
    var weightDecay: Float
    var beta1: Float = 0.9
    var beta2: Float = 0.999
    var epsilon: Float = 1e-8
    var step = 0
    var m: [[Float]]
    var v: [[Float]]

    init(head: ClassifierHead, learningRate: Float, weightDecay: Float) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        var shapes: [Int] = []
        for l in head.weights.indices { shapes += [head.weights[l].count, head.biases[l].count] }
        m = shapes.map { [Float](repeating: 0, count: $0) }
        v = m
    }

    mutating func step(_ head: inout ClassifierHead, _ grads: [[Float]]) {
        step += 1
        let c1 = 1 - Float(Foundation.pow(Double(beta1), Double(step)))
        let c2 = 1 - Float(Foundation.pow(Double(beta2), Double(step)))
        for p in grads.indices {
            let layer = p / 2
            let isWeight = p % 2 == 0
            let g = grads[p]
            if isWeight {
                update(&head.weights[layer], g, slot: p, c1: c1, c2: c2, decay: weightDecay)
            } else {
                update(&head.biases[layer], g, slot: p, c1: c1, c2: c2, decay: 0)
            }
        }
    }

    private mutating func update(_ w: inout [Float], _ g: [Float], slot p: Int, c1: Float, c2: Float, decay: Float) {
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        let rate = learningRate / c1
        let decayStep = learningRate * decay
        m[p].withUnsafeMutableBufferPointer { mp in
            v[p].withUnsafeMutableBufferPointer { vp in
                w.withUnsafeMutableBufferPointer { wp in
                    g.withUnsafeBufferPointer { gp in
                        VectorKernels.adamW(wp, gp, mp, vp, beta1: b1, beta2: b2, rate: rate, c2: c2, epsilon: eps, decay: decayStep)
                    }
                }
            }
        }
    }
}

