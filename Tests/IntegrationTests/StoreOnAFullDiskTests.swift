import Foundation
import Testing
import TaskFlowStorage

/// A small tmpfs, mounted for one test (root only; skipped where it cannot be mounted).
private enum SmallTmpfs {
    /// Whether this process can mount one (tried once).
    static let canMount: Bool = {
        guard getuid() == 0, let dir = try? TFProcess.temporaryDirectory() else { return false }
        defer { try? FileManager.default.removeItem(at: dir) }
        guard (try? run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir.path])) == 0 else { return false }
        _ = try? run("/bin/umount", [dir.path])
        return true
    }()

    /// Mounts a tmpfs of `size` (e.g. `256k`) on a new folder and returns it.
    static func mount(size: String) throws -> URL {
        let dir = try TFProcess.temporaryDirectory()
        #expect(try run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", dir.path]) == 0)
        return dir
    }

    static func unmount(_ dir: URL) {
        _ = try? run("/bin/umount", [dir.path])
        try? FileManager.default.removeItem(at: dir)
    }

    private static func run(_ tool: String, _ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }
}

/// The results store, or an output, on a full filesystem: a message naming the file and the
/// cause (never SQLite's raw error), exit 1, and what was committed stays readable.
@Suite struct StoreOnAFullDiskTests {
    @Test(.enabled(if: SmallTmpfs.canMount, "needs root to mount a small tmpfs"), arguments: ["40k", "256k"])
    func aFullDiskUnderTheStoreNamesTheDatabaseAndTheFix(_ size: String) throws {
        let home = try TFProcess.temporaryDirectory()
        let input = home.appendingPathComponent("big.txt")
        let lines = (1...3000).map { "comment \($0): the battery \($0 % 2 == 0 ? "is great" : "dies too fast")" }
        try lines.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let disk = try SmallTmpfs.mount(size: size)
        defer { SmallTmpfs.unmount(disk) }
        let db = disk.appendingPathComponent("runs.sqlite").path

        let r = try TFProcess.run(
            ["analyze", input.path, "--db", db, "--batch-size", "100", "--format", "jsonl", "-o", "/dev/null"], home: home)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: the results database \(db) is full: the disk holding it has no space left"), "stderr: \(r.stderr)")
        #expect(r.stderr.contains("hint: pass --db "), "stderr: \(r.stderr)")
        #expect(!r.stderr.contains("SQLite error") && !r.stderr.contains("COMMIT") && !r.stderr.contains("INSERT"), "stderr: \(r.stderr)")
    }

    @Test(.enabled(if: SmallTmpfs.canMount, "needs root to mount a small tmpfs"))
    func anOutputThatFillsItsDiskFailsTheRunAndLeavesTheStoreConsistent() async throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let input = home.appendingPathComponent("big.txt")
        let lines = (1...3000).map { "comment \($0): the battery \($0 % 2 == 0 ? "is great" : "dies too fast")" }
        try lines.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        // About 300 KB of JSON lines onto 64 KB: the disk fills mid-write.
        let disk = try SmallTmpfs.mount(size: "64k")
        defer { SmallTmpfs.unmount(disk) }
        let out = disk.appendingPathComponent("results.jsonl").path
        let db = home.appendingPathComponent("runs.sqlite").path

        let r = try TFProcess.run(
            ["analyze", input.path, "--db", db, "--batch-size", "100", "--format", "jsonl", "-o", out], home: home)
        #expect(r.status == 1, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("error: cannot write \(out): No space left on device"), "stderr: \(r.stderr)")
        // Nothing half-written is left behind: no results file, no temporary file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).isEmpty)

        // The store holds whole batches of a run that is over.
        let store = try SQLiteStore(path: db)
        #expect(try await store.query("PRAGMA integrity_check").rows.first?.first == "ok")
        let run = try #require(try store.runs(limit: 1).first)
        #expect(run.status == "cancelled" || run.status == "failed", "status \(run.status)")
        let c = try store.consistency(runID: run.id)
        #expect(c.results == c.batchRecords && c.batchRecords == c.runRecordsDone && c.batches == run.batchesDone)
        #expect(c.runRecordsDone < 3000)
    }
}
