import Foundation

/// The clock the language-model layer waits on: real time in use, a controllable one in tests,
/// so retry and rate-limit timings are checked without sleeping.
public protocol LLMTimer: Sendable {
    /// Seconds on a monotonic clock.
    func now() -> Double
    /// Waits `seconds` (or returns at once for 0); throws when the task is cancelled.
    func sleep(_ seconds: Double) async throws
}

/// Real, monotonic time.
public struct SystemTimer: LLMTimer {
    public init() {}

    public func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    public func sleep(_ seconds: Double) async throws {
        guard seconds > 0 else { return try Task.checkCancellation() }
        try await Task.sleep(nanoseconds: UInt64(min(seconds, 3600) * 1e9))
    }
}
