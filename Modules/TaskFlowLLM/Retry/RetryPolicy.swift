import Foundation

/// When and how long to wait before trying a failed call again.
///
/// The contract of the OpenAI SDKs: connection errors, 408, 409, 429 and 5xx are retried,
/// 2 times by default; the wait doubles from 0.5 s up to 8 s, less up to a quarter at random
/// (jitter, so clients that failed together do not retry together); a server's
/// `retry-after-ms` or `Retry-After` (seconds or an HTTP date) wins when it asks for at most
/// 60 s.
public struct RetryPolicy: Sendable, Hashable {
    public var maxRetries: Int
    public var initialDelay: Double
    public var maxDelay: Double
    /// The longest server-requested wait honoured; longer requests fall back to backoff.
    public var maxRetryAfter: Double
    /// The share of a backoff wait that jitter may take away (0.25: waits are 75–100 %).
    public var jitter: Double

    public init(maxRetries: Int = 2, initialDelay: Double = 0.5, maxDelay: Double = 8, maxRetryAfter: Double = 60, jitter: Double = 0.25) {
        self.maxRetries = maxRetries
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.jitter = jitter
    }

    /// Whether an HTTP status is worth another try.
    public static func retries(status: Int) -> Bool {
        status == 408 || status == 409 || status == 429 || status >= 500
    }

    /// The wait before retry number `retry` (0 for the first retry).
    ///
    /// - Parameters:
    ///   - retryAfter: what the server asked for, in seconds, if anything.
    ///   - random: a number in 0..<1 (the jitter draw).
    public func delay(beforeRetry retry: Int, retryAfter: Double?, random: Double) -> Double {
        if let r = retryAfter, r >= 0, r <= maxRetryAfter { return r }
        let base = min(initialDelay * pow(2, Double(max(0, retry))), maxDelay)
        return base * (1 - jitter * min(max(random, 0), 1))
    }

    /// The wait a response asks for: `retry-after-ms` (milliseconds), else `retry-after`
    /// (seconds, or an HTTP date relative to `now`).
    public static func retryAfter(headers: [(String, String)], now: Date = Date()) -> Double? {
        func value(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name }?.1.trimmingCharacters(in: .whitespaces)
        }
        if let ms = value("retry-after-ms").flatMap(Double.init), ms.isFinite, ms >= 0 { return ms / 1000 }
        guard let ra = value("retry-after") else { return nil }
        if let s = Double(ra), s.isFinite, s >= 0 { return s }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let date = f.date(from: ra) { return max(0, date.timeIntervalSince(now)) }
        return nil
    }
}
