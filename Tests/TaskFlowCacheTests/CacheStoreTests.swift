import Foundation
import GRDB
import Synchronization
import Testing
import TaskFlowCore
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

    /// What a test does first with a cache damaged while it is open.
    enum FirstUse: String, CaseIterable, Sendable {
        case getMany, putMany, stats, clear
    }

    @Test(arguments: FirstUse.allCases)
    func damageMetInTheMiddleOfARunIsMovedAsideAndTheCacheStartsAfresh(first: FirstUse) async throws {
        let path = try await cacheFile()
        let warnings = Mutex<[String]>([])
        let s = try SQLiteCacheStore(path: path, warn: { m in warnings.withLock { $0.append(m) } })
        try damagePages(of: path)
        let size = try fileSize(path)
        switch first {
        case .getMany: #expect(try await s.getMany((0..<600).map(key)).isEmpty)
        case .putMany: try await s.putMany((0..<600).map { entry($0, bytes: 300) })  // replacing reads every entry
        case .stats: #expect(try await s.stats().entries == 0)
        case .clear: #expect(try await s.clear(analyzer: nil, olderThan: nil) == 0)
        }
        let w = warnings.withLock { $0 }
        #expect(w.count == 1)
        let aside = try #require(try asideFiles(of: path).first)
        #expect(w.first == "the cache \(path) is damaged (database disk image is malformed (SQLite error 11)); moved it aside to \(aside) and started a new one")
        // The damaged contents are kept aside, page for page.
        #expect(try isCopyOfDamagedCache(aside, original: size))
        // The cache goes on, healthy, with what was written since.
        try await s.putMany([entry(9999)])
        #expect(try await s.getMany([key(9999)]).count == 1)
        #expect(try await s.stats().entries == (first == .putMany ? 601 : 1))
        #expect(try await s.pool.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        #expect(warnings.withLock { $0 }.count == 1)
    }

    @Test func damageInAFileBeingOpenedIsMovedAsideToo() async throws {
        let path = try await cacheFile()
        try damagePages(of: path)
        let warnings = Mutex<[String]>([])
        let s = try SQLiteCacheStore(path: path, warn: { m in warnings.withLock { $0.append(m) } })
        // Opening may meet the damage or the first read does; either way it is met once.
        #expect(try await s.getMany((0..<600).map(key)).isEmpty)
        let aside = try #require(try asideFiles(of: path).first)
        #expect(warnings.withLock { $0 } == [
            "the cache \(path) is damaged (database disk image is malformed (SQLite error 11)); moved it aside to \(aside) and started a new one"
        ])
        try await s.putMany([entry(1)])
        #expect(try await s.getMany([key(1)]).count == 1)
    }

    @Test func callersMeetingTheDamageTogetherRepairItOnce() async throws {
        let path = try await cacheFile()
        let warnings = Mutex<[String]>([])
        let s = try SQLiteCacheStore(path: path, warn: { m in warnings.withLock { $0.append(m) } })
        try damagePages(of: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for part in 0..<8 {
                group.addTask { _ = try await s.getMany((0..<600).filter { $0 % 8 == part }.map(key)) }
            }
            try await group.waitForAll()
        }
        #expect(warnings.withLock { $0 }.count == 1)
        #expect(try asideFiles(of: path).count == 1)
    }

    @Test func aFileSQLiteCannotEmptyInPlaceIsMovedAsideWhole() async throws {
        // A cache made with 1024-byte pages: emptying it in place (from a database of 4096-byte
        // pages) is refused while it is in WAL mode, so the repair moves the files instead.
        let path = try tempCachePath()
        try await DatabaseQueue(path: path).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA page_size = 1024; CREATE TABLE scratch (x); DROP TABLE scratch")
        }
        _ = try await cacheFile(at: path)
        let warnings = Mutex<[String]>([])
        let s = try SQLiteCacheStore(path: path, warn: { m in warnings.withLock { $0.append(m) } })
        try damagePages(of: path)
        let size = try fileSize(path)
        #expect(try await s.getMany((0..<600).map(key)).isEmpty)
        let aside = try #require(try asideFiles(of: path).first)
        #expect(warnings.withLock { $0 }.first?.contains("moved it aside to \(aside)") == true)
        #expect(try isCopyOfDamagedCache(aside, original: size))
        try await s.putMany([entry(1)])
        #expect(try await s.getMany([key(1)]).count == 1)
        #expect(try await s.pool.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 4096)
    }

    @Test func otherDatabaseErrorsNameTheFileNotTheStatement() async throws {
        let path = try tempCachePath()
        let s = try SQLiteCacheStore(path: path)
        try await s.pool.write { try $0.execute(sql: "DROP TABLE entry") }
        let error = await #expect(throws: TaskFlowFailure.self) { try await s.getMany((0..<300).map(key)) }
        #expect(error?.description == "cannot use the cache \(path): no such table: entry (SQLite error 1)")
        #expect(error?.description.containsSQL == false)
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

/// Writes a cache file of 600 entries of 400 bytes, with everything moved from the WAL into
/// the file, and closes it.
func cacheFile(at path: String? = nil) async throws -> String {
    let path = try path ?? tempCachePath()
    let s = try SQLiteCacheStore(path: path)
    try await s.putMany((0..<600).map { entry($0, bytes: 400, analyzer: $0 % 2 == 0 ? "a" : "b") })
    try await s.pool.writeWithoutTransaction { _ = try $0.checkpoint(.truncate) }
    try s.pool.close()
    return path
}

/// Writes garbage over `count` 4096-byte pages in the middle of a file, keeping its size:
/// damage SQLite finds only when it reads those pages.
func damagePages(of path: String, count: Int = 4) throws {
    let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    let size = try handle.seekToEnd()
    let middle = size / 4096 / 2
    try handle.seek(toOffset: middle * 4096)
    try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096 * count))
    #expect(try handle.seekToEnd() == size)
}

/// True when `path` is a copy of a damaged cache of `original` bytes: a SQLite file at least as
/// long, with garbage where `damagePages` wrote it (pages a connection had read before the
/// damage may be copied from its memory, whole).
func isCopyOfDamagedCache(_ path: String, original: Int, count: Int = 4) throws -> Bool {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let start = original / 4096 / 2 * 4096
    guard data.starts(with: Array("SQLite format 3\0".utf8)), data.count >= original else { return false }
    return (0..<count).contains { page in
        data[(start + page * 4096)..<(start + (page + 1) * 4096)].allSatisfy { $0 == 0xA5 }
    }
}

/// The damaged caches moved aside beside `path`.
func asideFiles(of path: String) throws -> [String] {
    let dir = (path as NSString).deletingLastPathComponent
    let name = (path as NSString).lastPathComponent
    return try FileManager.default.contentsOfDirectory(atPath: dir)
        .filter { $0.hasPrefix(name + ".corrupt-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
        .map { (dir as NSString).appendingPathComponent($0) }
}

func fileSize(_ path: String) throws -> Int {
    try (FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? -1
}

extension String {
    /// True when the text quotes a statement or its placeholders.
    var containsSQL: Bool {
        ["SELECT", "INSERT", "UPDATE", "DELETE", "?,?", "arguments"].contains { contains($0) }
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

    /// Ctrl-C or SIGTERM during a lookup cancels it: no warning, and the tier is used again.
    @Test func aCancelledLookupIsNoFailureOfTheTier() async throws {
        final class CancellingStore: CacheStore {
            let name = "sqlite"
            let cancel = Mutex(true)
            func getMany(_ keys: [CacheKey]) async throws -> [CacheKey: [UInt8]] {
                if cancel.withLock({ c in defer { c = false }; return c }) { throw CancellationError() }
                return [keys[0]: [1]]
            }
            func putMany(_ entries: [CacheEntry]) async throws {}
            func delete(_ keys: [CacheKey]) async throws {}
            func clear(analyzer: String?, olderThan: Date?) async throws -> Int { 0 }
            func stats() async throws -> CacheTierStats { throw CancellationError() }
        }
        let warnings = Mutex<[String]>([])
        let cache = TieredCache(tiers: [CancellingStore()], warn: { m in warnings.withLock { $0.append(m) } })
        #expect(await cache.getMany([key(1)], analyzer: "a").isEmpty)
        #expect(await cache.getMany([key(1)], analyzer: "a").count == 1, "the tier is not set aside")
        #expect(warnings.withLock { $0 }.isEmpty)
    }

    @Test func aFailingTierIsReportedWithoutItsStatement() async throws {
        struct SQLFailingStore: CacheStore {
            let name = "sqlite"
            var error: DatabaseError {
                DatabaseError(
                    resultCode: .SQLITE_IOERR, message: "disk I/O error", sql: "SELECT key FROM entry WHERE key IN (?,?,?)",
                    arguments: [1, 2, 3])
            }
            func getMany(_ keys: [CacheKey]) async throws -> [CacheKey: [UInt8]] { throw error }
            func putMany(_ entries: [CacheEntry]) async throws { throw error }
            func delete(_ keys: [CacheKey]) async throws { throw error }
            func clear(analyzer: String?, olderThan: Date?) async throws -> Int { throw error }
            func stats() async throws -> CacheTierStats { throw error }
        }
        let warnings = Mutex<[String]>([])
        let cache = TieredCache(tiers: [SQLFailingStore()], warn: { m in warnings.withLock { $0.append(m) } })
        _ = await cache.getMany([key(1)], analyzer: "a")
        let w = warnings.withLock { $0 }
        #expect(w == ["the sqlite cache failed (disk I/O error (SQLite error 10)); going on without it for this run"])
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
