import Synchronization
import TaskFlowPluginAPI

/// The CPU backend: BLAS GEMMs for the projections, Swift kernels for the rest.
///
/// One forward pass: embeddings + LayerNorm; per layer the fused QKV projection (one GEMM),
/// attention per (sequence, head), the output projection added onto the residual, LayerNorm,
/// the feed-forward GEMMs with the activation between, the residual, LayerNorm. Passes are
/// serialised process-wide: OpenBLAS's thread count is global, and each pass already uses
/// every thread it was given.
public struct CPUBackend: ComputeBackend {
    public let threads: Int

    /// One forward pass at a time in the process (see the type's documentation).
    static let gate = Mutex(())

    public init(threads: Int) {
        self.threads = max(1, threads)
    }

    public var name: String { "cpu (\(BLASInfo.description), \(threads) thread\(threads == 1 ? "" : "s"))" }

    public func encode(_ stack: TransformerStack, _ batch: PackedBatch) throws -> [Float] {
        try Self.validate(stack, batch)
        let t = batch.tokenCount
        guard t > 0 else { return [] }
        return Self.gate.withLock { _ in
            // BLAS runs single-threaded inside our own workers (see `gemm`): one thread pool,
            // which sleeps when idle, instead of OpenBLAS's spinning one beside ours.
            BLAS.setThreads(1)
            return forward(stack, batch)
        }
    }

    /// Token, position and type ids must index their tables.
    static func validate(_ stack: TransformerStack, _ batch: PackedBatch) throws {
        let e = stack.embeddings
        if let bad = batch.ids.first(where: { $0 < 0 || Int($0) >= e.vocabSize }) {
            throw TaskFlowFailure(
                "token-out-of-range", "token id \(bad) is outside the model's vocabulary of \(e.vocabSize)",
                hint: "the tokenizer does not belong to this model; use the model directory's own tokenizer files")
        }
        if let bad = batch.positionIDs.first(where: { $0 < 0 || Int($0) >= e.maxPositions }) {
            throw TaskFlowFailure(
                "sequence-too-long", "position \(bad) is beyond the model's \(e.maxPositions) position embeddings",
                hint: "truncate texts to the model's window")
        }
        if e.tokenType != nil, let bad = batch.typeIDs.first(where: { $0 < 0 || Int($0) >= e.typeVocabSize }) {
            throw TaskFlowFailure(
                "token-type-out-of-range", "token type \(bad) is outside the model's \(e.typeVocabSize) types",
                hint: "single texts use type 0")
        }
    }

    private func forward(_ s: TransformerStack, _ batch: PackedBatch) -> [Float] {
        let t = batch.tokenCount
        let h = s.hiddenSize
        let f = s.intermediateSize
        var x = UnsafeMutablePointer<Float>.allocate(capacity: t * h)
        var y = UnsafeMutablePointer<Float>.allocate(capacity: t * h)
        let qkv = UnsafeMutablePointer<Float>.allocate(capacity: t * 3 * h)
        let context = UnsafeMutablePointer<Float>.allocate(capacity: t * h)
        let inner = UnsafeMutablePointer<Float>.allocate(capacity: t * f)
        defer {
            x.deallocate()
            y.deallocate()
            qkv.deallocate()
            context.deallocate()
            inner.deallocate()
        }

        CPUKernels.embed(s.embeddings, batch, hidden: h, into: x, threads: threads)
        CPUKernels.layerNorm(x, rows: t, n: h, s.embeddings.norm, threads: threads)

        for layer in s.layers {
            // Self-attention: QKV in one GEMM, attention per (sequence, head).
            CPUKernels.fillRows(qkv, rows: t, n: 3 * h, bias: layer.qkv.bias, threads: threads)
            layer.qkv.weight.withUnsafeBufferPointer { w in
                gemm(x, w.baseAddress!, qkv, m: t, n: 3 * h, k: h)
            }
            CPUKernels.attention(
                qkv: qkv, out: context, starts: batch.starts, lengths: batch.lengths, hidden: h, heads: s.heads,
                threads: threads)
            // Output projection onto the residual, then LayerNorm.
            CPUKernels.residualRows(y, x, rows: t, n: h, bias: layer.attentionOutput.bias, threads: threads)
            layer.attentionOutput.weight.withUnsafeBufferPointer { w in
                gemm(context, w.baseAddress!, y, m: t, n: h, k: h)
            }
            CPUKernels.layerNorm(y, rows: t, n: h, layer.attentionNorm, threads: threads)
            swap(&x, &y)
            // Feed-forward.
            layer.intermediate.weight.withUnsafeBufferPointer { w in
                gemm(x, w.baseAddress!, inner, m: t, n: f, k: h, beta: 0)
            }
            CPUKernels.biasActivate(inner, rows: t, n: f, bias: layer.intermediate.bias, s.activation, threads: threads)
            CPUKernels.residualRows(y, x, rows: t, n: h, bias: layer.output.bias, threads: threads)
            layer.output.weight.withUnsafeBufferPointer { w in
                gemm(inner, w.baseAddress!, y, m: t, n: h, k: f)
            }
            CPUKernels.layerNorm(y, rows: t, n: h, layer.outputNorm, threads: threads)
            swap(&x, &y)
        }
        return Array(UnsafeBufferPointer(start: x, count: t * h))
    }

    /// C[m][n] = A[m][k]·W[n][k]ᵀ + beta·C across `threads` workers, each a single-threaded BLAS call
    /// on a block of rows (many tokens) or of output columns (few tokens).
    private func gemm(
        _ a: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int,
        beta: Float = 1
    ) {
        let left = SharedPointer(base: UnsafeMutablePointer(mutating: a))
        let right = SharedPointer(base: UnsafeMutablePointer(mutating: w))
        let out = SharedPointer(base: c)
        if m >= 64 * threads || n < 64 * threads {
            CPUKernels.parallelFor(m, threads: threads, minimumChunk: 16) { rows in
                BLAS.gemmTransposedB(
                    left.base + rows.lowerBound * k, right.base, out.base + rows.lowerBound * n, m: rows.count, n: n, k: k,
                    ldc: n, beta: beta)
            }
        } else {
            CPUKernels.parallelFor(n, threads: threads, minimumChunk: 32) { cols in
                BLAS.gemmTransposedB(
                    left.base, right.base + cols.lowerBound * k, out.base + cols.lowerBound, m: m, n: cols.count, k: k,
                    ldc: n, beta: beta)
            }
        }
    }
}
