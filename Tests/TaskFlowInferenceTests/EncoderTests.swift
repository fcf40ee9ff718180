import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import Testing

@testable import TaskFlowInference

/// The largest absolute difference between two equally long lists.
func maxAbsDiff(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "lengths differ: \(a.count) vs \(b.count)")
    return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

private func encoder(_ model: String, threads: Int = 2, batching: BatchingPolicy = BatchingPolicy()) throws -> TextEncoder {
    try TextEncoder(model: EncoderModel(directory: Fixtures.tinyModel(model)), device: .cpu(threads: threads), batching: batching)
}

@Suite("Tiny encoders against transformers (1e-4 absolute)")
struct TinyEncoderTests {
    static let tolerance: Float = 1e-4

    @Test("BertModel: last_hidden_state and pooler_output, one text at a time and batched", arguments: [1, 2])
    func bertBase(threads: Int) throws {
        let expected = try TinyModelExpectations.load("tiny-bert")
        let single = try encoder("tiny-bert", threads: threads, batching: BatchingPolicy(maxTexts: 1))
        let batched = try encoder("tiny-bert", threads: threads)
        let texts = expected.inputs.map(\.text)
        let one = try single.hiddenStates(texts)
        let all = try batched.hiddenStates(texts)
        let bert = try #require(single.model.encoder as? BertEncoder)
        for (i, input) in expected.inputs.enumerated() {
            let want = try #require(input.last_hidden_state).values
            #expect(maxAbsDiff(one[i], want) < Self.tolerance, "\(input.text)")
            #expect(maxAbsDiff(all[i], want) < Self.tolerance, "\(input.text) (batched)")
            let pooled = one[i].withUnsafeBufferPointer { bert.poolerOutput(hidden: $0) }
            #expect(maxAbsDiff(try #require(pooled), try #require(input.pooler_output)) < Self.tolerance)
        }
    }

    @Test(
        "sequence classifiers: logits, probabilities and labels",
        arguments: ["tiny-bert-seqcls", "tiny-distilbert-seqcls", "tiny-roberta-seqcls"])
    func sequenceClassification(_ model: String) throws {
        let expected = try TinyModelExpectations.load(model)
        for batching in [BatchingPolicy(maxTexts: 1), BatchingPolicy()] {
            let e = try encoder(model, batching: batching)
            let (predictions, report) = try e.classify(expected.inputs.map(\.text))
            #expect(report.batches == (batching.maxTexts == 1 ? 4 : 1))
            for (p, input) in zip(predictions, expected.inputs) {
                #expect(maxAbsDiff(p.logits, try #require(input.logits).values) < Self.tolerance, "\(model): \(input.text)")
                #expect(maxAbsDiff(p.probabilities, try #require(input.probabilities)) < Self.tolerance)
                if let label = input.predicted_label { #expect(p.best.label == label) }
                if let labels = input.labels_over_0_5 {
                    #expect(p.multiLabel)
                    #expect(p.labels(above: 0.5) == labels)
                }
            }
            if let batchLogits = expected.batch.logits {
                #expect(maxAbsDiff(predictions.flatMap(\.logits), batchLogits.values) < Self.tolerance)
            }
        }
    }

    @Test("the DistilBERT classifier is multi-label (sigmoid), the others softmax")
    func problemTypes() throws {
        #expect(try encoder("tiny-distilbert-seqcls").model.encoder.multiLabel)
        #expect(try !encoder("tiny-bert-seqcls").model.encoder.multiLabel)
        #expect(try encoder("tiny-distilbert-seqcls").model.encoder.labels == ["sadness", "joy", "love", "anger", "fear", "surprise"])
    }

    @Test("token classifier: per-token logits and BIO labels with offsets")
    func tokenClassification() throws {
        let expected = try TinyModelExpectations.load("tiny-bert-tokcls")
        let e = try encoder("tiny-bert-tokcls")
        let (predictions, _) = try e.classifyTokens(expected.inputs.map(\.text))
        for (tokens, input) in zip(predictions, expected.inputs) {
            let logits = try #require(input.logits)
            #expect(logits.rows == tokens.count)
            #expect(maxAbsDiff(tokens.flatMap(\.logits), logits.values) < Self.tolerance, "\(input.text)")
            #expect(tokens.map(\.label) == input.predicted_labels)
            #expect(tokens.map { [$0.offset.lowerBound, $0.offset.upperBound] } == input.offsets)
            #expect(tokens.first?.isSpecial == true && tokens.last?.isSpecial == true)
        }
    }

    @Test("RoBERTa position ids start after the padding id")
    func robertaPositions() throws {
        let expected = try TinyModelExpectations.load("tiny-roberta-seqcls")
        let model = try EncoderModel(directory: Fixtures.tinyModel("tiny-roberta-seqcls"))
        for input in expected.inputs {
            #expect(model.encoder.positionIDs(length: input.input_ids.count).map(Int.init) == input.position_ids)
        }
        #expect(model.maxSequenceLength == 62)
    }

    @Test("mean pooling of the bare model equals the mean of its hidden states; results keep input order")
    func poolingAndOrder() throws {
        let e = try encoder("tiny-bert", batching: BatchingPolicy(maxTexts: 2))
        let texts = try TinyModelExpectations.load("tiny-bert").inputs.map(\.text)
        let (vectors, report) = try e.embed(texts)
        let hidden = try e.hiddenStates(texts)
        for (v, h) in zip(vectors, hidden) {
            let n = h.count / 32
            let mean = (0..<32).map { i in (0..<n).reduce(Float(0)) { $0 + h[$1 * 32 + i] } / Float(n) }
            #expect(maxAbsDiff(v, mean) < 1e-5)
        }
        let (reversed, _) = try e.embed(texts.reversed())
        for (a, b) in zip(reversed, vectors.reversed()) { #expect(maxAbsDiff(a, b) < 1e-5) }
        #expect(report.texts == 4 && report.batches == 2 && report.paddingTokens == 0)
        #expect(report.paddingIfPadded > 0)
    }
}

@Suite("Batching")
struct BatchingTests {
    @Test(
        "length-sorted batches respect the text and token caps",
        arguments: [
            ([5, 1, 3, 2, 4], 2, 100, [[1, 3], [2, 4], [0]]),
            ([5, 1, 3, 2, 4], 10, 6, [[1, 3, 2], [4], [0]]),
            ([50, 1], 10, 10, [[1], [0]]),
            ([Int](), 4, 4, [[Int]]()),
        ])
    func plan(_ lengths: [Int], _ maxTexts: Int, _ maxTokens: Int, _ expected: [[Int]]) {
        #expect(BatchingPolicy(maxTexts: maxTexts, maxTokens: maxTokens).plan(lengths: lengths) == expected)
    }

    @Test("texts longer than the window are truncated and counted")
    func truncation() throws {
        let e = try encoder("tiny-bert")
        let long = Array(repeating: "love", count: 100).joined(separator: " ")
        let (vectors, report) = try e.embed([long, "ok"])
        #expect(vectors.count == 2)
        #expect(report.truncatedTexts == 1)
        #expect(e.tokenize([long])[0].count == 64)
    }

    @Test("empty input gives empty output")
    func empty() throws {
        let (vectors, report) = try encoder("tiny-bert").embed([])
        #expect(vectors.isEmpty && report.batches == 0)
    }
}

@Suite("Model loading errors")
struct ModelErrorTests {
    /// A copy of tiny-bert with config.json edited.
    func copyWithConfig(_ edit: (inout [String: Any]) -> Void) throws -> URL {
        let dir = try Fixtures.temporaryDirectory()
        let source = URL(fileURLWithPath: Fixtures.tinyModel("tiny-bert"))
        for f in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        let url = dir.appendingPathComponent("config.json")
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        edit(&config)
        try JSONSerialization.data(withJSONObject: config).write(to: url)
        return dir
    }

    /// A copy of a tiny model whose tensor ending in `suffix` starts with a NaN: the file keeps
    /// its size and header, only one value is damaged.
    func copyWithNaN(_ model: String = "tiny-bert", in suffix: String) throws -> URL {
        let dir = try Fixtures.temporaryDirectory()
        let source = URL(fileURLWithPath: Fixtures.tinyModel(model))
        for f in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        let weights = dir.appendingPathComponent("model.safetensors")
        let info = try #require(try SafetensorsFile(path: weights.path).tensors.values.first { $0.name.hasSuffix(suffix) })
        #expect(info.dtype == .f32)
        var data = try Data(contentsOf: weights)
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let offset = 8 + headerLength + info.dataRange.lowerBound
        withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { data.replaceSubrange(offset..<(offset + 4), with: $0) }
        try data.write(to: weights)
        return dir
    }

    @Test(
        "config.json numbers no model can use are refused, naming the field",
        arguments: [
            ("layer_norm_eps", -1e99), ("layer_norm_eps", 0), ("layer_norm_eps", 1e-50), ("layer_norm_eps", 1e30),
            ("num_hidden_layers", -1), ("vocab_size", 0), ("intermediate_size", -64), ("pad_token_id", -1),
        ] as [(String, Double)])
    func invalidNumbers(_ field: String, _ value: Double) throws {
        let dir = try copyWithConfig { $0[field] = value }
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect {
            _ = try EncoderModel(directory: dir.path, name: "tiny")
        } throws: { error in
            let e = error as? TaskFlowFailure
            return e?.code == "corrupt-model-file" && e?.description.contains(dir.appendingPathComponent("config.json").path) == true
                && e?.description.contains("config.json field '\(field)' is") == true
                && e?.hint?.contains("tf models") == true
        }
    }

    @Test("a damaged weight that makes the outputs NaN is an error naming the model, never a NaN vector")
    func nonFiniteEmbeddings() throws {
        let dir = try copyWithNaN(in: "embeddings.LayerNorm.weight")
        defer { try? FileManager.default.removeItem(at: dir) }
        let encoder = try TextEncoder(model: EncoderModel(directory: dir.path), device: .cpu(threads: 1))
        #expect {
            _ = try encoder.embed(["battery dies fast", "great screen"])
        } throws: { error in
            let e = error as? TaskFlowFailure
            return e?.code == "non-finite-output" && e?.description.contains(dir.path) == true
                && e?.description.contains("NaN or infinite values for 2 of 2 texts") == true
        }
        #expect(throws: TaskFlowFailure.self) { try encoder.hiddenStates(["ok"]) }
    }

    @Test("a damaged classifier head that makes the logits NaN is an error naming the model")
    func nonFiniteLogits() throws {
        let dir = try copyWithNaN("tiny-bert-seqcls", in: "classifier.weight")
        defer { try? FileManager.default.removeItem(at: dir) }
        let encoder = try TextEncoder(model: EncoderModel(directory: dir.path, name: "clf"), device: .cpu(threads: 1))
        #expect {
            _ = try encoder.classify(["battery dies fast"])
        } throws: { error in
            let e = error as? TaskFlowFailure
            return e?.code == "non-finite-output" && e?.description.contains("model 'clf'") == true
                && e?.hint?.contains("clf") == true
        }
    }

    @Test("a config naming another architecture than the weights is a clear error")
    func wrongArchitecture() throws {
        let dir = try copyWithConfig {
            $0["model_type"] = "distilbert"
            $0["architectures"] = ["DistilBertModel"]
            $0["dim"] = 32
            $0["n_layers"] = 2
            $0["n_heads"] = 4
            $0["hidden_dim"] = 64
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try EncoderModel(directory: dir.path)
            Issue.record("expected an error")
        } catch let e as TaskFlowFailure {
            #expect(e.code == "weights-mismatch")
            #expect(e.description.contains("which a distilbert model needs"))
            #expect(e.description.contains("the weights look like a bert model"))
            #expect(e.hint?.contains("names architecture 'distilbert'") == true)
        }
    }

    @Test("an unsupported model_type lists the supported ones")
    func unsupportedType() throws {
        let dir = try copyWithConfig { $0["model_type"] = "gpt2" }
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect {
            _ = try EncoderModel(directory: dir.path)
        } throws: { error in
            let e = error as? TaskFlowFailure
            return e?.description.contains("model_type 'gpt2' is not a supported encoder architecture") == true
                && e?.hint == "supported model_type values: bert, distilbert, roberta"
        }
    }

    @Test("sizes in config.json that disagree with the weights are a clear error")
    func wrongShape() throws {
        let dir = try copyWithConfig { $0["intermediate_size"] = 128 }
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect {
            _ = try EncoderModel(directory: dir.path)
        } throws: { error in
            "\(error)".contains("has shape [64, 32], but") && "\(error)".contains("implies [128, 32]")
        }
    }

    @Test("an unsupported activation is named")
    func activation() throws {
        let dir = try copyWithConfig { $0["hidden_act"] = "mish" }
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: (any Error).self) { try EncoderModel(directory: dir.path) }
    }

    @Test("a GPU device is a clear error, never a silent fallback")
    func gpu() throws {
        let model = try EncoderModel(directory: Fixtures.tinyModel("tiny-bert"))
        #expect {
            _ = try TextEncoder(model: model, device: .gpu(index: 0))
        } throws: { error in
            let e = error as? TaskFlowFailure
            return e?.code == "device-unavailable" && e?.fix == Fix(.device, example: "cpu")
        }
    }

    @Test("a missing directory names itself")
    func missingDirectory() {
        #expect(throws: (any Error).self) { try EncoderModel(directory: "/nonexistent/model") }
    }
}
