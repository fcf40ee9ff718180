import Foundation
import TaskFlowCache
import TaskFlowCore
import TaskFlowPluginAPI

/// What the content cache on disk holds (`tf cache stats`, REPL `cache`).
public struct CacheReport: Sendable, Encodable {
    /// Figures per analyzer.
    public struct Analyzer: Sendable, Encodable {
        public var analyzer: String
        public var entries: Int
        public var bytes: Int
        public var hits: Int
        public var misses: Int
        /// Analysis seconds the hits saved (estimated from the analyzer's measured speed).
        public var savedSeconds: Double

        public var hitRate: Double { hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses) }
    }

    /// The tier's figures, in the shape `tf cache stats --json` has always written.
    public struct Stats: Sendable, Encodable {
        public var tier: String
        public var entries: Int
        public var bytes: Int
        public var maxBytes: Int?
        public var hits: Int
        public var misses: Int
        public var evictions: Int
        public var analyzers: [Analyzer]

        public var hitRate: Double { hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses) }
    }

    public var path: String
    public var stats: Stats
}

extension Workspace {
    /// The disk tier of the content cache, `$TF_HOME/cache.sqlite`.
    public var cachePath: String { TieredCache.diskPath(home: home) }

    private func diskCache() throws -> SQLiteCacheStore {
        try SQLiteCacheStore(path: cachePath, warn: configuration.warn)
    }

    /// Entries, bytes, hits and misses of the disk cache, per analyzer.
    public func cacheStats() async throws -> CacheReport {
        let s = try await diskCache().stats()
        let analyzers = s.analyzers.map {
            CacheReport.Analyzer(
                analyzer: $0.analyzer, entries: $0.entries, bytes: $0.bytes, hits: $0.hits, misses: $0.misses,
                savedSeconds: $0.savedSeconds)
        }
        return CacheReport(
            path: cachePath,
            stats: CacheReport.Stats(
                tier: s.tier, entries: s.entries, bytes: s.bytes, maxBytes: s.maxBytes, hits: s.hits, misses: s.misses,
                evictions: s.evictions, analyzers: analyzers))
    }

    /// Removes cached outputs: all, one analyzer's, or those unused for `olderThan` (`7d`).
    ///
    /// - Returns: how many entries were removed.
    public func clearCache(analyzer: String?, olderThan: String?) async throws -> Int {
        let cutoff = try olderThan.map { Date().addingTimeInterval(-(try CacheAge.parse($0))) }
        return try await diskCache().clear(analyzer: analyzer, olderThan: cutoff)
    }
}
