import Foundation
import TaskFlowPluginAPI

/// A model directory in the Hugging Face layout, loaded: encoder, tokenizer, pooling, window.
///
/// ```swift
/// let model = try EncoderModel(directory: "/models/all-MiniLM-L6-v2")
/// let encoder = try TextEncoder(model: model, device: .cpu(threads: 2))
/// let vectors = try encoder.embed(["battery dies fast"]).vectors
/// ```
public struct EncoderModel: Sendable {
    public let directory: String
    /// The store name, when it came from the store (used in repair hints).
    public let name: String?
    public let encoder: any TransformerEncoder
    /// The tokenizer, its `maxLength` set to `maxSequenceLength`.
    public let tokenizer: Tokenizer
    public let pooling: Pooling
    /// The window: sentence-transformers' `max_seq_length` when present, else the tokenizer's
    /// `model_max_length`, never more than the position embeddings allow.
    public let maxSequenceLength: Int

    /// Loads `directory`.
    ///
    /// - Throws: a clear `TaskFlowFailure` for a missing or corrupt file, an unsupported
    ///   architecture or tokenizer, or weights that do not match config.json.
    public init(directory: String, name: String? = nil) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TaskFlowFailure(
                "model-not-found", "\(directory) is not a model directory",
                hint: "pass a folder with config.json, model.safetensors and tokenizer files, or a model name from `tf models list`")
        }
        self.directory = directory
        self.name = name
        encoder = try EncoderArchitectures.load(directory: directory, modelName: name)
        var tokenizer = try Tokenizer(directory: directory, modelName: name)
        pooling = try Pooling.load(directory: directory, modelName: name)
        let sbertPath = (directory as NSString).appendingPathComponent("sentence_bert_config.json")
        let sbertLength = try Tokenizer.readJSONIfPresent(sbertPath)?["max_seq_length"]?.intValue
        let window = min(sbertLength ?? tokenizer.maxLength ?? encoder.maxSequenceLength, encoder.maxSequenceLength)
        maxSequenceLength = max(tokenizer.specialTokenCount + 1, window)
        tokenizer.maxLength = maxSequenceLength
        self.tokenizer = tokenizer
    }

    /// `bert`, `distilbert` or `roberta`.
    public var architecture: String { type(of: encoder).modelTypes.first ?? "?" }

    /// The sentence-vector size.
    public var embeddingSize: Int { encoder.stack.hiddenSize * pooling.modes.count }
}
