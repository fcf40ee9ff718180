import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowWorkspace

/// `cache [stats]` / `cache clear [--analyzer ID] [--older-than 7d]`: the content cache on disk.
struct CacheCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "cache", usage: "cache [stats] | cache clear [--analyzer ID] [--older-than 7d]",
        summary: "Show what the content cache holds, or clear it",
        details: "set cache on|off|refresh chooses whether the next run uses it.",
        category: .pipeline)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        let workspace = session.workspace
        let path = workspace.cachePath
        switch args.words.first {
        case nil, "stats":
            guard args.words.count <= 1 else { return .printUsage }
            let stats = try await workspace.cacheStats().stats
            session.console.print(
                "cache \(path): \(stats.entries) entries, \(stats.bytes) bytes, \(stats.hits) hits, \(stats.misses) misses, "
                    + String(format: "hit rate %.1f%%", stats.hitRate * 100) + ", \(stats.evictions) evictions")
            if !stats.analyzers.isEmpty {
                var table = ReplTable(headers: ["analyzer", "entries", "bytes", "hits", "misses", "saved (s)"], numeric: [1, 2, 3, 4, 5])
                for a in stats.analyzers {
                    table.rows.append([a.analyzer, String(a.entries), String(a.bytes), String(a.hits), String(a.misses), String(format: "%.2f", a.savedSeconds)])
                }
                session.printTable(table)
            }
            return .ok
        case "clear":
            var analyzer: String?
            var olderThan: String?
            var i = 1
            while i < args.words.count {
                guard i + 1 < args.words.count else { return .printUsage }
                switch args.words[i] {
                case "--analyzer": analyzer = args.words[i + 1]
                case "--older-than": olderThan = args.words[i + 1]
                default: return .printUsage
                }
                i += 2
            }
            let removed = try await workspace.clearCache(analyzer: analyzer, olderThan: olderThan)
            session.console.print("removed \(removed) entr\(removed == 1 ? "y" : "ies") from \(path)")
            return .ok
        default:
            return .printUsage
        }
    }
}
