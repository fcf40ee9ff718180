import Foundation
import GRDB
import Synchronization
import TaskFlowCore
import TaskFlowPluginAPI

/// The on-disk tier (L3): one SQLite file (WAL) shared safely by concurrent `tf` processes,
/// bounded in size by least-recent use, with an optional TTL.
///
/// Damage is handled wherever SQLite reports it (SQLITE_CORRUPT or SQLITE_NOTADB), at open or
/// in the middle of a run: what the file held goes aside to `cache.sqlite.corrupt-<time>` with
/// one warning naming it, and the cache starts afresh. When the disk is full the tier turns
/// read-only (with one warning) instead of failing runs. Errors and warnings name the file and
/// SQLite's reason, never a statement.
public final class SQLiteCacheStore: CacheStore {
    public let name = "sqlite"
    public let path: String
    public let maxBytes: Int
    public let ttl: TimeInterval?
    /// A hit moves an entry's last-use time only when it is older than this, which keeps warm
    /// runs from rewriting the recency index for every key.
    public let touchGranularity: TimeInterval
    private let warn: @Sendable (String) -> Void
    private let mutable: Mutex<MutableState>
    private let database: Mutex<DatabaseState>
    private let now: @Sendable () -> Date

    private struct MutableState {
        var readOnly = false
        var pendingTouches: Set<CacheKey> = []
        var hits = 0
        var misses = 0
        var puts = 0
    }

    /// The open database and the repair of damage in progress, if any.
    private struct DatabaseState {
        var pool: DatabasePool
        /// Counts repairs, so failures met on a file that has since been repaired repair nothing.
        var generation = 0
        var repair: Task<Void, any Error>?
    }

    /// The database as it is now (a repair may have replaced it).
    var pool: DatabasePool { database.withLock { $0.pool } }

    /// Opens (creating when needed) the cache at `path`.
    ///
    /// - Parameter warn: receives one-line warnings (a damaged file moved aside, a full disk).
    /// - Throws: `TaskFlowFailure` naming the file when it cannot be opened or created.
    public init(
        path: String, maxBytes: Int = 1 << 30, ttl: TimeInterval? = nil, touchGranularity: TimeInterval = 600,
        warn: @escaping @Sendable (String) -> Void = { _ in }, now: @escaping @Sendable () -> Date = Date.init
    ) throws {
        self.path = path
        self.touchGranularity = touchGranularity
        self.maxBytes = maxBytes
        self.ttl = ttl
        self.warn = warn
        self.now = now
        mutable = Mutex(MutableState())
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        var opened: DatabasePool
        do {
            do {
                opened = try Self.open(path)
            } catch let error as DatabaseError where CacheFailure.isDamage(error) {
                // SQLite cannot use the file at all, and nothing of this process holds it open any
                // more: move it.
                let aside = Self.asidePath(for: path)
                Self.move(path, to: aside)
                warn("the cache \(path) was unreadable (\(CacheFailure.reason(error))); moved it aside to \(aside) and started a new one")
                opened = try Self.open(path)
            }
            do {
                // Reading the schema is not enough to find damage in the data; check the table itself.
                _ = try opened.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM entry") }
            } catch let error as DatabaseError where CacheFailure.isDamage(error) {
                let aside = Self.asidePath(for: path)
                opened = try Self.setAside(opened, path: path, aside: aside)
                warn(Self.damaged(path, reason: CacheFailure.reason(error), aside: aside))
            }
        } catch let error as DatabaseError {
            throw CacheFailure.unusable(path, error)
        }
        database = Mutex(DatabaseState(pool: opened))
    }

    /// Opens the file and brings its schema up to date.
    private static func open(_ path: String) throws -> DatabasePool {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let pool = try DatabasePool(path: path, configuration: config)
        try migrator.migrate(pool)
        return pool
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-entries") { db in
            try db.execute(sql: """
                CREATE TABLE entry (
                    key BLOB PRIMARY KEY,
                    analyzer TEXT NOT NULL,
                    value BLOB NOT NULL,
                    bytes INTEGER NOT NULL,
                    written_at REAL NOT NULL,
                    used_at REAL NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX entry_on_used ON entry(used_at);
                CREATE INDEX entry_on_written ON entry(written_at);
                CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
                INSERT INTO meta VALUES ('bytes', 0), ('entries', 0), ('evictions', 0), ('hits', 0), ('misses', 0);
                CREATE TABLE usage (
                    analyzer TEXT PRIMARY KEY,
                    hits INTEGER NOT NULL DEFAULT 0,
                    misses INTEGER NOT NULL DEFAULT 0,
                    analyzed INTEGER NOT NULL DEFAULT 0,
                    analysis_seconds REAL NOT NULL DEFAULT 0,
                    saved_seconds REAL NOT NULL DEFAULT 0
                ) WITHOUT ROWID;
                """)
        }
        return m
    }

    // MARK: - Damage

    /// Runs `body` on the database; when SQLite reports damage, repairs the file (once, however
    /// many callers met it) and runs `body` again on the fresh one.
    ///
    /// - Throws: `TaskFlowFailure` naming the file and SQLite's reason for any SQLite error.
    private func access<T>(_ body: (DatabasePool) async throws -> T) async throws -> T {
        let (pool, generation) = database.withLock { ($0.pool, $0.generation) }
        do {
            do {
                return try await body(pool)
            } catch let error as DatabaseError where CacheFailure.isDamage(error) {
                try await repair(generation: generation, reason: CacheFailure.reason(error))
                return try await body(self.pool)
            }
        } catch let error as DatabaseError {
            throw CacheFailure.unusable(path, error)
        }
    }

    /// Repairs the file damaged in `generation`, or waits for the repair already under way;
    /// returns at once when that file was repaired already.
    private func repair(generation: Int, reason: String) async throws {
        let running: Task<Void, any Error>? = database.withLock { state in
            guard state.generation == generation else { return nil }
            if let repair = state.repair { return repair }
            let damaged = state.pool
            let repair = Task { try await self.replace(damaged, reason: reason) }
            state.repair = repair
            return repair
        }
        try await running?.value
    }

    /// Sets what the damaged file held aside, with a warning naming where, and starts afresh.
    private func replace(_ damaged: DatabasePool, reason: String) async throws {
        let path = self.path
        let aside = Self.asidePath(for: path)
        do {
            let fresh = try await Self.blocking { try Self.setAside(damaged, path: path, aside: aside) }
            database.withLock { state in
                state.pool = fresh
                state.generation += 1
                state.repair = nil
            }
            warn(Self.damaged(path, reason: reason, aside: aside))
        } catch {
            database.withLock { $0.repair = nil }
            throw error
        }
    }

    /// Copies what a damaged cache holds to `aside` and empties it, returning the database to
    /// use from then on.
    ///
    /// The copy goes through SQLite's backup (page by page, so the damage does not stop it) and
    /// the file is emptied in place through SQLite's locks: other processes sharing the cache
    /// see an empty cache, never a file renamed under them. When SQLite cannot do that (no room
    /// for the copy, a page size it cannot reset in place), the files themselves are moved and
    /// a new cache is made.
    private static func setAside(_ pool: DatabasePool, path: String, aside: String) throws -> DatabasePool {
        do {
            try pool.backup(to: DatabaseQueue(path: aside))
            try pool.erase()
            try migrator.migrate(pool)
            return pool
        } catch {
            remove(aside)
            try? pool.close()
            move(path, to: aside)
            return try open(path)
        }
    }

    /// The warning for a damaged cache set aside.
    private static func damaged(_ path: String, reason: String, aside: String) -> String {
        "the cache \(path) is damaged (\(reason)); moved it aside to \(aside) and started a new one"
    }

    /// Runs blocking database work on a dispatch queue: waiting there for other connections to
    /// finish never holds one of the threads those connections need to finish.
    private static func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// A free name beside `path` for a damaged cache: `cache.sqlite.corrupt-<unix time>`.
    static func asidePath(for path: String) -> String {
        let base = path + ".corrupt-" + String(Int(Date().timeIntervalSince1970))
        var candidate = base
        var n = 1
        while ["", "-wal", "-shm"].contains(where: { FileManager.default.fileExists(atPath: candidate + $0) }) {
            n += 1
            candidate = base + "-\(n)"
        }
        return candidate
    }

    /// Moves the database file and its `-wal` and `-shm` companions to `aside`.
    private static func move(_ path: String, to aside: String) {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.moveItem(atPath: path + suffix, toPath: aside + suffix)
        }
    }

    /// Removes a database file and its companions.
    private static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    // MARK: - Entries

    /// True once a write failed for lack of space (or permission): the tier only reads.
    public var isReadOnly: Bool { mutable.withLock { $0.readOnly } }

    public func getMany(_ keys: [CacheKey]) async throws -> [CacheKey: [UInt8]] {
        guard !keys.isEmpty else { return [:] }
        let cutoff = ttl.map { now().addingTimeInterval(-$0).timeIntervalSince1970 }
        let found = try await access { pool in
            try await pool.read { db in
                var found: [CacheKey: [UInt8]] = [:]
                var start = 0
                while start < keys.count {
                    let chunk = keys[start..<min(keys.count, start + 500)]
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    let rows = try Row.fetchCursor(
                        db, sql: "SELECT key, value, written_at FROM entry WHERE key IN (\(marks))",
                        arguments: StatementArguments(chunk.map { Data($0.bytes) }))
                    while let row = try rows.next() {
                        if let cutoff, (row["written_at"] as Double) < cutoff { continue }
                        let key: Data = row["key"]
                        let value: Data = row["value"]
                        found[CacheKey(bytes: Array(key))] = Array(value)
                    }
                    start += 500
                }
                return found
            }
        }
        mutable.withLock { s in
            s.hits += found.count
            s.misses += keys.count - found.count
            s.pendingTouches.formUnion(found.keys)
        }
        return found
    }

    public func putMany(_ entries: [CacheEntry]) async throws {
        let (readOnly, touches, hits, misses, puts) = mutable.withLock { s in
            let t = s.pendingTouches
            s.pendingTouches = []
            s.puts += 1
            defer { s.hits = 0; s.misses = 0 }
            return (s.readOnly, t, s.hits, s.misses, s.puts)
        }
        guard !readOnly else { return }
        let t = now().timeIntervalSince1970
        let maxBytes = self.maxBytes
        let granularity = touchGranularity
        let expiry = ttl.map { t - $0 }
        try await access { pool in
            do {
                try await pool.write { db in
                    // Content addressing means a present key almost always holds the same value, so
                    // insert-or-ignore is the fast path; a present key is replaced only when it differs.
                    let insert = try db.cachedStatement(
                        sql: "INSERT OR IGNORE INTO entry (key, analyzer, value, bytes, written_at, used_at) VALUES (?, ?, ?, ?, ?, ?)")
                    var addedBytes = 0
                    var addedEntries = 0
                    for e in entries {
                        let key = Data(e.key.bytes)
                        let value = Data(e.value)
                        try insert.execute(arguments: [key, e.analyzer, value, e.value.count, t, t])
                        if db.changesCount > 0 {
                            addedBytes += e.value.count
                            addedEntries += 1
                        } else if let old = try Row.fetchOne(db, sql: "SELECT value, bytes FROM entry WHERE key = ?", arguments: [key]),
                            (old["value"] as Data) != value
                        {
                            try db.execute(
                                sql: "UPDATE entry SET analyzer = ?, value = ?, bytes = ?, written_at = ?, used_at = ? WHERE key = ?",
                                arguments: [e.analyzer, value, e.value.count, t, t, key])
                            addedBytes += e.value.count - (old["bytes"] as Int)
                        }
                    }
                    if addedEntries > 0 || addedBytes != 0 {
                        try db.execute(
                            sql: "UPDATE meta SET value = value + CASE name WHEN 'bytes' THEN ? ELSE ? END WHERE name IN ('bytes', 'entries')",
                            arguments: [addedBytes, addedEntries])
                    }
                    if !touches.isEmpty {
                        let touch = try db.cachedStatement(sql: "UPDATE entry SET used_at = ? WHERE key = ? AND used_at < ?")
                        for k in touches { try touch.execute(arguments: [t, Data(k.bytes), t - granularity]) }
                    }
                    if hits + misses > 0 {
                        try db.execute(
                            sql: "UPDATE meta SET value = value + CASE name WHEN 'hits' THEN ? ELSE ? END WHERE name IN ('hits', 'misses')",
                            arguments: [hits, misses])
                    }
                    if let expiry, puts % 32 == 1 {
                        try Self.delete(db, where: "written_at < ?", arguments: [expiry])
                    }
                    try Self.evict(db, maxBytes: maxBytes)
                }
            } catch let error as DatabaseError where Self.isUnwritable(error) {
                mutable.withLock { $0.readOnly = true }
                warn("the cache \(path) cannot be written (\(CacheFailure.reason(error))); using it read-only for the rest of this run")
            }
        }
    }

    /// True for the write failures that turn the tier read-only: no room, no permission, an I/O
    /// error, a file that cannot be opened.
    static func isUnwritable(_ error: DatabaseError) -> Bool {
        [.SQLITE_FULL, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_CANTOPEN].contains(error.resultCode)
    }

    /// Deletes least-recently-used entries until the stored bytes fit the budget.
    static func evict(_ db: Database, maxBytes: Int) throws {
        var bytes = try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE name = 'bytes'") ?? 0
        var evicted = 0
        while bytes > maxBytes {
            let rows = try Row.fetchAll(db, sql: "SELECT key, bytes FROM entry ORDER BY used_at LIMIT 256")
            if rows.isEmpty { break }
            for row in rows {
                guard bytes > maxBytes else { break }
                try db.execute(sql: "DELETE FROM entry WHERE key = ?", arguments: [row["key"] as Data])
                bytes -= row["bytes"] as Int
                evicted += 1
            }
            try db.execute(
                sql: "UPDATE meta SET value = CASE name WHEN 'bytes' THEN ? ELSE (SELECT count(*) FROM entry) END WHERE name IN ('bytes', 'entries')",
                arguments: [bytes])
        }
        if evicted > 0 {
            try db.execute(sql: "UPDATE meta SET value = value + ? WHERE name = 'evictions'", arguments: [evicted])
        }
    }

    /// Deletes matching entries and keeps the byte and entry counts right; returns how many went.
    @discardableResult
    static func delete(_ db: Database, where filter: String?, arguments: StatementArguments) throws -> Int {
        let clause = filter.map { " WHERE " + $0 } ?? ""
        let row = try Row.fetchOne(db, sql: "SELECT count(*) AS n, ifnull(sum(bytes), 0) AS b FROM entry" + clause, arguments: arguments)
        let n: Int = row?["n"] ?? 0
        guard n > 0 else { return 0 }
        try db.execute(sql: "DELETE FROM entry" + clause, arguments: arguments)
        try db.execute(
            sql: "UPDATE meta SET value = value - CASE name WHEN 'bytes' THEN ? ELSE ? END WHERE name IN ('bytes', 'entries')",
            arguments: [row?["b"] ?? 0, n])
        return n
    }

    public func delete(_ keys: [CacheKey]) async throws {
        guard !isReadOnly else { return }
        try await access { pool in
            try await pool.write { db in
                for k in keys { try Self.delete(db, where: "key = ?", arguments: [Data(k.bytes)]) }
            }
        }
    }

    public func clear(analyzer: String?, olderThan: Date?) async throws -> Int {
        try await access { pool in
            try await pool.write { db in
                var clauses: [String] = []
                var args: [any DatabaseValueConvertible] = []
                if let analyzer { clauses.append("analyzer = ?"); args.append(analyzer) }
                if let olderThan { clauses.append("used_at < ?"); args.append(olderThan.timeIntervalSince1970) }
                let removed = try Self.delete(
                    db, where: clauses.isEmpty ? nil : clauses.joined(separator: " AND "), arguments: StatementArguments(args))
                if analyzer == nil && olderThan == nil { try db.execute(sql: "DELETE FROM usage") }
                return removed
            }
        }
    }

    /// Adds a run's per-analyzer counts to the persistent usage table.
    public func recordUsage(_ usage: [AnalyzerCacheStats], analyzed: [String: (records: Int, seconds: Double)]) async throws {
        guard !isReadOnly, !usage.isEmpty else { return }
        try await access { pool in
            try await pool.write { db in
                for u in usage {
                    let a = analyzed[u.analyzer] ?? (0, 0)
                    try db.execute(
                        sql: """
                            INSERT INTO usage (analyzer, hits, misses, analyzed, analysis_seconds, saved_seconds) VALUES (?, ?, ?, ?, ?, ?)
                            ON CONFLICT(analyzer) DO UPDATE SET hits = hits + excluded.hits, misses = misses + excluded.misses,
                                analyzed = analyzed + excluded.analyzed, analysis_seconds = analysis_seconds + excluded.analysis_seconds,
                                saved_seconds = saved_seconds + excluded.saved_seconds
                            """, arguments: [u.analyzer, u.hits, u.misses, a.records, a.seconds, u.savedSeconds])
                }
            }
        }
    }

    /// Seconds per record this analyzer has taken, over every run that recorded usage.
    public func secondsPerRecord(analyzer: String) async throws -> Double? {
        try await access { pool in
            try await pool.read { db in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT analyzed, analysis_seconds FROM usage WHERE analyzer = ?", arguments: [analyzer]),
                    (row["analyzed"] as Int) > 0
                else { return nil }
                return (row["analysis_seconds"] as Double) / Double(row["analyzed"] as Int)
            }
        }
    }

    public func stats() async throws -> CacheTierStats {
        let (name, maxBytes) = (self.name, self.maxBytes)
        return try await access { pool in
            try await pool.read { db in
                var meta: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT name, value FROM meta") { meta[row["name"]] = row["value"] }
                var per: [String: AnalyzerCacheStats] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT analyzer, count(*) AS n, sum(bytes) AS b FROM entry GROUP BY analyzer") {
                    let a: String = row["analyzer"]
                    per[a] = AnalyzerCacheStats(analyzer: a, entries: row["n"], bytes: row["b"])
                }
                for row in try Row.fetchAll(db, sql: "SELECT * FROM usage") {
                    let a: String = row["analyzer"]
                    var s = per[a] ?? AnalyzerCacheStats(analyzer: a)
                    s.hits = row["hits"]
                    s.misses = row["misses"]
                    s.savedSeconds = row["saved_seconds"]
                    per[a] = s
                }
                return CacheTierStats(
                    tier: name, entries: meta["entries"] ?? 0, bytes: meta["bytes"] ?? 0, maxBytes: maxBytes,
                    hits: meta["hits"] ?? 0, misses: meta["misses"] ?? 0, evictions: meta["evictions"] ?? 0,
                    analyzers: per.values.sorted { $0.analyzer < $1.analyzer })
            }
        }
    }
}
