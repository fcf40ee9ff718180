import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import Testing

@testable import TaskFlowInference

/// Ensembles of heads stored as one head, and the vector kernels training runs on.
@Suite struct HeadEnsembleTests {
    @Test(arguments: [ClassifierHead.Kind.linear, .mlp])
    func anAveragedHeadGivesTheMeanOfTheLogits(kind: ClassifierHead.Kind) throws {
        var r = SplitMix64(seed: 3)
        let heads = (0..<3).map { _ in
            ClassifierHead(kind: kind, inputSize: 5, hiddenSize: 4, labels: ["a", "b"], multiLabel: false, random: &r)
        }
        let x = (0..<(6 * 5)).map { _ in r.nextUnit() * 2 - 1 }
        let merged = try ClassifierHead.averaging(heads)
        let each = heads.map { $0.logits(x, rows: 6) }
        let logits = merged.logits(x, rows: 6)
        for i in logits.indices {
            let mean = each.reduce(Float(0)) { $0 + $1[i] } / 3
            #expect(abs(logits[i] - mean) < 1e-5)
        }
        #expect(merged.hiddenSize == (kind == .mlp ? 12 : 0))
    }

    @Test func headsOfDifferentShapesAreNotAveraged() {
        var r = SplitMix64(seed: 3)
        let a = ClassifierHead(kind: .mlp, inputSize: 5, hiddenSize: 4, labels: ["a", "b"], multiLabel: false, random: &r)
        let b = ClassifierHead(kind: .mlp, inputSize: 5, hiddenSize: 4, labels: ["a", "c"], multiLabel: false, random: &r)
        for heads in [[a, b], []] {
            #expect {
                try ClassifierHead.averaging(heads)
            } throws: { e in
                (e as? TaskFlowFailure)?.code == "bad-head-shape"
            }
        }
    }

    @Test func anEnsembleIsDeterministicForASeedAndLearns() throws {
        let train = HeadTrainingTests.clusters(n: 300, k: 3, noise: 1.5)
        let dev = HeadTrainingTests.clusters(n: 90, k: 3, seed: 1, noise: 1.5)
        var trainer = HeadTrainer()
        trainer.hiddenSize = 16
        trainer.maxEpochs = 5
        trainer.ensemble = 3
        let a = try trainer.train(labels: ["a", "b", "c"], train: train, dev: dev)
        let b = try trainer.train(labels: ["a", "b", "c"], train: train, dev: dev)
        #expect(a.head == b.head)
        #expect(a.head.hiddenSize == 48)
        #expect(a.dev.macroF1 > 0.6)
        trainer.ensemble = 1
        let single = try trainer.train(labels: ["a", "b", "c"], train: train, dev: dev)
        #expect(single.head.hiddenSize == 16)
        #expect(single.head != a.head)
    }

    @Test func vectorGELUMatchesTheFormula() {
        let xs: [Float] = (-400...400).map { Float($0) / 25 } + [0.001, -0.001, 30, -30]
        var hidden = [Float](repeating: 0, count: xs.count)
        var slope = [Float](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { p in
            hidden.withUnsafeMutableBufferPointer { h in
                slope.withUnsafeMutableBufferPointer { s in VectorKernels.gelu(p, into: h, slope: s) }
            }
        }
        for (i, x) in xs.enumerated() {
            let u = 0.797_884_560_8 * (Double(x) + 0.044715 * Double(x) * Double(x) * Double(x))
            let t = Foundation.tanh(u)
            let g = 0.5 * Double(x) * (1 + t)
            let d = 0.5 * (1 + t) + 0.5 * Double(x) * (1 - t * t) * 0.797_884_560_8 * (1 + 3 * 0.044715 * Double(x) * Double(x))
            #expect(abs(Double(hidden[i]) - g) <= 1e-5 * max(1, abs(g)), "gelu(\(x))")
            #expect(abs(Double(slope[i]) - d) <= 1e-5 * max(1, abs(d)), "gelu'(\(x))")
        }
    }

    @Test func vectorGELUPassesNaNWithoutTrapping() {
        let xs: [Float] = [.nan, .infinity, -.infinity, 1, 2, 3, 4, 5, 6]
        var hidden = [Float](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { p in
            hidden.withUnsafeMutableBufferPointer { h in VectorKernels.gelu(p, into: h, slope: nil) }
        }
        #expect(hidden[0].isNaN)
        #expect(abs(hidden[3] - 0.841_192) < 1e-4)
    }
}
