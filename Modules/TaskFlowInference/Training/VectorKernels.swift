import CBLAS

/// The elementwise loops of head training and inference, on the C kernels
/// (`taskflow_kernels.h`: AVX2 + FMA where the CPU has them; Swift's SIMD types compile to SSE2
/// on the baseline target and scalarise square roots): the AdamW update and GELU with its slope.
enum VectorKernels {
    /// GELU (tanh form) of `pre` into `hidden`, and when `slope` is given its derivative there.
    static func gelu(_ pre: UnsafeBufferPointer<Float>, into hidden: UnsafeMutableBufferPointer<Float>, slope: UnsafeMutableBufferPointer<Float>?) {
        let n = min(pre.count, hidden.count, slope?.count ?? .max)
        guard n > 0, let src = pre.baseAddress, let dst = hidden.baseAddress else { return }
        tf_gelu_tanh_slope(src, dst, slope?.baseAddress, n)
    }

    /// One AdamW step on `w` with gradient `g` and moments `m`, `v`: `rate` is lr / (1 − β₁ᵗ),
    /// `c2` is 1 − β₂ᵗ, `decay` is lr × weight decay (decoupled).
    static func adamW(
        _ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ m: UnsafeMutableBufferPointer<Float>,
        _ v: UnsafeMutableBufferPointer<Float>, beta1: Float, beta2: Float, rate: Float, c2: Float, epsilon: Float, decay: Float
    ) {
        let n = min(w.count, g.count, m.count, v.count)
        guard n > 0, let wp = w.baseAddress, let gp = g.baseAddress, let mp = m.baseAddress, let vp = v.baseAddress else { return }
        tf_adamw(wp, gp, mp, vp, n, beta1, beta2, rate, 1 / c2, epsilon, decay)
    }
}
