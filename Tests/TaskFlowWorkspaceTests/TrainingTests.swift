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
        #expect(first.manifest.embeddingFingerprint == HeadManifest.embeddingFingerprint(of: try ModelStore(home: w.home).resolve("tiny").manifest))
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

/// The heads TaskFlow ships, on the real all-MiniLM-L6-v2 (skipped where it is not installed;
/// `Tools/test` installs it).
@Suite struct ShippedHeadTests {
    static var installedMiniLM: String? {
        let env = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let d = env["TF_MINILM_DIR"], !d.isEmpty { candidates.append(d) }
        let home = env["TF_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() as NSString).appendingPathComponent(".taskflow")
        candidates.append((home as NSString).appendingPathComponent("models/all-MiniLM-L6-v2"))
        return candidates.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("model.safetensors")) }
    }

    @Test(.enabled(if: installedMiniLM != nil, "all-MiniLM-L6-v2 is not installed (tf models pull all-MiniLM-L6-v2)"))
    func emotionAndSentimentHeadsInstallOnFirstUseAndReadPlainTexts() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-shipped-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let home = dir.appendingPathComponent("home")
        try ModelStore(home: TaskFlowHome(path: home.path)).add(name: "all-MiniLM-L6-v2", from: try #require(Self.installedMiniLM))
        let w = Workspace.builtins(Workspace.Configuration(environment: ["TF_HOME": home.path], discoverPlugins: false))
        let texts = [
            "I am furious, this is the third time they cancelled my order without telling me",
            "Thank you so much, this made my day, I love it!",
            "I'm really scared the surgery will go wrong",
            "The package arrived on Tuesday.",
        ]
        try ("text\n" + texts.map { "\"\($0)\"" }.joined(separator: "\n") + "\n").write(
            to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        let handle = try w.start(
            RunRequest(
                source: DatasetSource(path: dir.appendingPathComponent("t.csv").path), tools: ["emotion", "sentiment.minilm"],
                device: "cpu", threads: 1))
        var emotion: [String] = []
        var sentiment: [Double] = []
        var tasks: [String] = []
        for try await event in handle.events {
            guard case .batch(let b) = event else { continue }
            tasks = b.results.map(\.tool.task)
            for v in b.results[0].values { if case .classification(let c) = v { emotion.append(c.label) } }
            for v in b.results[1].values { if case .classification(let c) = v { sentiment.append(c.score) } }
        }
        #expect(tasks == ["emotion", "sentiment"])
        #expect(emotion == ["anger", "joy", "fear", "neutral"])
        #expect(sentiment.count == 4 && sentiment[0] < -0.3 && sentiment[1] > 0.5 && abs(sentiment[3]) < 0.5)
        #expect(ModelStore(home: TaskFlowHome(path: home.path)).isInstalled("emotion.minilm"))
    }
}

/// `tf train --task tokens`: a token head on the encoder's token states, run by `entity.head`.
@Suite struct TokenTrainingTests {
    /// Sentences where a capitalised word after "met" is a person and after "in" a location.
    static func conll(_ n: Int) -> String {
        let people = ["Alice", "Bruno", "Chen", "Dana", "Emil"]
        let places = ["Paris", "Lagos", "Oslo", "Quito", "Delhi"]
        return (0..<n).map { i in
            "we\tO\nmet\tO\n\(people[i % 5])\tB-person\nin\tO\n\(places[(i / 5) % 5])\tB-location\ntoday\tO\n"
        }.joined(separator: "\n")
    }

    @Test func aTokenHeadIsTrainedAndFindsEntitiesUnderTaskFlowLabels() async throws {
        let (w, dir) = try TrainingTests.setUp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.conll(60).write(to: dir.appendingPathComponent("train.conll"), atomically: true, encoding: .utf8)
        var r = TrainingRequest(name: "toy-ner", data: DatasetSource(path: dir.appendingPathComponent("train.conll").path), labelColumn: "")
        r.embeddingModel = "tiny"
        r.analysis = "entities"
        r.trainer.kind = .linear
        r.trainer.learningRate = 0.05
        r.trainer.maxEpochs = 60
        r.device = "cpu"
        r.threads = 1
        let result = try await w.trainTokens(r)
        #expect(result.manifest.level == .tokens)
        #expect(result.manifest.labels == ["B-location", "B-person", "O"])
        #expect(result.manifest.dev.accuracy > 0.9)

        try "text\nwe met Chen in Oslo today\n".write(to: dir.appendingPathComponent("new.csv"), atomically: true, encoding: .utf8)
        let handle = try w.start(
            RunRequest(
                source: DatasetSource(path: dir.appendingPathComponent("new.csv").path), tools: ["entity.head"],
                options: ["entity.head": ["head": "toy-ner"]], device: "cpu", threads: 1))
        var spans: [Span] = []
        for try await event in handle.events {
            if case .batch(let b) = event, case .spans(let s)? = b.results.first?.values.first { spans = s }
        }
        #expect(spans.map(\.text) == ["Chen", "Oslo"])
        #expect(spans.map(\.label) == ["PERSON", "LOC"])
        #expect(spans.map(\.start) == [7, 15])

        // A token head is not a text classifier, and the other way round.
        await #expect(throws: TaskFlowFailure.self) {
            let wrongWay = try w.start(
                RunRequest(
                    source: DatasetSource(path: dir.appendingPathComponent("new.csv").path), tools: ["classify"],
                    options: ["classify.head": ["head": "toy-ner"]], device: "cpu", threads: 1))
            for try await _ in wrongWay.events {}
        }
    }

    @Test func aMalformedCoNLLLineIsNamed() async throws {
        let (w, dir) = try TrainingTests.setUp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "we\tO\nmet Alice\n".write(to: dir.appendingPathComponent("bad.conll"), atomically: true, encoding: .utf8)
        var r = TrainingRequest(name: "bad", data: DatasetSource(path: dir.appendingPathComponent("bad.conll").path), labelColumn: "")
        r.embeddingModel = "tiny"
        do {
            _ = try await w.trainTokens(r)
            Issue.record("no error")
        } catch let f as TaskFlowFailure {
            #expect(f.description.contains("bad.conll, line 2 is not TOKEN<TAB>TAG"))
        }
    }
}
