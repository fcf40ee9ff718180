import CBLAS
import Foundation
import Testing

@testable import TaskFlowInference

/// A deterministic pseudo-random sequence (xorshift), so failures reproduce.
private struct Xorshift {
    var state: UInt64
    mutating func next(_ range: ClosedRange<Float>) -> Float {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        let unit = Float(state >> 40) / Float(1 << 24)
        return range.lowerBound + unit * (range.upperBound - range.lowerBound)
    }
}

@Suite("CPU kernels: the vectorised paths agree with the portable ones")
struct KernelTests {
    @Test("GELU (A&S erf) stays within 1e-6 of erff's, tails included", arguments: [1, 7, 8, 9, 1000, 4099])
    func gelu(_ n: Int) {
        var rng = Xorshift(state: 42)
        let x = (0..<n).map { _ in rng.next(-9...9) }
        var fast = x
        var exact = x
        fast.withUnsafeMutableBufferPointer { tf_gelu($0.baseAddress!, n) }
        exact.withUnsafeMutableBufferPointer { tf_gelu_portable($0.baseAddress!, n) }
        #expect(maxAbsDiff(fast, exact) < 1e-6)
    }

    @Test("bias + GELU fused equals bias then GELU", arguments: [(3, 64), (2, 12)])
    func biasGELU(_ rows: Int, _ n: Int) {
        var rng = Xorshift(state: 9)
        let x = (0..<(rows * n)).map { _ in rng.next(-5...5) }
        let bias = (0..<n).map { _ in rng.next(-1...1) }
        var fused = x
        fused.withUnsafeMutableBufferPointer { tf_bias_gelu($0.baseAddress!, rows, n, bias) }
        var twoStep = (0..<(rows * n)).map { x[$0] + bias[$0 % n] }
        twoStep.withUnsafeMutableBufferPointer { tf_gelu_portable($0.baseAddress!, rows * n) }
        #expect(maxAbsDiff(fused, twoStep) < 1e-6)
    }

    @Test("LayerNorm rows agree", arguments: [(3, 32), (5, 384), (2, 12)])
    func layerNorm(_ rows: Int, _ n: Int) {
        var rng = Xorshift(state: 7)
        let x = (0..<(rows * n)).map { _ in rng.next(-4...4) }
        let gamma = (0..<n).map { _ in rng.next(0.5...1.5) }
        let beta = (0..<n).map { _ in rng.next(-0.5...0.5) }
        var fast = x
        var slow = x
        fast.withUnsafeMutableBufferPointer { tf_layernorm($0.baseAddress!, rows, n, gamma, beta, 1e-12) }
        slow.withUnsafeMutableBufferPointer { tf_layernorm_portable($0.baseAddress!, rows, n, gamma, beta, 1e-12) }
        #expect(maxAbsDiff(fast, slow) < 1e-5)
    }

    @Test(
        "attention for one head agrees, for lengths around the vector width and every head size",
        arguments: [1, 5, 8, 13, 40], [8, 16, 32, 64, 12])
    func attention(_ len: Int, _ d: Int) {
        let hidden = 192
        var rng = Xorshift(state: UInt64(100 + len))
        let qkv = (0..<((len + 2) * 3 * hidden)).map { _ in rng.next(-2...2) }
        var fast = [Float](repeating: 0, count: (len + 2) * hidden)
        var slow = fast
        var scores = [Float](repeating: 0, count: len)
        for offset in [0, d, hidden - d] {
            fast.withUnsafeMutableBufferPointer { out in
                tf_attention_head(qkv, hidden, offset, d, 1, len, 0.25, out.baseAddress!, &scores)
            }
            slow.withUnsafeMutableBufferPointer { out in
                tf_attention_head_portable(qkv, hidden, offset, d, 1, len, 0.25, out.baseAddress!, &scores)
            }
        }
        #expect(maxAbsDiff(fast, slow) < 1e-5)
        // Rows outside the sequence are untouched.
        #expect(fast[0..<hidden].allSatisfy { $0 == 0 })
    }
}
