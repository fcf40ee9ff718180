import Foundation
import Testing

/// Parses `{"id","embedding"}` JSONL.
private func parseEmbeddings(_ text: String) throws -> [(id: String, ids: [Int]?, vector: [Float])] {
    try text.split(separator: "\n").map { line in
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
        let vector = (object["embedding"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.floatValue }
        return (object["id"] as? String ?? "", object["input_ids"] as? [Int], vector)
    }
}

/// A temporary home with the tiny BERT installed under the default embedding model's name.
func homeWithTinyModel() throws -> URL {
    let home = try TFProcess.temporaryDirectory()
    let r = try TFProcess.run(["models", "add", "all-MiniLM-L6-v2", TinyModels.path("tiny-bert")], home: home)
    #expect(r.status == 0, "\(r.stderr)")
    return home
}

@Suite("tf embed and the embedding analyzer")
struct EmbedCommandTests {
    @Test("tf embed writes one {id, embedding} line per record, in input order")
    func embedJSONL() throws {
        let home = try homeWithTinyModel()
        defer { try? FileManager.default.removeItem(at: home) }
        let input = home.appendingPathComponent("in.csv")
        try "id,text\na,I love this product!\nb,\"Long, long, long text that is definitely longer than the others here\"\nc,meh\n"
            .write(to: input, atomically: true, encoding: .utf8)
        let r = try TFProcess.run(["embed", input.path, "--threads", "1"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try parseEmbeddings(r.stdout)
        #expect(rows.map(\.id) == ["a", "b", "c"])
        #expect(rows.allSatisfy { $0.vector.count == 32 })
        #expect(r.stderr.contains("embedded 3 texts"))
        // The same file through a model folder and one text per batch: the same vectors.
        let out = home.appendingPathComponent("out.jsonl")
        let byPath = try TFProcess.run(
            ["embed", input.path, "--model", TinyModels.path("tiny-bert"), "--batch-size", "1", "-o", out.path, "--include-ids"],
            home: home)
        #expect(byPath.status == 0, "\(byPath.stderr)")
        let again = try parseEmbeddings(try String(contentsOf: out, encoding: .utf8))
        for (x, y) in zip(rows, again) {
            #expect(zip(x.vector, y.vector).allSatisfy { abs($0 - $1) < 1e-5 })
        }
        #expect(again[0].ids == [2, 69, 128, 122, 662, 60, 94, 58, 92, 5, 3])
    }

    @Test(
        "errors: GPU, a missing model, a corrupt model",
        arguments: [
            ("gpu", "device 'gpu:0' is not available"),
            ("missing", "model 'nope' is not installed"),
            ("corrupt", "tf models pull all-MiniLM-L6-v2 --force"),
        ])
    func errors(_ kind: String, _ message: String) throws {
        let home = try homeWithTinyModel()
        defer { try? FileManager.default.removeItem(at: home) }
        let input = home.appendingPathComponent("in.txt")
        try "hello\n".write(to: input, atomically: true, encoding: .utf8)
        var args = ["embed", input.path]
        switch kind {
        case "gpu": args += ["--device", "gpu"]
        case "missing": args += ["--model", "nope"]
        default:
            let weights = home.appendingPathComponent("models/all-MiniLM-L6-v2/model.safetensors")
            let data = try Data(contentsOf: weights)
            try data.prefix(data.count - 100).write(to: weights)
        }
        let r = try TFProcess.run(args, home: home)
        #expect(r.status != 0)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test("texts longer than the model's window are counted: tf analyze's summary and report, tf embed")
    func truncationIsCounted() throws {
        let home = try homeWithTinyModel()
        defer { try? FileManager.default.removeItem(at: home) }
        let input = home.appendingPathComponent("in.txt")
        let long = Array(repeating: "battery", count: 100).joined(separator: " ")
        try "short one\n\(long)\nanother short one\n".write(to: input, atomically: true, encoding: .utf8)
        let report = home.appendingPathComponent("report.md")
        let r = try TFProcess.run(
            ["analyze", input.path, "--tools", "embedding", "--format", "jsonl", "-o", "/dev/null", "--report", report.path], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stderr.contains("note: 1 text was longer than the window of embedding(all-MiniLM-L6-v2) and cut to it (for embedding.minilm)"),
            "\(r.stderr)")
        #expect(try String(contentsOf: report, encoding: .utf8).contains("1 truncated to the model's window"))
        let embedded = try TFProcess.run(["embed", input.path, "--no-cache"], home: home)
        #expect(embedded.status == 0, "\(embedded.stderr)")
        #expect(embedded.stderr.contains("; 1 truncated to the model's window (64 tokens)"), "\(embedded.stderr)")
    }

    @Test("a model byte damaged in place: tf embed fails naming the file and the fix, caches nothing; re-installed, it embeds")
    func sameSizeDamage() throws {
        let home = try homeWithTinyModel()
        defer { try? FileManager.default.removeItem(at: home) }
        let input = home.appendingPathComponent("in.txt")
        try "great phone\nterrible battery\n".write(to: input, atomically: true, encoding: .utf8)
        let weights = home.appendingPathComponent("models/all-MiniLM-L6-v2/model.safetensors")
        var data = try Data(contentsOf: weights)
        let size = data.count
        data[size / 2] ^= 0xFF
        try data.write(to: weights)
        #expect(try Data(contentsOf: weights).count == size)

        let r = try TFProcess.run(["embed", input.path], home: home)
        #expect(r.status == 1)
        #expect(r.stderr.contains("models/all-MiniLM-L6-v2/model.safetensors: its SHA-256 is"), "\(r.stderr)")
        #expect(r.stderr.contains("hint: re-download it: tf models pull all-MiniLM-L6-v2 --force"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        // Nothing of it was cached.
        let stats = try TFProcess.run(["cache", "stats", "--json"], home: home)
        let json = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
        let tier = try #require(json?["stats"] as? [String: Any], "\(stats.stdout)")
        #expect(tier["entries"] as? Int == 0, "\(stats.stdout)")
        let analyzers = tier["analyzers"] as? [[String: Any]] ?? []
        #expect(!analyzers.contains { ($0["entries"] as? Int ?? 0) > 0 }, "\(stats.stdout)")

        // Installed again, the same command embeds: finite vectors, none from the cache.
        let repaired = try TFProcess.run(["models", "add", "all-MiniLM-L6-v2", TinyModels.path("tiny-bert"), "--force"], home: home)
        #expect(repaired.status == 0, "\(repaired.stderr)")
        let again = try TFProcess.run(["embed", input.path], home: home)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!again.stdout.contains("null"))
        let rows = try parseEmbeddings(again.stdout)
        #expect(rows.count == 2 && rows.allSatisfy { $0.vector.count == 32 && $0.vector.allSatisfy(\.isFinite) })
        #expect(!again.stderr.contains("from the cache"), "\(again.stderr)")
    }

    @Test("re-installing a model (add --force, pull --force) retires what the old copy put in the cache")
    func reinstallRetiresCache() throws {
        let home = try homeWithTinyModel()
        defer { try? FileManager.default.removeItem(at: home) }
        let input = home.appendingPathComponent("in.txt")
        try "great phone\nterrible battery\n".write(to: input, atomically: true, encoding: .utf8)
        _ = try TFProcess.run(["embed", input.path], home: home)
        let cached = try TFProcess.run(["embed", input.path], home: home)
        #expect(cached.stderr.contains("2 from the cache"), "\(cached.stderr)")
        let reinstalled = try TFProcess.run(["models", "add", "all-MiniLM-L6-v2", TinyModels.path("tiny-bert"), "--force"], home: home)
        #expect(reinstalled.status == 0, "\(reinstalled.stderr)")
        let fresh = try TFProcess.run(["embed", input.path], home: home)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(!fresh.stderr.contains("from the cache"), "\(fresh.stderr)")
        #expect(fresh.stdout == cached.stdout)
    }

    @Test("tf embed runs through the run path: stored as a run, served from the cache the second time, same output")
    func embedIsARun() throws {
        let home = try homeWithTinyModel()
        defer { try? FileManager.default.removeItem(at: home) }
        let input = home.appendingPathComponent("in.txt")
        try "great phone\nterrible battery\nit is ok\n".write(to: input, atomically: true, encoding: .utf8)
        let first = try TFProcess.run(["embed", input.path], home: home)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("run #1"), "\(first.stderr)")
        #expect(!first.stderr.contains("from the cache"), "\(first.stderr)")
        let second = try TFProcess.run(["embed", input.path], home: home)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("3 from the cache"), "\(second.stderr)")
        #expect(second.stderr.contains("run #2"), "\(second.stderr)")
        #expect(second.stdout == first.stdout)
        let runs = try TFProcess.run(["-c", "runs"], home: home)
        #expect(runs.stdout.contains("embedding.minilm"), "\(runs.stdout)")
    }

    @Test("tf analyze --tools sentiment,embedding stores a vector per record, and caches it")
    func analyzeWithEmbedding() throws {
        let home = try homeWithTinyModel()
        defer { try? FileManager.default.removeItem(at: home) }
        let input = home.appendingPathComponent("in.txt")
        try "great phone\nterrible battery\nit is ok\n".write(to: input, atomically: true, encoding: .utf8)
        let db = home.appendingPathComponent("runs.sqlite").path
        let r = try TFProcess.run(
            ["analyze", input.path, "--tools", "sentiment,embedding", "--format", "jsonl", "--db", db], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            #expect(object["sentiment"] != nil)
            #expect((object["embedding"] as? [Any])?.count == 32)
        }
        let second = try TFProcess.run(
            ["analyze", input.path, "--tools", "sentiment,embedding", "--format", "jsonl", "--db", db], home: home)
        #expect(second.status == 0)
        #expect(second.stdout == r.stdout)
        #expect(second.stderr.contains("100% hits") || second.stderr.contains("100.0% hits"), "\(second.stderr)")
    }

    @Test(
        "tf embed on the 32 golden texts matches sentence-transformers (ids equal, cosine ≥ 0.99999, |Δ| ≤ 1e-4)",
        .enabled(
            if: EmbedGolden.installedModel != nil,
            "all-MiniLM-L6-v2 is not installed: run `tf models pull all-MiniLM-L6-v2` (CI does) or set TF_MINILM_DIR"))
    func minilmGolden() throws {
        let model = try #require(EmbedGolden.installedModel)
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let golden = try JSONSerialization.jsonObject(
            with: Data(contentsOf: TFProcess.repository.appendingPathComponent("Tests/Fixtures/minilm/minilm_embeddings.json")))
            as? [String: Any]
        let items = golden?["items"] as? [[String: Any]] ?? []
        #expect(items.count == 32)
        var jsonl = ""
        for (i, item) in items.enumerated() {
            let object: [String: Any] = ["id": "t\(i)", "text": item["text"] as? String ?? ""]
            jsonl += String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self) + "\n"
        }
        let input = home.appendingPathComponent("golden.jsonl")
        try jsonl.write(to: input, atomically: true, encoding: .utf8)
        let r = try TFProcess.run(["embed", input.path, "--model", model, "--include-ids"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try parseEmbeddings(r.stdout)
        #expect(rows.count == 32)
        for (row, item) in zip(rows, items) {
            let want = (item["embedding"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.floatValue }
            #expect(row.ids == item["input_ids"] as? [Int], "\(item["text"] ?? "")")
            let dot = zip(row.vector, want).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            let norms = (row.vector.reduce(Float(0)) { $0 + $1 * $1 } * want.reduce(Float(0)) { $0 + $1 * $1 }).squareRoot()
            #expect(dot / norms >= 0.99999)
            #expect(zip(row.vector, want).allSatisfy { abs($0 - $1) <= 1e-4 })
        }
    }
}

/// Where the real model is, if installed: `$TF_MINILM_DIR`, else `$TF_HOME` (default ~/.taskflow).
enum EmbedGolden {
    static var installedModel: String? {
        let env = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let d = env["TF_MINILM_DIR"], !d.isEmpty { candidates.append(d) }
        let home = env["TF_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() as NSString).appendingPathComponent(".taskflow")
        candidates.append((home as NSString).appendingPathComponent("models/all-MiniLM-L6-v2"))
        return candidates.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("model.safetensors")) }
    }
}
