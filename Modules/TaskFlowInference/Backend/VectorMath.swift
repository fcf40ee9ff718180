import CBLAS
import Synchronization

/// Dense vector products other modules need (clustering, nearest neighbours), on the same BLAS
/// the encoder uses.
public enum VectorMath {
    /// `out[i][j] = a[i] · b[j]` for `m` rows of `a` and `n` rows of `b`, each `dimensions` long,
    /// row-major; `out` holds `m × n`.
    public static func dotProducts(
        _ a: UnsafeBufferPointer<Float>, rows m: Int, _ b: UnsafeBufferPointer<Float>, rows n: Int, dimensions d: Int,
        into out: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(a.count >= m * d && b.count >= n * d && out.count >= m * n, "VectorMath.dotProducts: buffers too small")
        guard m > 0, n > 0, d > 0 else { return }
        // One BLAS caller at a time, as for the encoder (its thread count is process-wide).
        CPUBackend.gate.withLock { _ in
            BLAS.gemmTransposedB(a.baseAddress!, b.baseAddress!, out.baseAddress!, m: m, n: n, k: d, ldc: n, beta: 0)
        }
    }

    /// Scales each row of `x` (`dimensions` long) to unit length; a zero row stays zero.
    public static func normalizeRows(_ x: inout [Float], dimensions d: Int) {
        guard d > 0 else { return }
        x.withUnsafeMutableBufferPointer { p in
            for r in 0..<(p.count / d) {
                var s: Float = 0
                for j in 0..<d { s += p[r * d + j] * p[r * d + j] }
                guard s > 0 else { continue }
                let inv = 1 / s.squareRoot()
                for j in 0..<d { p[r * d + j] *= inv }
            }
        }
    }
}
