import ArgumentParser
import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowWorkspace

/// `tf cache stats|clear`: what the content cache holds, and emptying it.
struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Show or clear the content cache ($TF_HOME/cache.sqlite).",
        subcommands: [Stats.self, Clear.self])

    static func workspace() throws -> Workspace {
        try Workspace.open(Workspace.Configuration(discoverPlugins: false, warn: printWarning))
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Entries, bytes, hits and misses, per analyzer.")

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            try await runReporting {
                let report = try await CacheCommand.workspace().cacheStats()
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: try encoder.encode(report), as: UTF8.self))
                    return
                }
                let stats = report.stats
                print("cache: \(report.path)")
                print(
                    "entries: \(stats.entries)  size: \(ByteCount.format(stats.bytes)) of \(ByteCount.format(stats.maxBytes ?? 0))  "
                        + "hits: \(stats.hits)  misses: \(stats.misses)  hit rate: \(String(format: "%.1f%%", stats.hitRate * 100))  "
                        + "evictions: \(stats.evictions)")
                guard !stats.analyzers.isEmpty else { return }
                var table = TextTable(
                    headers: ["analyzer", "entries", "size", "hits", "misses", "hit rate", "time saved"],
                    rightAligned: [1, 2, 3, 4, 5, 6])
                for a in stats.analyzers {
                    table.rows.append([
                        a.analyzer, String(a.entries), ByteCount.format(a.bytes), String(a.hits), String(a.misses),
                        String(format: "%.1f%%", a.hitRate * 100), String(format: "%.2f s", a.savedSeconds),
                    ])
                }
                print(table.render(width: Terminal.width()), terminator: "")
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
                let workspace = try CacheCommand.workspace()
                let removed = try await workspace.clearCache(analyzer: analyzer, olderThan: olderThan)
                print("removed \(removed) entr\(removed == 1 ? "y" : "ies") from \(workspace.cachePath)")
            }
        }
    }
}
