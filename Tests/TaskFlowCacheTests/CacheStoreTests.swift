import Foundation
import GRDB
import Synchronization
import Testing
import TaskFlowPluginAPI

@testable import TaskFlowCache

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let t = Mutex(Date(timeIntervalSince1970: 1_000_000))
    func now() -> Date { t.withLock { $0 } }
    func advance(_ s: TimeInterval) { t.withLock { $0 = $0.addingTimeInterval(s) } }
}

func key(_ n: Int) -> CacheKey {
    CacheKey(bytes: (0..<32).map { UInt8(truncatingIfNeeded: n >> (($0 % 4) * 8)) ^ UInt8($0) })
}

func entry(_ n: Int, bytes: Int = 10, analyzer: String = "a") -> CacheEntry {
    CacheEntry(key: key(n), analyzer: analyzer, value: [UInt8](repeating: UInt8(n % 256), count: bytes))
}

func tempCachePath() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-cache-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("cache.sqlite").path
}

@Suite struct MemoryCacheStoreTests {
    @Test func evictsTheLeastRecentlyUsedBeyondTheByteBudget() async throws {
        let m = MemoryCacheStore(maxBytes: 30)
        try await m.putMany([entry(1), entry(2), entry(3)])
        _ = try await m.getMany([key(1)])  // 1 is now more recent than 2
        try await m.putMany([entry(4)])
        let got = try await m.getMany([key(1), key(2), key(3), key(4)])
        #expect(Set(got.keys) == [key(1), key(3), key(4)])
        let s = try await m.stats()
        #expect(s.evictions == 1)
        #expect(s.bytes == 30)
        #expect(s.entries == 3)
    }

    @Test func entriesExpireAfterTheTTL() async throws {
        let clock = TestClock()
        let m = MemoryCacheStore(maxBytes: 1000, ttl: 60, now: { clock.now() })
        try await m.putMany([entry(1)])
        clock.advance(30)
        #expect(try await m.getMany([key(1)]).count == 1)
        clock.advance(31)
        #expect(try await m.getMany([key(1)]).isEmpty)
        #expect(try await m.stats().entries == 0)
    }

    @Test func countsHitsAndMissesAndClearsByAnalyzer() async throws {
        let m = MemoryCacheStore()
        try await m.putMany([entry(1, analyzer: "a"), entry(2, analyzer: "b")])
        _ = try await m.getMany([key(1), key(9)])
        let s = try await m.stats()
        #expect(s.hits == 1 && s.misses == 1)
        #expect(try await m.clear(analyzer: "a", olderThan: nil) == 1)
        #expect(try await m.getMany([key(1), key(2)]).keys.first == key(2))
    }
}

@Suite struct SQLiteCacheStoreTests {
    @Test func storesAndFetchesInBatches() async throws {
        let s = try SQLiteCacheStore(path: try tempCachePath())
        try await s.putMany((0..<600).map { entry($0) })
        let got = try await s.getMany((0..<700).map(key))
        #expect(got.count == 600)
        #expect(got[key(5)] == [UInt8](repeating: 5, count: 10))
        try await s.putMany([])  // flushes counters
        let stats = try await s.stats()
        #expect(stats.entries == 600 && stats.bytes == 6000)
        #expect(stats.hits == 600 && stats.misses == 100)
    }

    @Test func evictsByLeastRecentUseBeyondItsSize() async throws {
        let clock = TestClock()
        let s = try SQLiteCacheStore(path: try tempCachePath(), maxBytes: 30, touchGranularity: 0, now: { clock.now() })
        for n in 1...3 {
            try await s.putMany([entry(n)])
            clock.advance(1)
        }
        _ = try await s.getMany([key(1)])
        clock.advance(1)
        try await s.putMany([entry(4)])  // also records that 1 was used
        let got = try await s.getMany((1...4).map(key))
        #expect(Set(got.keys) == [key(1), key(3), key(4)])
        let stats = try await s.stats()
        #expect(stats.evictions == 1 && stats.bytes == 30 && stats.entries == 3)
    }

    @Test func entriesOlderThanTheTTLAreMisses() async throws {
        let clock = TestClock()
        let s = try SQLiteCacheStore(path: try tempCachePath(), ttl: 3600, now: { clock.now() })
        try await s.putMany([entry(1)])
        clock.advance(1800)
        #expect(try await s.getMany([key(1)]).count == 1)
        clock.advance(3600)
        #expect(try await s.getMany([key(1)]).isEmpty)
    }

    @Test func aCorruptFileIsMovedAsideWithAWarning() async throws {
        let path = try tempCachePath()
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        let warnings = Mutex<[String]>([])
        let s = try SQLiteCacheStore(path: path, warn: { m in warnings.withLock { $0.append(m) } })
        try await s.putMany([entry(1)])
        #expect(try await s.getMany([key(1)]).count == 1)
        let w = warnings.withLock { $0 }
        #expect(w.count == 1)
        #expect(w.first?.contains("moved it aside") == true)
        let dir = (path as NSString).deletingLastPathComponent
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(files.contains { $0.hasPrefix("cache.sqlite.corrupt-") })
    }

    @Test func aFullDiskMakesTheCacheReadOnlyNotFailing() async throws {
        let warnings = Mutex<[String]>([])
        let s = try SQLiteCacheStore(path: try tempCachePath(), warn: { m in warnings.withLock { $0.append(m) } })
        try await s.putMany([entry(1)])
        // Cap the file at its current size: the next growth fails with SQLITE_FULL.
        try await s.pool.write { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages)")
        }
        try await s.putMany((2..<400).map { entry($0, bytes: 2000) })
        #expect(s.isReadOnly)
        #expect(warnings.withLock { $0 }.first?.contains("read-only") == true)
        try await s.putMany([entry(500)])  // ignored quietly
        #expect(try await s.getMany([key(1)]).count == 1)
        #expect(warnings.withLock { $0 }.count == 1)
    }

    @Test func clearByAnalyzerAndAge() async throws {
        let clock = TestClock()
        let s = try SQLiteCacheStore(path: try tempCachePath(), now: { clock.now() })
        try await s.putMany([entry(1, analyzer: "a"), entry(2, analyzer: "b")])
        clock.advance(86_400 * 10)
        try await s.putMany([entry(3, analyzer: "a")])
        #expect(try await s.clear(analyzer: nil, olderThan: clock.now().addingTimeInterval(-86_400 * 7)) == 2)
        #expect(try await s.stats().entries == 1)
        #expect(try await s.clear(analyzer: "a", olderThan: nil) == 1)
        let stats = try await s.stats()
        #expect(stats.entries == 0 && stats.bytes == 0)
    }

    @Test func aReplacedValueKeepsTheSizeRight() async throws {
        let s = try SQLiteCacheStore(path: try tempCachePath())
        try await s.putMany([entry(1, bytes: 10)])
        try await s.putMany([CacheEntry(key: key(1), analyzer: "a", value: [1, 2, 3])])
        #expect(try await s.getMany([key(1)])[key(1)] == [1, 2, 3])
        #expect(try await s.stats().bytes == 3)
    }
}

/// A tier that always fails.
struct FailingStore: CacheStore {
    let name = "broken"
    struct Boom: Error {}
    func getMany(_ keys: [CacheKey]) async throws -> [CacheKey: [UInt8]] { throw Boom() }
    func putMany(_ entries: [CacheEntry]) async throws { throw Boom() }
    func delete(_ keys: [CacheKey]) async throws { throw Boom() }
    func clear(analyzer: String?, olderThan: Date?) async throws -> Int { throw Boom() }
    func stats() async throws -> CacheTierStats { throw Boom() }
}

@Suite struct TieredCacheTests {
    @Test func hitsInALowerTierArePromoted() async throws {
        let l1 = MemoryCacheStore()
        let l3 = try SQLiteCacheStore(path: try tempCachePath())
        try await l3.putMany([entry(1)])
        let cache = TieredCache(tiers: [l1, l3])
        let got = await cache.getMany([key(1), key(2)], analyzer: "a")
        #expect(got.count == 1)
        #expect(try await l1.getMany([key(1)]).count == 1)
        await cache.putMany([entry(2)])
        #expect(try await l1.getMany([key(2)]).count == 1)
        #expect(try await l3.getMany([key(2)]).count == 1)
    }

    @Test func aFailingTierIsSkippedWithOneWarning() async throws {
        let warnings = Mutex<[String]>([])
        let l3 = MemoryCacheStore()
        let cache = TieredCache(tiers: [FailingStore(), l3], warn: { m in warnings.withLock { $0.append(m) } })
        await cache.putMany([entry(1)])
        #expect(await cache.getMany([key(1)], analyzer: "a").count == 1)
        #expect(warnings.withLock { $0 }.count == 1)
    }

    @Test func usageIsRecordedByTheTiersThatKeepItAndReadBackThroughTheCache() async throws {
        let l3 = try SQLiteCacheStore(path: try tempCachePath())
        let cache = TieredCache(tiers: [MemoryCacheStore(), l3])
        #expect(await cache.secondsPerRecord(analyzer: "a") == nil)
        await cache.recordUsage(
            [AnalyzerCacheStats(analyzer: "a", hits: 3, misses: 4, savedSeconds: 1.5)], analyzed: ["a": (records: 4, seconds: 2)])
        #expect(await cache.secondsPerRecord(analyzer: "a") == 0.5)
        let stats = try await l3.stats().analyzers.first { $0.analyzer == "a" }
        #expect(stats?.hits == 3 && stats?.misses == 4 && stats?.savedSeconds == 1.5)
        // A memory-only cache keeps no usage and says so with nil.
        let memory = TieredCache(tiers: [MemoryCacheStore()])
        await memory.recordUsage([AnalyzerCacheStats(analyzer: "a", hits: 1)], analyzed: ["a": (records: 1, seconds: 1)])
        #expect(await memory.secondsPerRecord(analyzer: "a") == nil)
    }
}
