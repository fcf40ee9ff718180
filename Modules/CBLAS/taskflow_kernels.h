// TaskFlow's elementwise and attention kernels for the CPU backend, header-only.
//
// Each kernel has a portable C version and, on x86-64, an AVX2+FMA version chosen at run time
// (the binary itself keeps the baseline x86-64 target; Swift's own SIMD types compile to SSE2
// and lose 5-10x here). Written from the formulas they implement:
//   exp:  Cody-Waite range reduction, x = k·ln2 + r, then a degree-7 Taylor polynomial for e^r
//         (|r| ≤ ln2/2, relative error ≈ 1.2e-7);
//   erf:  Abramowitz & Stegun 7.1.26 (max abs error 1.5e-7), so GELU(x) = x/2·(1 + erf(x/√2))
//         is within ≈5e-7 of the erff form;
//   LayerNorm: two-pass mean and variance per row.
#ifndef TASKFLOW_KERNELS_H
#define TASKFLOW_KERNELS_H

#include <math.h>
#include <stddef.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define TF_KERNELS_X86 1
#include <immintrin.h>
#endif

// ---- portable versions ---------------------------------------------------------------------

static inline void tf_gelu_portable(float *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float v = p[i];
        p[i] = 0.5f * v * (1.0f + erff(v * 0.70710678118654752f));
    }
}

static inline void tf_bias_gelu_portable(float *p, size_t rows, size_t n, const float *bias) {
    for (size_t r = 0; r < rows; r++) {
        float *row = p + r * n;
        for (size_t i = 0; i < n; i++) {
            float v = row[i] + bias[i];
            row[i] = 0.5f * v * (1.0f + erff(v * 0.70710678118654752f));
        }
    }
}

static inline void tf_layernorm_portable(float *x, size_t rows, size_t n, const float *gamma, const float *beta, float eps) {
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * n;
        float mean = 0;
        for (size_t i = 0; i < n; i++) mean += row[i];
        mean /= (float)n;
        float var = 0;
        for (size_t i = 0; i < n; i++) { float d = row[i] - mean; var += d * d; }
        var /= (float)n;
        float inv = 1.0f / sqrtf(var + eps);
        for (size_t i = 0; i < n; i++) row[i] = (row[i] - mean) * inv * gamma[i] + beta[i];
    }
}

// Attention for one (sequence, head): rows `start..<start+len` of `qkv` ([token][3·hidden],
// query at `offset`, key at `hidden + offset`, value at `2·hidden + offset`, `d` wide) write
// softmax(q·Kᵀ·scale)·V into `out` ([token][hidden] at `offset`). `scores` holds `len` floats.
static inline void tf_attention_head_portable(const float *qkv, size_t hidden, size_t offset, size_t d, size_t start,
                                              size_t len, float scale, float *out, float *scores) {
    const size_t stride = 3 * hidden;
    for (size_t i = 0; i < len; i++) {
        const float *q = qkv + (start + i) * stride + offset;
        float m = -INFINITY;
        for (size_t j = 0; j < len; j++) {
            const float *k = qkv + (start + j) * stride + hidden + offset;
            float dot = 0;
            for (size_t c = 0; c < d; c++) dot += q[c] * k[c];
            scores[j] = dot * scale;
            if (scores[j] > m) m = scores[j];
        }
        float sum = 0;
        for (size_t j = 0; j < len; j++) { scores[j] = expf(scores[j] - m); sum += scores[j]; }
        float inv = 1.0f / sum;
        float *o = out + (start + i) * hidden + offset;
        for (size_t c = 0; c < d; c++) o[c] = 0;
        for (size_t j = 0; j < len; j++) {
            const float pj = scores[j] * inv;
            const float *v = qkv + (start + j) * stride + 2 * hidden + offset;
            for (size_t c = 0; c < d; c++) o[c] += pj * v[c];
        }
    }
}

// Head training (TaskFlowInference/Training): GELU in its tanh form with its slope, and AdamW.

static inline void tf_gelu_tanh_slope_one(float x, float *h, float *s) {
    const float c = 0.7978845608f, a = 0.044715f;
    float x2 = x * x;
    float u = c * (x + a * x2 * x);
    u = u < -9.0f ? -9.0f : (u > 9.0f ? 9.0f : u);
    float e = expf(2.0f * u);
    float t = (e - 1.0f) / (e + 1.0f);
    float half = 0.5f * (1.0f + t);
    *h = x * half;
    if (s) *s = half + 0.5f * x * (1.0f - t * t) * c * (1.0f + 3.0f * a * x2);
}

static inline void tf_gelu_tanh_slope_portable(const float *pre, float *hidden, float *slope, size_t n) {
    for (size_t i = 0; i < n; i++) tf_gelu_tanh_slope_one(pre[i], hidden + i, slope ? slope + i : NULL);
}

static inline void tf_adamw_one(float *w, float g, float *m, float *v, float beta1, float beta2, float rate, float inv_c2,
                                float eps, float decay) {
    float mi = beta1 * *m + (1.0f - beta1) * g;
    float vi = beta2 * *v + (1.0f - beta2) * g * g;
    *m = mi;
    *v = vi;
    *w = *w - rate * mi / (sqrtf(vi * inv_c2) + eps) - decay * *w;
}

static inline void tf_adamw_portable(float *w, const float *g, float *m, float *v, size_t n, float beta1, float beta2,
                                     float rate, float inv_c2, float eps, float decay) {
    for (size_t i = 0; i < n; i++) tf_adamw_one(w + i, g[i], m + i, v + i, beta1, beta2, rate, inv_c2, eps, decay);
}

#if TF_KERNELS_X86
// ---- AVX2 + FMA versions -----------------------------------------------------------------------

__attribute__((target("avx2,fma"))) static inline __m256 tf_exp256(__m256 x) {
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.3f)), _mm256_set1_ps(88.7f));
    const __m256 magic = _mm256_set1_ps(12582912.0f);  // 1.5·2²³: adding it rounds to an integer
    __m256 kf = _mm256_fmadd_ps(x, _mm256_set1_ps(1.44269504088896341f), magic);
    __m256 k = _mm256_sub_ps(kf, magic);
    __m256 r = _mm256_fnmadd_ps(k, _mm256_set1_ps(0.693359375f), x);  // ln2 split in two parts
    r = _mm256_fnmadd_ps(k, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.0f / 5040);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    __m256i ki = _mm256_sub_epi32(_mm256_castps_si256(kf), _mm256_castps_si256(magic));
    __m256 scale = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(ki, _mm256_set1_epi32(127)), 23));
    return _mm256_mul_ps(p, scale);
}

__attribute__((target("avx2,fma"))) static inline float tf_hsum256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

__attribute__((target("avx2,fma"))) static inline __m256i tf_tail_mask(size_t remaining) {
    const int lanes[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)remaining), _mm256_loadu_si256((const __m256i *)lanes));
}

__attribute__((target("avx2,fma"))) static inline __m256 tf_gelu256(__m256 x) {
    __m256 u = _mm256_mul_ps(x, _mm256_set1_ps(0.70710678118654752f));
    __m256 a = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), u);  // |x|/√2
    __m256 t = _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_fmadd_ps(a, _mm256_set1_ps(0.3275911f), _mm256_set1_ps(1.0f)));
    __m256 poly = _mm256_set1_ps(1.061405429f);
    poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(-1.453152027f));
    poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(1.421413741f));
    poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(-0.284496736f));
    poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(0.254829592f));
    poly = _mm256_mul_ps(poly, t);
    // q = 1 − erf(|x|/√2); 1 + erf(x/√2) is 2 − q for x ≥ 0 and q below (no cancellation).
    __m256 q = _mm256_mul_ps(poly, tf_exp256(_mm256_sub_ps(_mm256_setzero_ps(), _mm256_mul_ps(a, a))));
    __m256 onePlusErf = _mm256_blendv_ps(q, _mm256_sub_ps(_mm256_set1_ps(2.0f), q), _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GE_OQ));
    return _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(0.5f), x), onePlusErf);
}

__attribute__((target("avx2,fma"))) static inline void tf_gelu_avx2(float *p, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(p + i, tf_gelu256(_mm256_loadu_ps(p + i)));
    if (i < n) {
        __m256i mask = tf_tail_mask(n - i);
        _mm256_maskstore_ps(p + i, mask, tf_gelu256(_mm256_maskload_ps(p + i, mask)));
    }
}

__attribute__((target("avx2,fma"))) static inline void tf_bias_gelu_avx2(float *p, size_t rows, size_t n, const float *bias) {
    if (n % 8 != 0) { tf_bias_gelu_portable(p, rows, n, bias); return; }
    for (size_t r = 0; r < rows; r++) {
        float *row = p + r * n;
        for (size_t i = 0; i < n; i += 8)
            _mm256_storeu_ps(row + i, tf_gelu256(_mm256_add_ps(_mm256_loadu_ps(row + i), _mm256_loadu_ps(bias + i))));
    }
}

__attribute__((target("avx2,fma"))) static inline void tf_layernorm_avx2(float *x, size_t rows, size_t n, const float *gamma,
                                                                        const float *beta, float eps) {
    if (n % 8 != 0) { tf_layernorm_portable(x, rows, n, gamma, beta, eps); return; }
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * n;
        __m256 s = _mm256_setzero_ps();
        for (size_t i = 0; i < n; i += 8) s = _mm256_add_ps(s, _mm256_loadu_ps(row + i));
        const float mean = tf_hsum256(s) / (float)n;
        const __m256 vm = _mm256_set1_ps(mean);
        __m256 v = _mm256_setzero_ps();
        for (size_t i = 0; i < n; i += 8) {
            __m256 dlt = _mm256_sub_ps(_mm256_loadu_ps(row + i), vm);
            v = _mm256_fmadd_ps(dlt, dlt, v);
        }
        const float inv = 1.0f / sqrtf(tf_hsum256(v) / (float)n + eps);
        const __m256 vi = _mm256_set1_ps(inv);
        for (size_t i = 0; i < n; i += 8) {
            __m256 y = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(row + i), vm), vi);
            _mm256_storeu_ps(row + i, _mm256_fmadd_ps(y, _mm256_loadu_ps(gamma + i), _mm256_loadu_ps(beta + i)));
        }
    }
}

// The body of tf_attention_head_avx2 for a head width of 8·DV, stamped out per DV (1, 2, 4, 8)
// so the loops over the head width unroll and the accumulators live in registers.
#define TF_ATTENTION_HEAD_AVX2(DV) \
__attribute__((target("avx2,fma"))) static inline void tf_attention_head_avx2_##DV( \
    const float *qkv, size_t hidden, size_t offset, size_t start, size_t len, float scale, float *out, float *scores) \
{ \
    const size_t stride = 3 * hidden; \
    const __m256 vscale = _mm256_set1_ps(scale); \
    for (size_t i = 0; i < len; i++) { \
        const float *q = qkv + (start + i) * stride + offset; \
        __m256 qv[8]; \
        _Pragma("clang loop unroll(full)") for (size_t c = 0; c < DV; c++) qv[c] = _mm256_loadu_ps(q + 8 * c); \
        /* Scores, eight keys at a time: eight dot-product accumulators, then one reduction tree */ \
        /* turns them into the eight sums (cheaper than eight horizontal sums). */ \
        __m256 vmax = _mm256_set1_ps(-INFINITY); \
        size_t j0 = 0; \
        for (; j0 + 8 <= len; j0 += 8) { \
            __m256 acc[8]; \
            _Pragma("clang loop unroll(full)") for (size_t u = 0; u < 8; u++) { \
                const float *k = qkv + (start + j0 + u) * stride + hidden + offset; \
                acc[u] = _mm256_mul_ps(qv[0], _mm256_loadu_ps(k)); \
                _Pragma("clang loop unroll(full)") for (size_t c = 1; c < DV; c++) acc[u] = _mm256_fmadd_ps(qv[c], _mm256_loadu_ps(k + 8 * c), acc[u]); \
            } \
            __m256 s01 = _mm256_hadd_ps(acc[0], acc[1]); \
            __m256 s23 = _mm256_hadd_ps(acc[2], acc[3]); \
            __m256 s45 = _mm256_hadd_ps(acc[4], acc[5]); \
            __m256 s67 = _mm256_hadd_ps(acc[6], acc[7]); \
            __m256 s0123 = _mm256_hadd_ps(s01, s23); \
            __m256 s4567 = _mm256_hadd_ps(s45, s67); \
            __m256 sums = _mm256_add_ps(_mm256_permute2f128_ps(s0123, s4567, 0x20), _mm256_permute2f128_ps(s0123, s4567, 0x31)); \
            sums = _mm256_mul_ps(sums, vscale); \
            _mm256_storeu_ps(scores + j0, sums); \
            vmax = _mm256_max_ps(vmax, sums); \
        } \
        float m; \
        { \
            __m128 h = _mm_max_ps(_mm256_castps256_ps128(vmax), _mm256_extractf128_ps(vmax, 1)); \
            h = _mm_max_ps(h, _mm_movehl_ps(h, h)); \
            h = _mm_max_ss(h, _mm_movehdup_ps(h)); \
            m = _mm_cvtss_f32(h); \
        } \
        for (size_t j = j0; j < len; j++) { \
            const float *k = qkv + (start + j) * stride + hidden + offset; \
            __m256 acc = _mm256_mul_ps(qv[0], _mm256_loadu_ps(k)); \
            _Pragma("clang loop unroll(full)") for (size_t c = 1; c < DV; c++) acc = _mm256_fmadd_ps(qv[c], _mm256_loadu_ps(k + 8 * c), acc); \
            const float sv = tf_hsum256(acc) * scale; \
            scores[j] = sv; \
            if (sv > m) m = sv; \
        } \
        /* e^(s − max), summed. */ \
        const __m256 vm = _mm256_set1_ps(m); \
        __m256 vs = _mm256_setzero_ps(); \
        size_t j = 0; \
        for (; j + 8 <= len; j += 8) { \
            __m256 e = tf_exp256(_mm256_sub_ps(_mm256_loadu_ps(scores + j), vm)); \
            _mm256_storeu_ps(scores + j, e); \
            vs = _mm256_add_ps(vs, e); \
        } \
        if (j < len) { \
            __m256i mask = tf_tail_mask(len - j); \
            __m256 e = tf_exp256(_mm256_sub_ps(_mm256_maskload_ps(scores + j, mask), vm)); \
            e = _mm256_and_ps(e, _mm256_castsi256_ps(mask)); \
            _mm256_maskstore_ps(scores + j, mask, e); \
            vs = _mm256_add_ps(vs, e); \
        } \
        const __m256 inv = _mm256_set1_ps(1.0f / tf_hsum256(vs)); \
        /* out = Σ p_j · v_j, two accumulator sets (even and odd keys) to hide FMA latency. */ \
        __m256 a0[8], a1[8]; \
        _Pragma("clang loop unroll(full)") for (size_t c = 0; c < DV; c++) { a0[c] = _mm256_setzero_ps(); a1[c] = _mm256_setzero_ps(); } \
        size_t jj = 0; \
        for (; jj + 2 <= len; jj += 2) { \
            const __m256 p0 = _mm256_set1_ps(scores[jj]); \
            const __m256 p1 = _mm256_set1_ps(scores[jj + 1]); \
            const float *v0 = qkv + (start + jj) * stride + 2 * hidden + offset; \
            const float *v1 = v0 + stride; \
            _Pragma("clang loop unroll(full)") for (size_t c = 0; c < DV; c++) { \
                a0[c] = _mm256_fmadd_ps(p0, _mm256_loadu_ps(v0 + 8 * c), a0[c]); \
                a1[c] = _mm256_fmadd_ps(p1, _mm256_loadu_ps(v1 + 8 * c), a1[c]); \
            } \
        } \
        if (jj < len) { \
            const __m256 p0 = _mm256_set1_ps(scores[jj]); \
            const float *v0 = qkv + (start + jj) * stride + 2 * hidden + offset; \
            _Pragma("clang loop unroll(full)") for (size_t c = 0; c < DV; c++) a0[c] = _mm256_fmadd_ps(p0, _mm256_loadu_ps(v0 + 8 * c), a0[c]); \
        } \
        float *o = out + (start + i) * hidden + offset; \
        _Pragma("clang loop unroll(full)") for (size_t c = 0; c < DV; c++) _mm256_storeu_ps(o + 8 * c, _mm256_mul_ps(_mm256_add_ps(a0[c], a1[c]), inv)); \
    } \
}
TF_ATTENTION_HEAD_AVX2(1)
TF_ATTENTION_HEAD_AVX2(2)
TF_ATTENTION_HEAD_AVX2(4)
TF_ATTENTION_HEAD_AVX2(8)

__attribute__((target("avx2,fma"))) static inline void tf_attention_head_avx2(const float *qkv, size_t hidden, size_t offset,
                                                                             size_t d, size_t start, size_t len, float scale,
                                                                             float *out, float *scores) {
    switch (d) {
    case 8: tf_attention_head_avx2_1(qkv, hidden, offset, start, len, scale, out, scores); return;
    case 16: tf_attention_head_avx2_2(qkv, hidden, offset, start, len, scale, out, scores); return;
    case 32: tf_attention_head_avx2_4(qkv, hidden, offset, start, len, scale, out, scores); return;
    case 64: tf_attention_head_avx2_8(qkv, hidden, offset, start, len, scale, out, scores); return;
    default: tf_attention_head_portable(qkv, hidden, offset, d, start, len, scale, out, scores); return;
    }
}

__attribute__((target("avx2,fma"))) static inline void tf_gelu_tanh_slope_avx2(const float *pre, float *hidden, float *slope,
                                                                                size_t n) {
    const __m256 c = _mm256_set1_ps(0.7978845608f), a = _mm256_set1_ps(0.044715f), one = _mm256_set1_ps(1.0f),
                 half = _mm256_set1_ps(0.5f), three_a = _mm256_set1_ps(3.0f * 0.044715f);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 x = _mm256_loadu_ps(pre + i);
        __m256 x2 = _mm256_mul_ps(x, x);
        __m256 u = _mm256_mul_ps(c, _mm256_fmadd_ps(_mm256_mul_ps(a, x2), x, x));
        u = _mm256_min_ps(_mm256_max_ps(u, _mm256_set1_ps(-9.0f)), _mm256_set1_ps(9.0f));
        __m256 e = tf_exp256(_mm256_add_ps(u, u));
        __m256 t = _mm256_div_ps(_mm256_sub_ps(e, one), _mm256_add_ps(e, one));
        __m256 hp = _mm256_mul_ps(half, _mm256_add_ps(one, t));
        _mm256_storeu_ps(hidden + i, _mm256_mul_ps(x, hp));
        if (slope) {
            __m256 du = _mm256_mul_ps(c, _mm256_fmadd_ps(three_a, x2, one));
            __m256 tail = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(half, x), _mm256_fnmadd_ps(t, t, one)), du);
            _mm256_storeu_ps(slope + i, _mm256_add_ps(hp, tail));
        }
    }
    tf_gelu_tanh_slope_portable(pre + i, hidden + i, slope ? slope + i : NULL, n - i);
}

__attribute__((target("avx2,fma"))) static inline void tf_adamw_avx2(float *w, const float *g, float *m, float *v, size_t n,
                                                                    float beta1, float beta2, float rate, float inv_c2,
                                                                    float eps, float decay) {
    const __m256 b1 = _mm256_set1_ps(beta1), b2 = _mm256_set1_ps(beta2), nb1 = _mm256_set1_ps(1.0f - beta1),
                 nb2 = _mm256_set1_ps(1.0f - beta2), vr = _mm256_set1_ps(rate), vc = _mm256_set1_ps(inv_c2),
                 ve = _mm256_set1_ps(eps), vd = _mm256_set1_ps(decay);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 gi = _mm256_loadu_ps(g + i);
        __m256 mi = _mm256_add_ps(_mm256_mul_ps(b1, _mm256_loadu_ps(m + i)), _mm256_mul_ps(nb1, gi));
        __m256 vi = _mm256_add_ps(_mm256_mul_ps(b2, _mm256_loadu_ps(v + i)), _mm256_mul_ps(nb2, _mm256_mul_ps(gi, gi)));
        _mm256_storeu_ps(m + i, mi);
        _mm256_storeu_ps(v + i, vi);
        __m256 den = _mm256_add_ps(_mm256_sqrt_ps(_mm256_mul_ps(vi, vc)), ve);
        __m256 wi = _mm256_loadu_ps(w + i);
        wi = _mm256_sub_ps(_mm256_sub_ps(wi, _mm256_div_ps(_mm256_mul_ps(vr, mi), den)), _mm256_mul_ps(vd, wi));
        _mm256_storeu_ps(w + i, wi);
    }
    tf_adamw_portable(w + i, g + i, m + i, v + i, n - i, beta1, beta2, rate, inv_c2, eps, decay);
}

static inline int tf_kernels_have_avx2(void) {
    __builtin_cpu_init();  // idempotent and cheap after the first call
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#else
static inline int tf_kernels_have_avx2(void) { return 0; }
#endif

// ---- dispatch ------------------------------------------------------------------------------------

/// Exact GELU in place: x/2·(1 + erf(x/√2)).
static inline void tf_gelu(float *p, size_t n) {
#if TF_KERNELS_X86
    if (tf_kernels_have_avx2()) { tf_gelu_avx2(p, n); return; }
#endif
    tf_gelu_portable(p, n);
}

/// Adds `bias` to each row of p[rows][n], then exact GELU, in place (the feed-forward's first
/// layer, fused).
static inline void tf_bias_gelu(float *p, size_t rows, size_t n, const float *bias) {
#if TF_KERNELS_X86
    if (tf_kernels_have_avx2()) { tf_bias_gelu_avx2(p, rows, n, bias); return; }
#endif
    tf_bias_gelu_portable(p, rows, n, bias);
}

/// LayerNorm of each row of x[rows][n], in place.
static inline void tf_layernorm(float *x, size_t rows, size_t n, const float *gamma, const float *beta, float eps) {
#if TF_KERNELS_X86
    if (tf_kernels_have_avx2()) { tf_layernorm_avx2(x, rows, n, gamma, beta, eps); return; }
#endif
    tf_layernorm_portable(x, rows, n, gamma, beta, eps);
}

/// Attention for one (sequence, head); see tf_attention_head_portable.
static inline void tf_attention_head(const float *qkv, size_t hidden, size_t offset, size_t d, size_t start, size_t len,
                                     float scale, float *out, float *scores) {
#if TF_KERNELS_X86
    if (tf_kernels_have_avx2()) { tf_attention_head_avx2(qkv, hidden, offset, d, start, len, scale, out, scores); return; }
#endif
    tf_attention_head_portable(qkv, hidden, offset, d, start, len, scale, out, scores);
}

/// GELU, tanh form, of pre[n] into hidden[n], and its derivative into slope[n] when slope is not
/// NULL (head training keeps it for the backward pass).
static inline void tf_gelu_tanh_slope(const float *pre, float *hidden, float *slope, size_t n) {
#if TF_KERNELS_X86
    if (tf_kernels_have_avx2()) { tf_gelu_tanh_slope_avx2(pre, hidden, slope, n); return; }
#endif
    tf_gelu_tanh_slope_portable(pre, hidden, slope, n);
}

/// One AdamW step (decoupled weight decay) over n parameters: m, v are the moments; rate is
/// lr/(1 − β₁ᵗ), inv_c2 is 1/(1 − β₂ᵗ), decay is lr × weight decay.
static inline void tf_adamw(float *w, const float *g, float *m, float *v, size_t n, float beta1, float beta2, float rate,
                            float inv_c2, float eps, float decay) {
#if TF_KERNELS_X86
    if (tf_kernels_have_avx2()) { tf_adamw_avx2(w, g, m, v, n, beta1, beta2, rate, inv_c2, eps, decay); return; }
#endif
    tf_adamw_portable(w, g, m, v, n, beta1, beta2, rate, inv_c2, eps, decay);
}

#endif


