import CBLAS
import Synchronization
import TaskFlowCore

/// The BLAS calls the CPU backend makes, in one place (OpenBLAS on Linux).
enum BLAS {
    /// C[m][n] = A[m][k] · B[n][k]ᵀ + beta·C, row-major (C's rows `ldc` apart): a dense layer
    /// over `m` rows with weights stored `[out][in]`.
    @inline(__always)
    static func gemmTransposedB(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int,
        ldc: Int, beta: Float
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(k), beta, c,
            Int32(ldc))
    }

    /// C[m][n] = A[m][k] · B[k][n] (both plain row-major), for the peak measurement.
    static func gemm(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(n), 0, c,
            Int32(n))
    }

    /// Sets the BLAS thread count (process-wide in OpenBLAS).
    static func setThreads(_ n: Int) {
        openblas_set_num_threads(Int32(max(1, n)))
    }

    /// Runs `body` with OpenBLAS on `n` threads, then restores the count it had. Head training
    /// uses one: its GEMMs (a minibatch of 64 rows) are too small to split, and a second BLAS
    /// thread spends its time spinning in `sched_yield` between them.
    static func withThreads<T>(_ n: Int, _ body: () throws -> T) rethrows -> T {
        let previous = Int(openblas_get_num_threads())
        setThreads(n)
        defer { setThreads(previous) }
        return try body()
    }

    /// The kernel family OpenBLAS chose for this CPU (`Haswell`, `SkylakeX`…).
    static var coreName: String {
        guard let p = openblas_get_corename() else { return "unknown" }
        return String(cString: p)
    }

    /// OpenBLAS's build description.
    static var configuration: String {
        guard let p = openblas_get_config() else { return "unknown" }
        return String(cString: p)
    }
}

/// BLAS facts for benchmarks and `tf models`-style diagnostics.
public enum BLASInfo {
    /// `OpenBLAS SkylakeX`.
    public static var description: String { "OpenBLAS \(BLAS.coreName)" }

    /// Sets how many threads BLAS products use from now on (process-wide).
    public static func setThreads(_ n: Int) {
        CPUBackend.gate.withLock { _ in BLAS.setThreads(n) }
    }

    /// Measures single-precision GEMM throughput (GFLOP/s) on an `m×k · k×n` product with
    /// `threads` threads, best of `repeats` runs after one warm-up.
    public static func measureSGEMM(m: Int = 2048, n: Int = 1536, k: Int = 384, threads: Int, repeats: Int = 5) -> Double {
        let a = [Float](repeating: 0.5, count: m * k)
        let b = [Float](repeating: 0.25, count: k * n)
        var c = [Float](repeating: 0, count: m * n)
        return CPUBackend.gate.withLock { _ in
            BLAS.setThreads(threads)
            var best = Double.infinity
            let clock = ContinuousClock()
            for i in 0...repeats {
                let t0 = clock.now
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        c.withUnsafeMutableBufferPointer { pc in
                            BLAS.gemm(pa.baseAddress!, pb.baseAddress!, pc.baseAddress!, m: m, n: n, k: k)
                        }
                    }
                }
                let d = clock.now - t0
                let s = d.inSeconds
                if i > 0 { best = min(best, s) }
            }
            return 2 * Double(m) * Double(n) * Double(k) / best / 1e9
        }
    }
}
