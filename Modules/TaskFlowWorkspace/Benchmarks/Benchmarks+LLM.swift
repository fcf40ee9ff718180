import Foundation
import Synchronization
import TaskFlowCore
import TaskFlowLLM
import TaskFlowPluginAPI

extension Benchmarks {
    /// Pacing against a rate-limited provider: 64 concurrent callers (each making `--n` calls,
    /// 10 by default) through one OpenAI-compatible client against a local server that allows
    /// 20 requests per second and answers the rest 429 with `Retry-After: 1`. Figures: the share
    /// of calls that saw a 429 (goal ≤ 5 %) and the throughput against the limit (goal ≥ 90 %).
    func benchLLM() async throws {
        let limit = ProcessInfo.processInfo.environment["TF_BENCH_LLM_LIMIT"].flatMap(Double.init) ?? 20
        let callers = 64
        let perCaller = count ?? 10
        let gate = LoopbackProvider.RateLimit(rate: limit)
        let server = try await LoopbackServer.start { r in
            guard gate.admit() else {
                return LoopbackProvider.error(429, "rate limit reached", to: r, headers: [("retry-after", "1")])
            }
            return LoopbackProvider.answer("ok", to: r, inputTokens: 20)
        }
        defer { Task { await server.stop() } }
        var settings = try ProviderSettings.from(
            provider: .openai, environment: ["OPENAI_BASE_URL": server.baseURL + "/v1", "TF_LLM_MODEL": "bench"])
        settings.retry.maxRetries = 6
        let limiter = AdaptiveRateLimiter(maxConcurrent: 16)
        let client = HTTPLanguageModel(settings: settings, limiter: limiter)
        let outcome = CallTally()
        let t0 = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for c in 0..<callers {
                group.addTask {
                    for i in 0..<perCaller {
                        do {
                            let r = try await client.call(LanguageModelRequest(prompt: "caller \(c) call \(i)", maxTokens: 8), onDelta: nil)
                            outcome.add(saw429: r.rateLimited > 0, failed: false, seconds: r.seconds)
                        } catch {
                            outcome.add(saw429: true, failed: true, seconds: 0)
                        }
                    }
                }
            }
        }
        let seconds = (ContinuousClock.now - t0).inSeconds
        let rate = await limiter.rate
        let ceiling = await limiter.ceiling
        await server.stop()
        let o = outcome.value
        let throughput = Double(o.calls - o.failed) / seconds
        emit(String(format: "llm.calls: %d (%d callers × %d, server limit %.0f requests/s)", o.calls, callers, perCaller, limit))
        emit(String(format: "llm.calls_that_saw_429: %d (%.1f%%; goal ≤ 5%%)", o.saw429, 100 * Double(o.saw429) / Double(max(1, o.calls))))
        emit(String(format: "llm.server_refusals: %d of %d requests", gate.refused, gate.refused + gate.allowed))
        emit(String(format: "llm.failed_calls: %d", o.failed))
        emit(String(format: "llm.mean_call_seconds: %.3f (pacing and retries included)", o.seconds / Double(max(1, o.calls - o.failed))))
        emit(String(format: "llm.pacing_at_end: %.1f calls/s (learnt ceiling %.1f)", rate, ceiling ?? 0))
        emit(String(format: "llm.throughput: %.2f calls/s (%.1f%% of the limit; goal ≥ 90%%) over %.1f s", throughput, 100 * throughput / limit, seconds))
    }
}

/// Calls counted from many tasks.
final class CallTally: Sendable {
    private let m = Mutex((calls: 0, saw429: 0, failed: 0, seconds: 0.0))
    func add(saw429: Bool, failed: Bool, seconds: Double) {
        m.withLock {
            $0.calls += 1
            $0.seconds += seconds
            if saw429 { $0.saw429 += 1 }
            if failed { $0.failed += 1 }
        }
    }
    var value: (calls: Int, saw429: Int, failed: Int, seconds: Double) { m.withLock { $0 } }
}
