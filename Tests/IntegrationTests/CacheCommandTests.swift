import Foundation
import GRDB
import Testing

/// The content cache through the built binary: sharing between processes and `tf cache`.
///
/// VADER normally skips the cache (recomputing is cheaper than a lookup), so these runs set
/// `TF_CACHE_CHEAP=1` to cache it anyway.
@Suite struct CacheCommandTests {
    let cacheAll = ["TF_CACHE_CHEAP": "1"]

    @Test func twoProcessesShareTheDiskCacheSafely() throws {
        let home = try TFProcess.temporaryDirectory()
        let input = home.appendingPathComponent("in.txt").path
        try (1...3000).map { "shared comment \($0) about the battery" }.joined(separator: "\n")
            .write(toFile: input, atomically: true, encoding: .utf8)
        let outs = (0..<2).map { home.appendingPathComponent("o\($0).jsonl").path }
        let running = try outs.enumerated().map { i, out in
            try TFProcess.start(
                ["analyze", input, "--batch-size", "50", "--format", "jsonl", "-o", out, "--db",
                 home.appendingPathComponent("db\(i).sqlite").path], home: home, environment: cacheAll)
        }
        for r in running {
            _ = r.errPipe.fileHandleForReading.readDataToEndOfFile()
            r.process.waitUntilExit()
            #expect(r.process.terminationStatus == 0)
        }
        let a = try String(contentsOfFile: outs[0], encoding: .utf8)
        let b = try String(contentsOfFile: outs[1], encoding: .utf8)
        #expect(a == b)
        #expect(a.split(separator: "\n").count == 3000)

        let stats = try TFProcess.run(["cache", "stats", "--json"], home: home)
        #expect(stats.status == 0, "\(stats.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        let s = try #require(json["stats"] as? [String: Any])
        #expect(s["entries"] as? Int == 3000)

        // A third run is all hits and gives the same output.
        let out3 = home.appendingPathComponent("o3.jsonl").path
        let third = try TFProcess.run(["analyze", input, "--format", "jsonl", "-o", out3], home: home, environment: cacheAll)
        #expect(third.stderr.contains("cache 100% hits"), "\(third.stderr)")
        #expect(try String(contentsOfFile: out3, encoding: .utf8) == a)
    }

    @Test func statsAndClear() throws {
        let home = try TFProcess.temporaryDirectory()
        _ = try TFProcess.run(["analyze", "Playground/one-liners.txt", "--format", "jsonl", "-o", "/dev/null"], home: home, environment: cacheAll)
        let table = try TFProcess.run(["cache", "stats"], home: home)
        #expect(table.status == 0)
        #expect(table.stdout.contains("sentiment.vader"))
        let typo = try TFProcess.run(["cache", "clear", "--analyzer", "sentiment.vadr"], home: home)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("error: no analyzer named 'sentiment.vadr' has entries in the cache"), "\(typo.stderr)")
        #expect(typo.stderr.contains("hint: did you mean 'sentiment.vader'? analyzers with cached entries: sentiment.vader"), "\(typo.stderr)")
        let unknown = try TFProcess.run(["cache", "clear", "--analyzer", "nosuch"], home: home)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("hint: analyzers with cached entries: sentiment.vader"), "\(unknown.stderr)")
        let cleared = try TFProcess.run(["cache", "clear", "--analyzer", "sentiment.vader"], home: home)
        #expect(cleared.stdout.contains("removed 30 entries"), "\(cleared.stdout)")
        let old = try TFProcess.run(["cache", "clear", "--older-than", "7d"], home: home)
        #expect(old.status == 0)
        #expect(old.stdout.contains("removed 0 entries"))
    }

    @Test(arguments: [
        (["cache", "clear", "--older-than", "soon"], "cannot read the age 'soon'"),
        (["analyze", "Playground/one-liners.txt", "--no-cache", "--refresh-cache"], "contradict"),
    ])
    func badCacheArgumentsAreClear(args: [String], expected: String) throws {
        let home = try TFProcess.temporaryDirectory()
        let r = try TFProcess.run(args, home: home)
        #expect(r.status != 0)
        #expect(r.stderr.contains(expected), "\(r.stderr)")
    }

    @Test func lexicalAnalyzersSkipTheCacheByDefault() throws {
        let home = try TFProcess.temporaryDirectory()
        let r = try TFProcess.run(["analyze", "Playground/one-liners.txt", "--format", "jsonl", "-o", "/dev/null"], home: home)
        #expect(r.status == 0)
        #expect(!r.stderr.contains("cache"))
        let stats = try TFProcess.run(["cache", "stats", "--json"], home: home)
        #expect(stats.stdout.contains("\"entries\" : 0"))
    }

    @Test func damagedPagesAreMovedAsideWhereverTheyAreMet() throws {
        let home = try homeWithTinyModel()
        defer { try? FileManager.default.removeItem(at: home) }
        let cache = home.appendingPathComponent("cache.sqlite").path
        let input = home.appendingPathComponent("in.txt").path
        try (1...300).map { "comment \($0): the battery lasts \($0) hours" }.joined(separator: "\n")
            .write(toFile: input, atomically: true, encoding: .utf8)
        let analyze = ["analyze", input, "--tools", "embedding", "--format", "jsonl"]
        let first = try TFProcess.run(analyze, home: home)
        #expect(first.status == 0, "\(first.stderr)")

        // A run meets the damage: it warns once, goes on and gives the same output.
        try damagePages(of: cache)
        let damaged = try TFProcess.run(analyze, home: home)
        #expect(damaged.status == 0, "\(damaged.stderr)")
        #expect(damaged.stdout == first.stdout)
        expectMovedAside(damaged.stderr, cache: cache, count: 1)
        // The fresh cache serves the next run.
        let warm = try TFProcess.run(analyze, home: home)
        #expect(warm.stderr.contains("100% hits") || warm.stderr.contains("100.0% hits"), "\(warm.stderr)")
        #expect(!warm.stderr.contains("warning"), "\(warm.stderr)")

        // So do `tf cache stats` and `tf cache clear`.
        try damagePages(of: cache)
        let stats = try TFProcess.run(["cache", "stats"], home: home)
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.stdout.contains("entries: 0"), "\(stats.stdout)")
        expectMovedAside(stats.stderr, cache: cache, count: 2)
        #expect(try TFProcess.run(["cache", "stats"], home: home).stderr.isEmpty)
        _ = try TFProcess.run(analyze, home: home)
        try damagePages(of: cache)
        let clear = try TFProcess.run(["cache", "clear"], home: home)
        #expect(clear.status == 0, "\(clear.stderr)")
        #expect(clear.stdout.contains("removed 0 entries"), "\(clear.stdout)")
        expectMovedAside(clear.stderr, cache: cache, count: 3)
    }

    /// One warning naming where the damaged cache went (the `count`th file set aside), and no SQL.
    func expectMovedAside(_ stderr: String, cache: String, count: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let warnings = stderr.split(separator: "\n").filter { $0.hasPrefix("warning:") }
        #expect(warnings.count == 1, "\(stderr)", sourceLocation: sourceLocation)
        #expect(warnings.first?.contains("warning: the cache \(cache) ") == true, "\(stderr)", sourceLocation: sourceLocation)
        #expect(warnings.first?.contains("moved it aside to \(cache).corrupt-") == true, "\(stderr)", sourceLocation: sourceLocation)
        for word in ["SELECT", "INSERT", "UPDATE", "DELETE", "?,?", "arguments"] {
            #expect(!stderr.contains(word), "\(stderr)", sourceLocation: sourceLocation)
        }
        let dir = (cache as NSString).deletingLastPathComponent
        let aside = (try? FileManager.default.contentsOfDirectory(atPath: dir))?
            .filter { $0.hasPrefix("cache.sqlite.corrupt-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") } ?? []
        #expect(aside.count == count, "\(aside)", sourceLocation: sourceLocation)
    }

    /// Moves what the WAL holds into the database file, then writes garbage over four pages in
    /// its middle, keeping its size.
    func damagePages(of path: String) throws {
        try DatabaseQueue(path: path).writeWithoutTransaction { _ = try $0.checkpoint(.truncate) }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 4096 / 2 * 4096)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4 * 4096))
        #expect(try handle.seekToEnd() == size)
    }

    @Test func aCorruptCacheFileDoesNotStopARun() throws {
        let home = try TFProcess.temporaryDirectory()
        try Data(repeating: 0x42, count: 10_000).write(to: home.appendingPathComponent("cache.sqlite"))
        let r = try TFProcess.run(["analyze", "Playground/one-liners.txt", "--format", "jsonl", "-o", "/dev/null"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: the cache"))
        #expect(r.stderr.contains("moved it aside"))
    }
}
