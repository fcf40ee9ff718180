import Foundation
import TaskFlowPluginAPI

/// BERT's config.json (Devlin et al. 2019), as transformers writes it.
public struct BertConfiguration: Codable, Sendable {
    public var modelType: String
    public var architectures: [String]?
    public var vocabSize: Int
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var intermediateSize: Int
    public var hiddenAct: String
    public var maxPositionEmbeddings: Int
    public var typeVocabSize: Int
    public var layerNormEps: Double
    public var padTokenId: Int
    public var positionEmbeddingType: String
    public var id2label: [String: String]?
    public var problemType: String?

    /// The defaults transformers assumes for fields a config.json leaves out.
    struct Defaults {
        var modelType: String
        var maxPositionEmbeddings: Int
        var typeVocabSize: Int
        var layerNormEps: Double
        var padTokenId: Int

        static let bert = Defaults(modelType: "bert", maxPositionEmbeddings: 512, typeVocabSize: 2, layerNormEps: 1e-12, padTokenId: 0)
    }

    public init(from decoder: any Decoder) throws {
        try self.init(from: decoder, defaults: .bert)
    }

    /// Decodes the fields BERT-style configs share, with an architecture's defaults.
    init(from decoder: any Decoder, defaults: Defaults) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        modelType = try c.decodeIfPresent(String.self, forKey: .modelType) ?? defaults.modelType
        architectures = try c.decodeIfPresent([String].self, forKey: .architectures)
        vocabSize = try c.decode(Int.self, forKey: .vocabSize)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        numHiddenLayers = try c.decode(Int.self, forKey: .numHiddenLayers)
        numAttentionHeads = try c.decode(Int.self, forKey: .numAttentionHeads)
        intermediateSize = try c.decode(Int.self, forKey: .intermediateSize)
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "gelu"
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? defaults.maxPositionEmbeddings
        typeVocabSize = try c.decodeIfPresent(Int.self, forKey: .typeVocabSize) ?? defaults.typeVocabSize
        layerNormEps = try c.decodeIfPresent(Double.self, forKey: .layerNormEps) ?? defaults.layerNormEps
        padTokenId = try c.decodeIfPresent(Int.self, forKey: .padTokenId) ?? defaults.padTokenId
        positionEmbeddingType = try c.decodeIfPresent(String.self, forKey: .positionEmbeddingType) ?? "absolute"
        id2label = try c.decodeIfPresent([String: String].self, forKey: .id2label)
        problemType = try c.decodeIfPresent(String.self, forKey: .problemType)
    }
}

/// A BERT encoder (also MiniLM and other `model_type: bert` checkpoints) with its heads.
///
/// Tensors: `embeddings.*`, `encoder.layer.N.*`, `pooler.dense` (bare or under `bert.`), and a
/// top-level `classifier` for the classification heads. Sequence classification reads the
/// pooler output, tanh(W·h[CLS] + b); token classification reads every token's hidden state.
public struct BertEncoder: TransformerEncoder {
    public static let modelTypes = ["bert"]

    public let configuration: BertConfiguration
    public let stack: TransformerStack
    public let task: EncoderTask
    public let labels: [String]
    public let pooler: Linear?
    public let classifier: Linear?

    public var multiLabel: Bool { configuration.problemType == "multi_label_classification" }
    public var maxSequenceLength: Int { configuration.maxPositionEmbeddings }
    public var padTokenID: Int { configuration.padTokenId }

    public init(configuration data: Data, configPath: String, weights: SafetensorsFile) throws {
        let config = try EncoderArchitectures.decode(
            BertConfiguration.self, data, configPath: configPath, modelName: weights.modelName)
        try Self.validate(config, configPath: configPath, modelName: weights.modelName)
        let reader = try WeightReader(
            file: weights, architecture: "bert", prefixes: ["", "bert."], probe: "embeddings.word_embeddings.weight",
            configPath: configPath)
        configuration = config
        stack = try Self.readStack(reader, config)
        task = EncoderArchitectures.task(fromArchitectures: config.architectures)
        let h = config.hiddenSize
        pooler = reader.file.tensors[reader.prefix + "pooler.dense.weight"] != nil
            ? try Linear(reader, "pooler.dense", in: h, out: h) : nil
        labels = EncoderArchitectures.labels(config.id2label)
        switch task {
        case .base:
            classifier = nil
        case .sequenceClassification, .tokenClassification:
            let n = try Self.labelCount(weights, config: config)
            classifier = Linear(
                weight: try reader.headTensor("classifier.weight", shape: [n, h]).values,
                bias: try reader.headTensor("classifier.bias", shape: [n]).values, inFeatures: h, outFeatures: n)
            if task == .sequenceClassification, pooler == nil {
                throw WeightReader.mismatch(
                    file: weights, architecture: "bert", missing: reader.prefix + "pooler.dense.weight", configPath: configPath)
            }
        }
    }

    /// Checks what the forward pass relies on: sizes in range, heads that divide the hidden
    /// size, a usable LayerNorm epsilon.
    static func validate(_ c: BertConfiguration, configPath: String, modelName: String?) throws {
        try EncoderArchitectures.checkSizes(
            [
                ("vocab_size", c.vocabSize, 1), ("hidden_size", c.hiddenSize, 1), ("num_hidden_layers", c.numHiddenLayers, 0),
                ("num_attention_heads", c.numAttentionHeads, 1), ("intermediate_size", c.intermediateSize, 1),
                ("max_position_embeddings", c.maxPositionEmbeddings, 1), ("type_vocab_size", c.typeVocabSize, 1),
                ("pad_token_id", c.padTokenId, 0),
            ], configPath: configPath, modelName: modelName)
        guard c.hiddenSize % c.numAttentionHeads == 0 else {
            throw InferenceFailure.corruptFile(
                configPath, "hidden_size \(c.hiddenSize) is not a multiple of num_attention_heads \(c.numAttentionHeads)",
                model: modelName)
        }
        try EncoderArchitectures.checkEpsilon(c.layerNormEps, field: "layer_norm_eps", configPath: configPath, modelName: modelName)
        guard c.positionEmbeddingType == "absolute" else {
            throw InferenceFailure.unsupported(
                "\(configPath): position_embedding_type '\(c.positionEmbeddingType)' is not supported", hint: "only absolute position embeddings are")
        }
    }

    /// The BERT-layout stack (shared with RoBERTa, which stores the same names).
    static func readStack(_ r: WeightReader, _ c: BertConfiguration) throws -> TransformerStack {
        let h = c.hiddenSize
        let eps = Float(c.layerNormEps)
        let embeddings = EmbeddingWeights(
            word: try r.tensor("embeddings.word_embeddings.weight", shape: [c.vocabSize, h]).values,
            position: try r.tensor("embeddings.position_embeddings.weight", shape: [c.maxPositionEmbeddings, h]).values,
            tokenType: try r.tensor("embeddings.token_type_embeddings.weight", shape: [c.typeVocabSize, h]).values,
            norm: try LayerNormWeights(r, "embeddings.LayerNorm", size: h, eps: eps),
            vocabSize: c.vocabSize, maxPositions: c.maxPositionEmbeddings, typeVocabSize: c.typeVocabSize)
        var layers: [EncoderLayerWeights] = []
        for i in 0..<c.numHiddenLayers {
            let p = "encoder.layer.\(i)."
            layers.append(
                EncoderLayerWeights(
                    qkv: .concatenating([
                        try Linear(r, p + "attention.self.query", in: h, out: h),
                        try Linear(r, p + "attention.self.key", in: h, out: h),
                        try Linear(r, p + "attention.self.value", in: h, out: h),
                    ]),
                    attentionOutput: try Linear(r, p + "attention.output.dense", in: h, out: h),
                    attentionNorm: try LayerNormWeights(r, p + "attention.output.LayerNorm", size: h, eps: eps),
                    intermediate: try Linear(r, p + "intermediate.dense", in: h, out: c.intermediateSize),
                    output: try Linear(r, p + "output.dense", in: c.intermediateSize, out: h),
                    outputNorm: try LayerNormWeights(r, p + "output.LayerNorm", size: h, eps: eps)))
        }
        return TransformerStack(
            hiddenSize: h, heads: c.numAttentionHeads, intermediateSize: c.intermediateSize,
            activation: try Activation(configValue: c.hiddenAct, configPath: r.configPath), embeddings: embeddings,
            layers: layers)
    }

    /// The number of labels: the classifier's rows, which id2label must agree with.
    static func labelCount(_ weights: SafetensorsFile, config: BertConfiguration, head: String = "classifier.weight") throws -> Int {
        guard let info = weights.tensors[head], info.shape.count == 2 else {
            throw WeightReader.mismatch(
                file: weights, architecture: config.modelType, missing: head, configPath: "config.json")
        }
        return info.shape[0]
    }

    /// tanh(pooler(h[CLS])), BERT's `pooler_output`.
    public func poolerOutput(hidden: UnsafeBufferPointer<Float>) -> [Float]? {
        guard let pooler, hidden.count >= stack.hiddenSize else { return nil }
        return pooler.apply(Array(hidden[0..<stack.hiddenSize])).map { tanhf($0) }
    }

    public func sequenceLogits(hidden: UnsafeBufferPointer<Float>, length: Int) -> [Float]? {
        guard task == .sequenceClassification, length > 0, let classifier, let pooled = poolerOutput(hidden: hidden) else {
            return nil
        }
        return classifier.apply(pooled)
    }

    public func tokenLogits(hidden: UnsafeBufferPointer<Float>, length: Int) -> [Float]? {
        guard task == .tokenClassification, let classifier else { return nil }
        return TokenHead.logits(classifier, hidden: hidden, length: length, hiddenSize: stack.hiddenSize)
    }
}

/// A per-token linear classifier (token classification heads of every architecture).
enum TokenHead {
    static func logits(_ classifier: Linear, hidden: UnsafeBufferPointer<Float>, length: Int, hiddenSize: Int) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(length * classifier.outFeatures)
        for t in 0..<length {
            out += classifier.apply(Array(hidden[(t * hiddenSize)..<((t + 1) * hiddenSize)]))
        }
        return out
    }
}
