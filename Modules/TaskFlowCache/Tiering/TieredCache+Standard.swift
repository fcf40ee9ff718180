import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

extension TieredCache {
    /// The cache every `tf` command uses: memory (L1) over `$TF_HOME/cache.sqlite` (L3).
    ///
    /// Sizes come from `TF_CACHE_MAX_MB` (disk, default 1024) and an optional TTL from
    /// `TF_CACHE_TTL_DAYS`. When the disk tier cannot be opened at all, the warning says so and
    /// the cache is memory-only.
    public static func standard(
        home: TaskFlowHome, environment: [String: String] = ProcessInfo.processInfo.environment,
        warn: @escaping @Sendable (String) -> Void
    ) -> TieredCache {
        let maxMB = environment["TF_CACHE_MAX_MB"].flatMap(Int.init) ?? 1024
        let ttl = environment["TF_CACHE_TTL_DAYS"].flatMap(Double.init).map { $0 * 86_400 }
        var tiers: [any CacheStore] = [MemoryCacheStore(maxBytes: 64 << 20, ttl: ttl)]
        do {
            tiers.append(try SQLiteCacheStore(path: diskPath(home: home), maxBytes: maxMB << 20, ttl: ttl, warn: warn))
        } catch let error as any TaskFlowError {
            warn("\(error.description); caching in memory only for this run")
        } catch {
            warn("the disk cache \(diskPath(home: home)) cannot be used (\(error)); caching in memory only for this run")
        }
        return TieredCache(tiers: tiers, warn: warn)
    }

    /// Where the disk tier lives.
    public static func diskPath(home: TaskFlowHome) -> String {
        (home.path as NSString).appendingPathComponent("cache.sqlite")
    }
}
