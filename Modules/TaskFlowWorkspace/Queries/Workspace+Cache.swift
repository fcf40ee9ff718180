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
    /// - Throws: `TaskFlowFailure` for an age that cannot be read, and (exit code 2) for an
    ///   analyzer that has no cached entries and is no known tool either, listing the analyzers
    ///   that have entries and the closest name.
    public func clearCache(analyzer: String?, olderThan: String?) async throws -> Int {
        let cutoff = try olderThan.map { Date().addingTimeInterval(-(try CacheAge.parse($0))) }
        let disk = try diskCache()
        if let analyzer {
            let cached = try await disk.stats().analyzers.filter { $0.entries > 0 }.map(\.analyzer)
            if !cached.contains(analyzer), !registry.tools.contains(where: { $0.id == analyzer }) {
                throw noCachedEntries(analyzer, cached: cached)
            }
        }
        return try await disk.clear(analyzer: analyzer, olderThan: cutoff)
    }

    /// The error for clearing an analyzer the cache holds nothing of: the analyzers it does hold,
    /// and the one meant when the name is a typo or a tool's other name (`sentiment`).
    private func noCachedEntries(_ analyzer: String, cached: [String]) -> TaskFlowFailure {
        var hint = cached.isEmpty ? "the cache holds no entries" : "analyzers with cached entries: " + cached.joined(separator: ", ")
        let resolved = (try? registry.entry(named: analyzer)).map(\.id).flatMap { cached.contains($0) ? $0 : nil }
        if let guess = resolved ?? Suggestions.closest(to: analyzer, among: cached) { hint = "did you mean '\(guess)'? " + hint }
        return TaskFlowFailure(
            "no-cached-entries", "no analyzer named '\(analyzer)' has entries in the cache \(cachePath)", hint: hint, exitCode: 2)
    }
}
