import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// One cached entry to write: its key, the analyzer it belongs to and the stored bytes.
public struct CacheEntry: Sendable, Hashable {
    public var key: CacheKey
    public var analyzer: String
    public var value: [UInt8]

    public init(key: CacheKey, analyzer: String, value: [UInt8]) {
        self.key = key
        self.analyzer = analyzer
        self.value = value
    }
}

/// A tier of the content-addressed cache.
///
/// Reads and writes are batched (one round trip per batch, never one per record), so a network
/// tier fits the same protocol.
public protocol CacheStore: Sendable {
    /// A short name for messages and stats: `memory`, `sqlite`.
    var name: String { get }
    /// The stored bytes of every key found.
    func getMany(_ keys: [CacheKey]) async throws -> [CacheKey: [UInt8]]
    /// Stores entries (replacing any with the same key).
    func putMany(_ entries: [CacheEntry]) async throws
    /// Removes keys.
    func delete(_ keys: [CacheKey]) async throws
    /// Removes entries of one analyzer (or all), optionally only those not used since a date.
    /// Returns how many were removed.
    @discardableResult
    func clear(analyzer: String?, olderThan: Date?) async throws -> Int
    /// Entries, bytes and counters of this tier.
    func stats() async throws -> CacheTierStats

    /// Seconds per record an analyzer (or feature) took over the runs this tier recorded; nil
    /// when it has no figure. Tiers that keep no usage answer nil (the default).
    func secondsPerRecord(analyzer: String) async throws -> Double?

    /// Adds a run's per-analyzer counts (hits, misses, seconds saved) and the records each
    /// analyzer computed, with their seconds, to the tier's persistent usage. Tiers that keep no
    /// usage ignore it (the default).
    func recordUsage(_ usage: [AnalyzerCacheStats], analyzed: [String: (records: Int, seconds: Double)]) async throws
}

extension CacheStore {
    public func secondsPerRecord(analyzer: String) async throws -> Double? { nil }

    public func recordUsage(_ usage: [AnalyzerCacheStats], analyzed: [String: (records: Int, seconds: Double)]) async throws {}
}

