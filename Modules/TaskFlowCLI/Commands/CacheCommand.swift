import ArgumentParser
import Foundation
import TaskFlowCache
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting

/// `tf cache stats|clear`: what the content cache holds, and emptying it.
struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Show or clear the content cache ($TF_HOME/cache.sqlite).",
        subcommands: [Stats.self, Clear.self])

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Entries, bytes, hits and misses, per analyzer.")

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            try await runReporting {
                let store = try openDiskCache()
                let stats = try await store.stats()
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: try encoder.encode(CacheStatsReport(path: store.path, stats: stats)), as: UTF8.self))
                    return
                }
                print("cache: \(store.path)")
                print(
                    "entries: \(stats.entries)  size: \(formatBytes(stats.bytes)) of \(formatBytes(stats.maxBytes ?? 0))  "
                        + "hits: \(stats.hits)  misses: \(stats.misses)  hit rate: \(String(format: "%.1f%%", stats.hitRate * 100))  "
                        + "evictions: \(stats.evictions)")
                guard !stats.analyzers.isEmpty else { return }
                var table = TextTable(
                    headers: ["analyzer", "entries", "size", "hits", "misses", "hit rate", "time saved"],
                    rightAligned: [1, 2, 3, 4, 5, 6])
                for a in stats.analyzers {
                    let rate = a.hits + a.misses == 0 ? 0 : Double(a.hits) / Double(a.hits + a.misses)
                    table.rows.append([
                        a.analyzer, String(a.entries), formatBytes(a.bytes), String(a.hits), String(a.misses),
                        String(format: "%.1f%%", rate * 100), String(format: "%.2f s", a.savedSeconds),
                    ])
                }
                print(table.render(width: terminalWidth()), terminator: "")
            }
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove cached outputs: all, one analyzer's, or old ones.")

        @Option(help: "Only this analyzer's entries (e.g. sentiment.vader).")
        var analyzer: String?

        @Option(help: "Only entries not used for this long: 30m, 12h, 7d, 2w.")
        var olderThan: String?

        func run() async throws {
            try await runReporting {
                let cutoff = try olderThan.map { Date().addingTimeInterval(-(try CacheAge.parse($0))) }
                let store = try openDiskCache()
                let removed = try await store.clear(analyzer: analyzer, olderThan: cutoff)
                print("removed \(removed) entr\(removed == 1 ? "y" : "ies") from \(store.path)")
            }
        }
    }
}

struct CacheStatsReport: Encodable {
    var path: String
    var stats: CacheTierStats
}

func openDiskCache() throws -> SQLiteCacheStore {
    let home = TaskFlowHome.fromEnvironment()
    return try SQLiteCacheStore(path: TieredCache.diskPath(home: home), warn: printWarning)
}

func formatBytes(_ n: Int) -> String {
    if n >= 1 << 30 { return String(format: "%.1f GiB", Double(n) / Double(1 << 30)) }
    if n >= 1 << 20 { return String(format: "%.1f MiB", Double(n) / Double(1 << 20)) }
    if n >= 1 << 10 { return String(format: "%.1f KiB", Double(n) / 1024) }
    return "\(n) B"
}
