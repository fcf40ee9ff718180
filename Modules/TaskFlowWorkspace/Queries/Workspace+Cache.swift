import Foundation
import TaskFlowCache
import TaskFlowCore
import TaskFlowPluginAPI

/// What the content cache on disk holds (`tf cache stats`, REPL `cache`): its file and figures.
public struct CacheReport: Sendable, Encodable {
    public var path: String
    public var stats: CacheTierStats
}

extension Workspace {
    /// The disk tier of the content cache, `$TF_HOME/cache.sqlite`.
    public var cachePath: String { TieredCache.diskPath(home: home) }

    private func diskCache() throws -> SQLiteCacheStore {
        try SQLiteCacheStore(path: cachePath, warn: configuration.warn)
    }

    /// Entries, bytes, hits and misses of the disk cache, per analyzer.
    public func cacheStats() async throws -> CacheReport {
        CacheReport(path: cachePath, stats: try await diskCache().stats())
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
