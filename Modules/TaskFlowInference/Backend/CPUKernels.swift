import CBLAS
import Dispatch
import Foundation

/// A pointer handed to worker threads that write disjoint parts of it.
struct SharedPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}

/// A value handed to worker threads that only read it (or write disjoint parts of what it
/// points to) while the caller waits.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
}

/// Elementwise and attention kernels of the CPU backend (the GEMMs go to BLAS).
enum CPUKernels {
    /// Runs `body` over `0..<count` split into contiguous chunks, `threads` at a time.
    ///
    /// `chunksPerThread` above 1 balances uneven work (attention over sorted lengths): idle
    /// threads take the next chunk.
    static func parallelFor(
        _ count: Int, threads: Int, minimumChunk: Int = 1, chunksPerThread: Int = 1, _ body: (Range<Int>) -> Void
    ) {
        let chunks = threads <= 1 ? 1 : max(1, min(threads * chunksPerThread, count / max(1, minimumChunk)))
        if chunks <= 1 {
            body(0..<count)
            return
        }
        let size = (count + chunks - 1) / chunks
        // The chunks write disjoint memory; the closure only runs during this call.
        withoutActuallyEscaping(body) { escapable in
            let work = UncheckedSendable(value: escapable)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = c * size
                let hi = min(count, lo + size)
                if lo < hi { work.value(lo..<hi) }
            }
        }
    }

    /// x[t] = word[id] + position[pos] + type[tt] for every token row.
    static func embed(
        _ e: EmbeddingWeights, _ batch: PackedBatch, hidden h: Int, into x: UnsafeMutablePointer<Float>, threads: Int
    ) {
        let out = SharedPointer(base: x)
        e.word.withUnsafeBufferPointer { word in
            e.position.withUnsafeBufferPointer { position in
                batch.ids.withUnsafeBufferPointer { ids in
                    batch.positionIDs.withUnsafeBufferPointer { pos in
                        batch.typeIDs.withUnsafeBufferPointer { types in
                            parallelFor(batch.tokenCount, threads: threads, minimumChunk: 64) { rows in
                                for t in rows {
                                    let row = out.base + t * h
                                    let w = word.baseAddress! + Int(ids[t]) * h
                                    let p = position.baseAddress! + Int(pos[t]) * h
                                    for i in 0..<h { row[i] = w[i] + p[i] }
                                }
                            }
                        }
                    }
                }
            }
        }
        if let tokenType = e.tokenType {
            tokenType.withUnsafeBufferPointer { tt in
                batch.typeIDs.withUnsafeBufferPointer { types in
                    for t in 0..<batch.tokenCount {
                        let row = x + t * h
                        let v = tt.baseAddress! + Int(types[t]) * h
                        for i in 0..<h { row[i] += v[i] }
                    }
                }
            }
        }
    }

    /// LayerNorm of each row of `x[rows][n]`, in place: (x − mean)/√(var + eps)·γ + β.
    static func layerNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, n: Int, _ w: LayerNormWeights, threads: Int) {
        let shared = SharedPointer(base: x)
        w.gamma.withUnsafeBufferPointer { g in
            w.beta.withUnsafeBufferPointer { b in
                parallelFor(rows, threads: threads, minimumChunk: 32) { range in
                    tf_layernorm(shared.base + range.lowerBound * n, range.count, n, g.baseAddress!, b.baseAddress!, w.eps)
                }
            }
        }
    }

    /// Writes `bias` into every row of `y[rows][n]` (then a GEMM adds onto it with beta 1).
    static func fillRows(_ y: UnsafeMutablePointer<Float>, rows: Int, n: Int, bias: [Float], threads: Int) {
        let shared = SharedPointer(base: y)
        bias.withUnsafeBufferPointer { b in
            parallelFor(rows, threads: threads, minimumChunk: 64) { range in
                for r in range { (shared.base + r * n).update(from: b.baseAddress!, count: n) }
            }
        }
    }

    /// y[r] = x[r] + bias for every row (the residual plus the next layer's bias).
    static func residualRows(
        _ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, rows: Int, n: Int, bias: [Float], threads: Int
    ) {
        let shared = SharedPointer(base: y)
        let source = SharedPointer(base: UnsafeMutablePointer(mutating: x))
        bias.withUnsafeBufferPointer { b in
            parallelFor(rows, threads: threads, minimumChunk: 64) { range in
                for r in range {
                    let out = shared.base + r * n
                    let inp = source.base + r * n
                    for i in 0..<n { out[i] = inp[i] + b[i] }
                }
            }
        }
    }

    /// Adds `bias` to each row of `x[rows][n]` and applies the activation, in place.
    static func biasActivate(
        _ x: UnsafeMutablePointer<Float>, rows: Int, n: Int, bias: [Float], _ activation: Activation, threads: Int
    ) {
        let shared = SharedPointer(base: x)
        bias.withUnsafeBufferPointer { b in
            parallelFor(rows, threads: threads, minimumChunk: 8) { range in
                let p = shared.base + range.lowerBound * n
                if activation == .gelu {
                    tf_bias_gelu(p, range.count, n, b.baseAddress!)
                    return
                }
                for r in 0..<range.count {
                    let row = p + r * n
                    for i in 0..<n { row[i] += b[i] }
                }
                activateSerial(p, count: range.count * n, activation)
            }
        }
    }

    /// The activation over `count` values on the calling thread.
    static func activateSerial(_ p: UnsafeMutablePointer<Float>, count: Int, _ activation: Activation) {
        switch activation {
        case .gelu:
            tf_gelu(p, count)
        case .geluTanh:
            for i in 0..<count {
                let v = p[i]
                p[i] = 0.5 * v * (1 + tanhf(0.7978845608028654 * (v + 0.044715 * v * v * v)))
            }
        case .relu:
            for i in 0..<count { p[i] = max(0, p[i]) }
        }
    }

    /// The activation, in place over `count` values.
    static func activate(_ x: UnsafeMutablePointer<Float>, count: Int, _ activation: Activation, threads: Int) {
        let shared = SharedPointer(base: x)
        parallelFor(count, threads: threads, minimumChunk: 4096) { range in
            activateSerial(shared.base + range.lowerBound, count: range.count, activation)
        }
    }

    /// Multi-head scaled dot-product attention over packed sequences.
    ///
    /// `qkv[token][3·hidden]` holds each token's query, key and value; `out[token][hidden]`
    /// receives softmax(q·Kᵀ/√d)·V per head, each sequence attending only to its own tokens
    /// (the padding mask, applied by construction). Work items are (sequence, head) pairs.
    static func attention(
        qkv: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, starts: [Int], lengths: [Int], hidden h: Int,
        heads: Int, threads: Int
    ) {
        let d = h / heads
        let scale = 1 / Float(d).squareRoot()
        let input = SharedPointer(base: UnsafeMutablePointer(mutating: qkv))
        let output = SharedPointer(base: out)
        let items = starts.count * heads
        let maxLength = lengths.max() ?? 0
        parallelFor(items, threads: threads, chunksPerThread: 8) { range in
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: max(1, maxLength))
            defer { scores.deallocate() }
            for item in range {
                let s = item / heads
                let head = item % heads
                tf_attention_head(input.base, h, head * d, d, starts[s], lengths[s], scale, output.base, scores)
            }
        }
    }
}
