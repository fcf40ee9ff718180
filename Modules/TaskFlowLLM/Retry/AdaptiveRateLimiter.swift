import Foundation
import Synchronization

/// Paces calls to one provider and model, and caps how many are in flight.
///
/// A token bucket without burst (calls leave evenly spaced at the current rate) whose rate
/// adapts: it starts low and doubles each second while calls succeed (slow start); a 429
/// halves it and remembers the rate the server actually sustained (the spacing of the last
/// twenty successes) as the ceiling; below 95 % of the ceiling it doubles back quickly, above it it probes
/// upward by half a call per second each second. Only one halving per round: a 429 of a
/// call sent before the last halving is the same congestion, not new news. A server's
/// `Retry-After` pauses every caller, not only the one that got it.
public actor AdaptiveRateLimiter {
    /// A granted call; hand it back to `release`.
    public struct Permit: Sendable {
        let sentAt: Double
    }

    /// How a call ended, as far as pacing cares.
    public enum Outcome: Sendable {
        case success
        case rateLimited(retryAfter: Double?)
        case failure
    }

    public let maxConcurrent: Int
    public let maxRate: Double
    private let timer: any LLMTimer
    private(set) public var rate: Double
    private(set) public var ceiling: Double?
    private var lastSent: Double = -.infinity
    private var pausedUntil: Double = 0
    private var lastDecrease: Double = -.infinity
    private var inFlight = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var completions: [Double] = []

    /// - Parameters:
    ///   - initialRate: calls per second to start with.
    ///   - maxRate: never faster than this (the user's cap), calls per second.
    ///   - maxConcurrent: calls in flight at most.
    public init(initialRate: Double = 2, maxRate: Double = 1000, maxConcurrent: Int = 16, timer: any LLMTimer = SystemTimer()) {
        self.rate = max(0.1, min(initialRate, maxRate))
        self.maxRate = max(0.1, maxRate)
        self.maxConcurrent = max(1, maxConcurrent)
        self.timer = timer
    }

    /// Waits for a slot in flight and for the call's turn.
    public func acquire() async throws -> Permit {
        while inFlight >= maxConcurrent {
            await withCheckedContinuation { waiters.append($0) }
        }
        inFlight += 1
        // Each waiter looks again at the current rate when it wakes: a wait is never fixed at
        // a rate that has since grown.
        while true {
            let now = timer.now()
            let ready = max(lastSent + 1 / rate, pausedUntil)
            if ready <= now {
                lastSent = now
                break
            }
            do {
                try await timer.sleep(ready - now)
            } catch {
                releaseSlot()
                throw error
            }
        }
        return Permit(sentAt: timer.now())
    }

    /// Hands a permit back with what happened to the call.
    public func release(_ permit: Permit, _ outcome: Outcome) {
        releaseSlot()
        let now = timer.now()
        switch outcome {
        case .success:
            completions.append(now)
            if completions.count > 4096 { completions.removeFirst(completions.count - 2048) }
            if let c = ceiling, rate >= 0.95 * c {
                rate += 0.5 / rate
                if rate > c { ceiling = rate }
            } else {
                rate += 1
                if let c = ceiling { rate = min(rate, 0.95 * c) }
            }
            rate = min(rate, maxRate)
        case .rateLimited(let retryAfter):
            if let r = retryAfter, r > 0 { pausedUntil = max(pausedUntil, now + min(r, 60)) }
            guard permit.sentAt > lastDecrease else { return }
            // What the server sustained: the spacing of the last successes (a pause would
            // stretch it, so the window starts again after one).
            let recent = completions.suffix(20)
            if recent.count >= 5, let first = recent.first, let last = recent.last, last > first {
                ceiling = max(0.5, Double(recent.count - 1) / (last - first))
            } else {
                ceiling = max(0.5, rate / 2)
            }
            rate = max(0.25, min(rate, ceiling ?? rate) / 2)
            lastDecrease = now
            if retryAfter != nil { completions.removeAll(keepingCapacity: true) }
        case .failure:
            break
        }
    }

    private func releaseSlot() {
        inFlight -= 1
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }
}

/// One limiter per provider, endpoint and model in this process, so every agent and client
/// that talks to the same model shares what was learnt about its limit.
public enum RateLimiters {
    private static let table = Mutex<[String: AdaptiveRateLimiter]>([:])

    /// The limiter for `key`, made with `make` the first time.
    public static func limiter(for key: String, make: () -> AdaptiveRateLimiter) -> AdaptiveRateLimiter {
        table.withLock { t in
            if let l = t[key] { return l }
            let l = make()
            t[key] = l
            return l
        }
    }
}
