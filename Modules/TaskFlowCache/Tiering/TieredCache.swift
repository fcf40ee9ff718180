import Foundation
import TaskFlowCore
import Synchronization

/// Reads through the tiers in order (L1 memory → L2 shared → L3 disk), promotes what a lower
/// tier had into the tiers above it, and writes to every tier.
///
/// A tier that fails is skipped with a warning for the rest of the run: the cache never fails
/// a run. Warnings give the tier's reason, never a statement.
public final class TieredCache: Sendable {
    public let tiers: [any CacheStore]
    private let warn: @Sendable (String) -> Void
    private let broken = BrokenTiers()

    public init(tiers: [any CacheStore], warn: @escaping @Sendable (String) -> Void = { _ in }) {
        self.tiers = tiers
        self.warn = warn
    }

    /// The stored bytes of every key found in any tier.
    public func getMany(_ keys: [CacheKey], analyzer: String) async -> [CacheKey: [UInt8]] {
        var found: [CacheKey: [UInt8]] = [:]
        var missing = keys
        var missedBy: [Int] = []
        for (t, tier) in tiers.enumerated() where !missing.isEmpty {
            guard !broken.contains(t) else { continue }
            do {
                let got = try await tier.getMany(missing)
                if !got.isEmpty {
                    for (k, v) in got { found[k] = v }
                    // Promote into the tiers above that missed them.
                    let promoted = got.map { CacheEntry(key: $0.key, analyzer: analyzer, value: $0.value) }
                    for upper in missedBy { await put(promoted, into: upper) }
                    missing = missing.filter { got[$0] == nil }
                }
                missedBy.append(t)
            } catch {
                fail(t, error)
            }
        }
        return found
    }

    /// Writes entries to every tier.
    public func putMany(_ entries: [CacheEntry]) async {
        for t in tiers.indices { await put(entries, into: t) }
    }

    private func put(_ entries: [CacheEntry], into t: Int) async {
        guard !broken.contains(t) else { return }
        do {
            try await tiers[t].putMany(entries)
        } catch {
            fail(t, error)
        }
    }

    private func fail(_ t: Int, _ error: any Error) {
        // A run stopped with Ctrl-C or SIGTERM cancels the lookup in flight: the tier is fine.
        if error is CancellationError { return }
        if broken.insert(t) {
            warn("the \(tiers[t].name) cache failed (\(CacheFailure.brief(error))); going on without it for this run")
        }
    }

    /// Seconds per record an analyzer took in earlier runs, from the first tier that keeps usage
    /// and knows it; nil when none does.
    public func secondsPerRecord(analyzer: String) async -> Double? {
        for (t, tier) in tiers.enumerated() where !broken.contains(t) {
            do {
                if let s = try await tier.secondsPerRecord(analyzer: analyzer) { return s }
            } catch {
                fail(t, error)
            }
        }
        return nil
    }

    /// Adds a run's usage to every tier that keeps it (see `CacheStore.recordUsage`).
    public func recordUsage(_ usage: [AnalyzerCacheStats], analyzed: [String: (records: Int, seconds: Double)]) async {
        for (t, tier) in tiers.enumerated() where !broken.contains(t) {
            do {
                try await tier.recordUsage(usage, analyzed: analyzed)
            } catch {
                fail(t, error)
            }
        }
    }

    /// Stats of every tier.
    public func stats() async throws -> [CacheTierStats] {
        var out: [CacheTierStats] = []
        for tier in tiers { out.append(try await tier.stats()) }
        return out
    }
}

/// Indexes of tiers that failed during this run.
final class BrokenTiers: Sendable {
    private let set = Mutex<Set<Int>>([])

    func contains(_ t: Int) -> Bool { set.withLock { $0.contains(t) } }

    /// Adds `t`; true when it was not there yet.
    func insert(_ t: Int) -> Bool { set.withLock { $0.insert(t).inserted } }
}
