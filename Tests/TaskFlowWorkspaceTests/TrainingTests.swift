import Foundation
import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI
import TaskFlowWorkspace
import Testing

/// `tf train` through the workspace: embeddings through the run path, the head in the store,
/// the head as an analyzer, and every refusal with its message.
@Suite struct TrainingTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tiny-models/tiny-bert").path

    /// A workspace on a fresh home with the tiny BERT installed as `tiny`, and a scratch folder.
    static func setUp() throws -> (Workspace, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let home = dir.appendingPathComponent("home")
        try ModelStore(home: TaskFlowHome(path: home.path)).add(name: "tiny", from: fixture)
        let w = Workspace.builtins(Workspace.Configuration(environment: ["TF_HOME": home.path], discoverPlugins: false))
        return (w, dir)
    }

    /// Texts whose label is told by a word: the tiny random encoder still separates them.
    static func write(_ rows: [(String, String)], to url: URL, header: String = "text,label") throws {
        var csv = header + "\n"
        for (t, l) in rows { csv += "\"\(t)\",\(l)\n" }
        try csv.write(to: url, atomically: true, encoding: .utf8)
    }

    static func labelled(_ n: Int) -> [(String, String)] {
        let good = ["love it", "great product", "works well", "happy with this", "excellent sound"]
        let bad = ["broken again", "terrible battery", "refund please", "awful support", "stopped working"]
        return (0..<n).map { i in i % 2 == 0 ? (good[i / 2 % 5] + " \(i)", "pos") : (bad[i / 2 % 5] + " \(i)", "neg") }
    }

    func request(_ dir: URL, name: String = "toy") -> TrainingRequest {
        var r = TrainingRequest(name: name, data: DatasetSource(path: dir.appendingPathComponent("train.csv").path), labelColumn: "label")
        r.embeddingModel = "tiny"
        r.trainer.maxEpochs = 40
        r.trainer.kind = .linear
        r.trainer.learningRate = 0.05
        r.device = "cpu"
        r.threads = 1
        return r
    }

    @Test func aHeadIsTrainedInstalledAndRunsAsAnAnalyzerUnderItsTask() async throws {
        let (w, dir) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.write(Self.labelled(120) + [("", "pos"), ("no label here", "")], to: dir.appendingPathComponent("train.csv"))
        var req = request(dir)
        req.analysis = "mood"
        let first = try await w.train(req)
        #expect(first.manifest.labels == ["neg", "pos"])
        #expect(first.manifest.dev.accuracy > 0.8)
        #expect(first.skippedEmpty == 1 && first.skippedNoLabel == 1)
        #expect(first.manifest.embeddingFingerprint == (try ModelStore(home: w.home).resolve("tiny")).manifest.fingerprint)
        #expect(FileManager.default.fileExists(atPath: first.directory + "/head.safetensors"))

        // Again: the embeddings come from the cache, and the same seed gives the same head.
        req.force = true
        let second = try await w.train(req)
        #expect(second.cacheHits > 0)
        #expect(second.manifest.dev == first.manifest.dev)

        // As an analyzer: values under the head's task.
        try "text\nlove it a lot\nbroken again today\n".write(to: dir.appendingPathComponent("new.csv"), atomically: true, encoding: .utf8)
        let handle = try w.start(
            RunRequest(
                source: DatasetSource(path: dir.appendingPathComponent("new.csv").path), tools: ["classify"],
                options: ["classify.head": ["head": "toy"]], device: "cpu", threads: 1))
        var labels: [String] = []
        for try await event in handle.events {
            if case .batch(let b) = event {
                #expect(b.results.first?.tool.task == "mood")
                for v in b.results.first?.values ?? [] { if case .classification(let c) = v { labels.append(c.label) } }
            }
        }
        #expect(labels == ["pos", "neg"])
    }

    @Test func refusalsNameTheProblem() async throws {
        let (w, dir) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: dir) }
        func failure(_ r: TrainingRequest) async -> TaskFlowFailure? {
            do {
                _ = try await w.train(r)
                return nil
            } catch {
                return error as? TaskFlowFailure
            }
        }
        // One class.
        try Self.write(Self.labelled(20).map { ($0.0, "pos") }, to: dir.appendingPathComponent("train.csv"))
        #expect(await failure(request(dir))?.description.contains("only one label") == true)
        // No label column.
        try Self.write(Self.labelled(20), to: dir.appendingPathComponent("train.csv"), header: "text,category")
        let missing = await failure(request(dir))
        #expect(missing?.description.contains("has no label column \"label\"; its columns are: text, category") == true)
        #expect(missing?.hint?.contains("--label") == true)
        // Dev labels the training data lacks.
        try Self.write(Self.labelled(20), to: dir.appendingPathComponent("train.csv"))
        try Self.write([("so so", "meh")] + Self.labelled(4), to: dir.appendingPathComponent("dev.csv"))
        var withDev = request(dir)
        withDev.dev = dir.appendingPathComponent("dev.csv").path
        let dev = await failure(withDev)
        #expect(dev?.code == "unknown-dev-labels")
        #expect(dev?.description.contains("'meh'") == true)
        // Nothing usable.
        try Self.write([("", "pos"), ("   ", "neg")], to: dir.appendingPathComponent("train.csv"))
        #expect(await failure(request(dir))?.code == "no-training-data")
        // A head that is installed already, without force.
        try Self.write(Self.labelled(40), to: dir.appendingPathComponent("train.csv"))
        _ = try await w.train(request(dir))
        #expect(await failure(request(dir))?.code == "model-exists")
        // Not a head.
        #expect(throws: TaskFlowFailure.self) { try ModelStore(home: w.home).head("tiny") }
    }
}
