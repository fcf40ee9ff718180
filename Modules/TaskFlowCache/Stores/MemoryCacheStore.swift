import Foundation
import TaskFlowCore
import Synchronization

/// The in-process tier (L1): least-recently-used entries are evicted beyond a byte budget, and
/// entries older than the TTL are treated as absent.
public final class MemoryCacheStore: CacheStore {
    public let name = "memory"
    public let maxBytes: Int
    public let ttl: TimeInterval?
    private let state: Mutex<LRUState>
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - maxBytes: the budget for stored values (keys and bookkeeping are not counted).
    ///   - ttl: how long an entry stays valid after it was written; nil keeps entries until evicted.
    ///   - now: the clock, replaceable in tests.
    public init(maxBytes: Int = 64 << 20, ttl: TimeInterval? = nil, now: @escaping @Sendable () -> Date = Date.init) {
        self.maxBytes = max(0, maxBytes)
        self.ttl = ttl
        self.now = now
        state = Mutex(LRUState())
    }

    public func getMany(_ keys: [CacheKey]) async throws -> [CacheKey: [UInt8]] {
        let t = now()
        return state.withLock { s in
            var found: [CacheKey: [UInt8]] = [:]
            for key in keys {
                guard let i = s.index[key] else { s.counters.misses += 1; continue }
                if let ttl, t.timeIntervalSince(s.nodes[i].written) > ttl {
                    s.remove(i)
                    s.counters.misses += 1
                    continue
                }
                s.touch(i)
                s.counters.hits += 1
                found[key] = s.nodes[i].value
            }
            return found
        }
    }

    public func putMany(_ entries: [CacheEntry]) async throws {
        let t = now()
        state.withLock { s in
            for e in entries where e.value.count <= maxBytes {
                if let i = s.index[e.key] { s.remove(i) }
                s.insert(e, at: t)
                while s.bytes > maxBytes, let lru = s.tail {
                    s.remove(lru)
                    s.counters.evictions += 1
                }
            }
        }
    }

    public func delete(_ keys: [CacheKey]) async throws {
        state.withLock { s in
            for k in keys { if let i = s.index[k] { s.remove(i) } }
        }
    }

    public func clear(analyzer: String?, olderThan: Date?) async throws -> Int {
        state.withLock { s in
            let doomed = s.index.values.filter { i in
                (analyzer == nil || s.nodes[i].analyzer == analyzer) && (olderThan == nil || s.nodes[i].used < olderThan!)
            }
            for i in doomed { s.remove(i) }
            return doomed.count
        }
    }

    public func stats() async throws -> CacheTierStats {
        state.withLock { s in
            var per: [String: AnalyzerCacheStats] = [:]
            for i in s.index.values {
                let a = s.nodes[i].analyzer
                per[a, default: AnalyzerCacheStats(analyzer: a)].entries += 1
                per[a, default: AnalyzerCacheStats(analyzer: a)].bytes += s.nodes[i].value.count
            }
            return CacheTierStats(
                tier: name, entries: s.index.count, bytes: s.bytes, maxBytes: maxBytes, hits: s.counters.hits,
                misses: s.counters.misses, evictions: s.counters.evictions,
                analyzers: per.values.sorted { $0.analyzer < $1.analyzer })
        }
    }
}

/// A doubly linked recency list over array slots (head = most recently used).
struct LRUState {
    struct Node {
        var key: CacheKey
        var analyzer: String
        var value: [UInt8]
        var written: Date
        var used: Date
        var prev: Int?
        var next: Int?
    }

    struct Counters {
        var hits = 0
        var misses = 0
        var evictions = 0
    }

    var nodes: [Node] = []
    var free: [Int] = []
    var index: [CacheKey: Int] = [:]
    var head: Int?
    var tail: Int?
    var bytes = 0
    var counters = Counters()

    mutating func insert(_ e: CacheEntry, at t: Date) {
        let node = Node(key: e.key, analyzer: e.analyzer, value: e.value, written: t, used: t, prev: nil, next: head)
        let i: Int
        if let f = free.popLast() {
            nodes[f] = node
            i = f
        } else {
            nodes.append(node)
            i = nodes.count - 1
        }
        if let h = head { nodes[h].prev = i }
        head = i
        if tail == nil { tail = i }
        index[e.key] = i
        bytes += e.value.count
    }

    mutating func unlink(_ i: Int) {
        let p = nodes[i].prev
        let n = nodes[i].next
        if let p { nodes[p].next = n } else { head = n }
        if let n { nodes[n].prev = p } else { tail = p }
        nodes[i].prev = nil
        nodes[i].next = nil
    }

    mutating func touch(_ i: Int) {
        guard head != i else { return }
        unlink(i)
        nodes[i].next = head
        if let h = head { nodes[h].prev = i }
        head = i
        if tail == nil { tail = i }
        nodes[i].used = Date()
    }

    mutating func remove(_ i: Int) {
        unlink(i)
        index.removeValue(forKey: nodes[i].key)
        bytes -= nodes[i].value.count
        nodes[i].value = []
        free.append(i)
    }
}
