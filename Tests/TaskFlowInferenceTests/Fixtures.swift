import Foundation
import Testing

/// Paths and decoders for the fixtures under `Tests/Fixtures`.
enum Fixtures {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let directory = testsDirectory.appendingPathComponent("Fixtures")
    static let tinyModels = directory.appendingPathComponent("tiny-models")
    static let minilm = directory.appendingPathComponent("minilm")

    static let tinyModelNames = [
        "tiny-bert", "tiny-bert-seqcls", "tiny-bert-tokcls", "tiny-distilbert-seqcls", "tiny-roberta-seqcls",
    ]

    static func tinyModel(_ name: String) -> String {
        tinyModels.appendingPathComponent(name).path
    }

    static func decode<T: Decodable>(_ type: T.Type, _ url: URL) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    /// A scratch folder, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-inf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Where the real all-MiniLM-L6-v2 is installed, if anywhere: `$TF_MINILM_DIR`, else the
    /// store of `$TF_HOME` (default `~/.taskflow`).
    static var installedMiniLM: String? {
        let env = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let d = env["TF_MINILM_DIR"], !d.isEmpty { candidates.append(d) }
        let home = env["TF_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".taskflow")
        candidates.append((home as NSString).appendingPathComponent("models/all-MiniLM-L6-v2"))
        return candidates.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("model.safetensors")) }
    }
}

/// `wordpiece_tokenizer.json`: Hugging Face tokenizers' output for 61 tricky strings.
struct WordPieceGoldens: Decodable {
    struct Item: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let tokens: [String]
        let ids: [Int]
        let offsets: [[Int]]
        let ids_truncated_256: [Int]?
        var testDescription: String { name }
    }

    let items: [Item]

    static func load() throws -> [Item] {
        try Fixtures.decode(WordPieceGoldens.self, Fixtures.minilm.appendingPathComponent("wordpiece_tokenizer.json")).items
    }
}

/// A number list that may be nested one level (`[3]` or `[seq][9]`), flattened.
struct FlatFloats: Decodable, Sendable {
    var values: [Float]
    var rows: Int

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let flat = try? c.decode([Float].self) {
            values = flat
            rows = 1
        } else {
            let nested = try c.decode([[Float]].self)
            values = nested.flatMap { $0 }
            rows = nested.count
        }
    }
}

/// `expected_outputs.json` of a tiny model.
struct TinyModelExpectations: Decodable, Sendable {
    struct Input: Decodable, Sendable {
        let text: String
        let input_ids: [Int]
        let tokens: [String]
        let offsets: [[Int]]
        let position_ids: [Int]?
        let last_hidden_state: FlatFloats?
        let pooler_output: [Float]?
        let logits: FlatFloats?
        let probabilities: [Float]?
        let predicted_label: String?
        let predicted_labels: [String]?
        let labels_over_0_5: [String]?

        enum CodingKeys: String, CodingKey {
            case text, input_ids, tokens, offsets, position_ids, last_hidden_state, pooler_output, logits, probabilities
            case predicted_label, predicted_labels
            case labels_over_0_5 = "labels_over_0.5"
        }
    }

    struct Batch: Decodable, Sendable {
        let input_ids: [[Int]]
        let attention_mask: [[Int]]
        let logits: FlatFloats?
    }

    let model_class: String
    let kind: String
    let problem_type: String?
    let id2label: [String: String]?
    let inputs: [Input]
    let batch: Batch

    static func load(_ model: String) throws -> TinyModelExpectations {
        try Fixtures.decode(
            TinyModelExpectations.self, Fixtures.tinyModels.appendingPathComponent("\(model)/expected_outputs.json"))
    }
}

/// `minilm_embeddings.json`: sentence-transformers embeddings of 32 texts.
struct MiniLMGoldens: Decodable, Sendable {
    struct Item: Decodable, Sendable, CustomTestStringConvertible {
        let text: String
        let input_ids: [Int]
        let embedding: [Float]
        var testDescription: String { String(text.prefix(40)).debugDescription }
    }

    let items: [Item]

    static func load() throws -> [Item] {
        try Fixtures.decode(MiniLMGoldens.self, Fixtures.minilm.appendingPathComponent("minilm_embeddings.json")).items
    }
}
