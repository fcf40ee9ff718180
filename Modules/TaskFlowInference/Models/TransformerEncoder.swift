import Foundation
import TaskFlowPluginAPI

/// What a checkpoint's head computes on top of the encoder, from config.json's `architectures`.
public enum EncoderTask: String, Sendable, Hashable {
    /// The bare encoder (`BertModel`): hidden states, pooled into embeddings.
    case base
    /// `…ForSequenceClassification`: one label (or several) per text.
    case sequenceClassification
    /// `…ForTokenClassification`: one label per token (NER).
    case tokenClassification
}

/// A BERT-family encoder architecture: its configuration, weights and heads.
///
/// An architecture is one file in `Models/` with a `<Arch>Configuration: Codable` and an
/// `<Arch>Encoder` conforming to this, plus one line in `EncoderArchitectures.all`. It maps its
/// tensor names onto the shared `TransformerStack` (which backends run) and computes its own
/// heads from the hidden states.
public protocol TransformerEncoder: Sendable {
    /// config.json's `model_type` values this architecture reads (`bert`).
    static var modelTypes: [String] { get }

    /// Loads config and weights; `configPath` is for messages.
    init(configuration data: Data, configPath: String, weights: SafetensorsFile) throws

    /// The layers and embeddings, for a backend to run.
    var stack: TransformerStack { get }
    /// What the checkpoint's head does.
    var task: EncoderTask { get }
    /// Labels by class index (`id2label`), for classification heads.
    var labels: [String] { get }
    /// `multi_label_classification` means sigmoid per label instead of a softmax.
    var multiLabel: Bool { get }
    /// The longest sequence the position embeddings allow, special tokens included.
    var maxSequenceLength: Int { get }
    /// The padding token id from config.json.
    var padTokenID: Int { get }

    /// Position ids for a sequence of `length` tokens (RoBERTa's start after the padding id).
    func positionIDs(length: Int) -> [Int32]

    /// Sequence-classification logits from one sequence's hidden states `[length][hidden]`.
    func sequenceLogits(hidden: UnsafeBufferPointer<Float>, length: Int) -> [Float]?

    /// Token-classification logits `[length][labels]` from one sequence's hidden states.
    func tokenLogits(hidden: UnsafeBufferPointer<Float>, length: Int) -> [Float]?
}

extension TransformerEncoder {
    public func positionIDs(length: Int) -> [Int32] { (0..<length).map { Int32($0) } }

    public func tokenLogits(hidden: UnsafeBufferPointer<Float>, length: Int) -> [Float]? { nil }
}

/// The architectures TaskFlow runs, by config.json `model_type`.
public enum EncoderArchitectures {
    /// Every built-in architecture.
    public static let all: [any TransformerEncoder.Type] = [
        BertEncoder.self, DistilBertEncoder.self, RobertaEncoder.self,
    ]

    /// The `model_type` values that load.
    public static var supportedModelTypes: [String] { all.flatMap { $0.modelTypes } }

    /// Loads the encoder of a model directory (`config.json` + `model.safetensors`).
    ///
    /// - Throws: a clear error for a missing or unparsable config, an unsupported `model_type`
    ///   (listing the supported ones), weights that do not match the config, or a corrupt file.
    public static func load(directory: String, modelName: String? = nil) throws -> any TransformerEncoder {
        let configPath = (directory as NSString).appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: configPath) else {
            throw InferenceFailure.missingFile(configPath, "the model configuration", model: modelName)
        }
        struct Probe: Decodable {
            var model_type: String?
            var architectures: [String]?
        }
        let probe: Probe
        do {
            probe = try JSONDecoder().decode(Probe.self, from: data)
        } catch {
            throw InferenceFailure.corruptFile(configPath, "not a valid config.json (\(error))", model: modelName)
        }
        let type = probe.model_type ?? Self.modelType(fromArchitectures: probe.architectures ?? [])
        guard let type, let arch = all.first(where: { $0.modelTypes.contains(type) }) else {
            let named = probe.model_type.map { "model_type '\($0)'" } ?? "architectures \(probe.architectures ?? [])"
            throw InferenceFailure.unsupported(
                "\(configPath): \(named) is not a supported encoder architecture",
                hint: "supported model_type values: \(supportedModelTypes.joined(separator: ", "))")
        }
        let weightsPath = (directory as NSString).appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: weightsPath) else {
            let hasBin = FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("pytorch_model.bin"))
            if hasBin {
                throw InferenceFailure.unsupported(
                    "\(directory) has only pytorch_model.bin; TaskFlow reads safetensors",
                    hint: "convert it (transformers: model.save_pretrained(dir, safe_serialization=True))")
            }
            throw InferenceFailure.missingFile(weightsPath, "the weights", model: modelName)
        }
        let weights = try SafetensorsFile(path: weightsPath, modelName: modelName)
        return try arch.init(configuration: data, configPath: configPath, weights: weights)
    }

    /// `bert` from `["BertForSequenceClassification"]`, for configs without `model_type`.
    static func modelType(fromArchitectures names: [String]) -> String? {
        for name in names {
            let lower = name.lowercased()
            if lower.hasPrefix("distilbert") { return "distilbert" }
            if lower.hasPrefix("roberta") { return "roberta" }
            if lower.hasPrefix("bert") { return "bert" }
        }
        return nil
    }

    /// The task of `architectures[0]`'s class name.
    static func task(fromArchitectures names: [String]?) -> EncoderTask {
        guard let name = names?.first else { return .base }
        if name.hasSuffix("ForSequenceClassification") { return .sequenceClassification }
        if name.hasSuffix("ForTokenClassification") { return .tokenClassification }
        return .base
    }

    /// Labels in class order from `id2label` (string keys), or `LABEL_i`.
    static func labels(_ id2label: [String: String]?, count: Int? = nil) -> [String] {
        guard let id2label, !id2label.isEmpty else {
            return (0..<(count ?? 0)).map { "LABEL_\($0)" }
        }
        let n = max(count ?? 0, (id2label.keys.compactMap(Int.init).max() ?? -1) + 1)
        return (0..<n).map { id2label[String($0)] ?? "LABEL_\($0)" }
    }

    /// Refuses config.json sizes below what the forward pass can use (a negative layer count,
    /// a zero vocabulary), naming the field and its value.
    static func checkSizes(_ sizes: [(field: String, value: Int, minimum: Int)], configPath: String, modelName: String?) throws {
        for s in sizes where s.value < s.minimum {
            throw InferenceFailure.corruptFile(
                configPath, "config.json field '\(s.field)' is \(s.value), but it must be at least \(s.minimum)", model: modelName)
        }
    }

    /// Refuses a LayerNorm epsilon that is not a small positive number: zero, a negative or an
    /// enormous value (or one that rounds to zero as a Float) turns every output into NaN.
    static func checkEpsilon(_ eps: Double, field: String, configPath: String, modelName: String?) throws {
        guard eps.isFinite, eps > 0, eps < 1, Float(eps) > 0 else {
            throw InferenceFailure.corruptFile(
                configPath,
                "config.json field '\(field)' is \(eps), but LayerNorm needs a small positive number (transformers writes 1e-12 or 1e-5)",
                model: modelName)
        }
    }

    /// Decodes an architecture's configuration, naming the file and field on failure.
    static func decode<C: Decodable>(_ type: C.Type, _ data: Data, configPath: String, modelName: String?) throws -> C {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(C.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw InferenceFailure.corruptFile(configPath, "config.json lacks '\(key.stringValue)'", model: modelName)
        } catch let DecodingError.typeMismatch(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw InferenceFailure.corruptFile(configPath, "config.json field '\(path)' has the wrong type", model: modelName)
        } catch {
            throw InferenceFailure.corruptFile(configPath, "not a valid config.json (\(error))", model: modelName)
        }
    }
}
