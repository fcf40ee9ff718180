import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import Testing

@testable import TaskFlowInference

/// Classification heads: gradients, learning, determinism, files.
@Suite struct HeadTrainingTests {
    /// `n` points around `k` well-separated centres in `d` dimensions.
    static func clusters(n: Int, k: Int, d: Int = 16, seed: UInt64 = 1, noise: Float = 0.3) -> LabelledVectors {
        var r = SplitMix64(seed: seed)
        let centres = (0..<k).map { _ in (0..<d).map { _ in r.nextUnit() * 4 - 2 } }
        var x: [Float] = []
        var y: [Int] = []
        for i in 0..<n {
            let c = i % k
            x += centres[c].map { $0 + (r.nextUnit() * 2 - 1) * noise }
            y.append(c)
        }
        return LabelledVectors(inputs: x, dimensions: d, targets: .single(y))
    }

    /// Mean cross-entropy (or binary cross-entropy) of `head` over `data`.
    static func loss(_ head: ClassifierHead, _ data: LabelledVectors) -> Double {
        let p = head.probabilities(data.inputs, rows: data.count)
        let k = head.outputSize
        switch data.targets {
        case .single(let y):
            return (0..<data.count).reduce(0.0) { $0 - log(Double(p[$1 * k + y[$1]])) } / Double(data.count)
        case .multi(let y, _):
            var total = 0.0
            for i in p.indices { total -= y[i] ? log(Double(p[i])) : log(1 - Double(p[i])) }
            return total / Double(data.count)
        }
    }

    @Test(arguments: [ClassifierHead.Kind.linear, .mlp], [false, true])
    func gradientsMatchFiniteDifferences(kind: ClassifierHead.Kind, multi: Bool) {
        var r = SplitMix64(seed: 7)
        let d = 5
        let n = 4
        let labels = ["a", "b", "c"]
        let x = (0..<(n * d)).map { _ in r.nextUnit() * 2 - 1 }
        let targets: LabelledVectors.Targets =
            multi ? .multi([true, false, true, false, false, true, true, true, false, false, true, false], labels: 3) : .single([0, 2, 1, 2])
        let data = LabelledVectors(inputs: x, dimensions: d, targets: targets)
        let head = ClassifierHead(kind: kind, inputSize: d, hiddenSize: 6, labels: labels, multiLabel: multi, random: &r)
        var trainer = HeadTrainer()
        trainer.dropout = 0
        var rr = SplitMix64(seed: 1)
        let grads = trainer.gradients(head, x, targets, rows: n, classWeights: nil, random: &rr)
        // Binary cross-entropy gradients are of the mean over records (summed over labels).
        for (p, g) in grads.enumerated() {
            for i in stride(from: 0, to: g.count, by: max(1, g.count / 7)) {
                var plus = head
                var minus = head
                let eps: Float = 1e-2
                if p % 2 == 0 {
                    plus.weights[p / 2][i] += eps
                    minus.weights[p / 2][i] -= eps
                } else {
                    plus.biases[p / 2][i] += eps
                    minus.biases[p / 2][i] -= eps
                }
                let numeric = (Self.loss(plus, data) - Self.loss(minus, data)) / Double(2 * eps)
                #expect(abs(numeric - Double(g[i])) < 2e-3, "param \(p) index \(i): \(numeric) vs \(g[i])")
            }
        }
    }

    @Test(arguments: [ClassifierHead.Kind.linear, .mlp])
    func aHeadLearnsSeparableClasses(kind: ClassifierHead.Kind) throws {
        let train = Self.clusters(n: 600, k: 4)
        let dev = Self.clusters(n: 200, k: 4, seed: 1)
        var trainer = HeadTrainer()
        trainer.kind = kind
        trainer.hiddenSize = 32
        trainer.maxEpochs = 30
        let out = try trainer.train(labels: ["w", "x", "y", "z"], train: train, dev: dev)
        #expect(out.dev.macroF1 > 0.95)
        #expect(out.dev.accuracy > 0.95)
        #expect(out.bestEpoch >= 1 && out.bestEpoch <= out.epochsRun)
    }

    @Test func trainingIsDeterministicForASeed() throws {
        let train = Self.clusters(n: 300, k: 3, noise: 1.5)
        let dev = Self.clusters(n: 90, k: 3, seed: 1, noise: 1.5)
        var trainer = HeadTrainer()
        trainer.hiddenSize = 16
        trainer.maxEpochs = 5
        let a = try trainer.train(labels: ["a", "b", "c"], train: train, dev: dev)
        let b = try trainer.train(labels: ["a", "b", "c"], train: train, dev: dev)
        #expect(a.head == b.head)
        #expect(a.curve == b.curve)
        trainer.seed = 43
        let c = try trainer.train(labels: ["a", "b", "c"], train: train, dev: dev)
        #expect(c.head != a.head)
    }

    @Test func multiLabelHeadsLearnAndTuneThresholds() throws {
        // Label j is on when feature j is positive.
        var r = SplitMix64(seed: 3)
        func data(_ n: Int) -> LabelledVectors {
            var x: [Float] = []
            var y: [Bool] = []
            for _ in 0..<n {
                let v = (0..<8).map { _ in r.nextUnit() * 2 - 1 }
                x += v
                y += (0..<3).map { v[$0] > 0 }
            }
            return LabelledVectors(inputs: x, dimensions: 8, targets: .multi(y, labels: 3))
        }
        var trainer = HeadTrainer()
        trainer.kind = .linear
        trainer.maxEpochs = 40
        let out = try trainer.train(labels: ["p", "q", "r"], train: data(800), dev: data(200))
        #expect(out.head.multiLabel)
        #expect(out.dev.macroF1 > 0.9)
        #expect(out.head.thresholds.allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test func oneClassIsRefusedWithAMessage() {
        let one = LabelledVectors(inputs: [1, 2, 3, 4], dimensions: 2, targets: .single([0, 0]))
        #expect {
            try HeadTrainer().train(labels: ["only"], train: one, dev: one)
        } throws: { e in
            (e as? TaskFlowFailure)?.description.contains("only one label (only)") == true
        }
    }

    @Test func classWeightsFavourRareClasses() {
        let w = HeadTrainer.balancedWeights(.single([0, 0, 0, 1]), classes: 2)
        #expect(w == [Float(4) / 6, 2])
    }

    @Test func metricsCountPerLabel() {
        let m = ClassificationMetrics(truth: [0, 0, 1, 2], predicted: [0, 1, 1, 1], labels: ["a", "b", "c"])
        #expect(m.accuracy == 0.5)
        #expect(m.perLabel[0].precision == 1 && m.perLabel[0].recall == 0.5)
        #expect(abs(m.perLabel[1].precision - 1.0 / 3) < 1e-12 && m.perLabel[1].recall == 1)
        #expect(m.perLabel[2].f1 == 0 && m.perLabel[2].support == 1)
        #expect(abs(m.macroF1 - (2.0 / 3 + 0.5 + 0) / 3) < 1e-12)
    }

    static func manifest(_ head: ClassifierHead) -> HeadManifest {
        HeadManifest(
            name: "h", task: "emotion", head: head, embeddingModel: "m", embeddingFingerprint: "f", trainingData: ["train": "x"],
            trainExamples: 1, devExamples: 1,
            dev: ClassificationMetrics(truth: [0], predicted: [0], labels: head.labels), epochs: 1, seed: 1, learningRate: 0.001,
            classWeights: false, taskflowVersion: "0", trainedAt: "now")
    }

    @Test func headFilesRoundTripAndDamageIsNamed() throws {
        var r = SplitMix64(seed: 9)
        let head = ClassifierHead(kind: .mlp, inputSize: 6, hiddenSize: 4, labels: ["x", "y"], multiLabel: false, random: &r)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try HeadFile.write(head, manifest: Self.manifest(head), to: dir.path)
        let (back, manifest) = try HeadFile.read(dir.path)
        #expect(back == head)
        #expect(manifest.task == "emotion")
        let input: [Float] = [0.1, -0.2, 0.3, 0.4, -0.5, 0.6]
        #expect(back.probabilities(input, rows: 1) == head.probabilities(input, rows: 1))

        // Truncated weights, then a manifest that is not one: each message names the file.
        let weights = dir.appendingPathComponent(HeadFile.weightsFile)
        let bytes = try Data(contentsOf: weights)
        try bytes.prefix(bytes.count - 10).write(to: weights)
        #expect {
            try HeadFile.read(dir.path)
        } throws: { e in
            let f = e as? TaskFlowFailure
            return f?.code == "corrupt-head" && f?.description.contains(HeadFile.weightsFile) == true
                && f?.hint?.contains("tf train") == true
        }
        try Data("{\"format\":1}".utf8).write(to: dir.appendingPathComponent(HeadFile.manifestFile))
        #expect {
            try HeadFile.read(dir.path)
        } throws: { e in
            (e as? TaskFlowFailure)?.description.contains(HeadFile.manifestFile) == true
        }
    }
}
