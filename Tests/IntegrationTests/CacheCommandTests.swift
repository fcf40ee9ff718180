import Foundation
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

    @Test func aCorruptCacheFileDoesNotStopARun() throws {
        let home = try TFProcess.temporaryDirectory()
        try Data(repeating: 0x42, count: 10_000).write(to: home.appendingPathComponent("cache.sqlite"))
        let r = try TFProcess.run(["analyze", "Playground/one-liners.txt", "--format", "jsonl", "-o", "/dev/null"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: the cache"))
        #expect(r.stderr.contains("moved it aside"))
    }
}
