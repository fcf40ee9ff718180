import Foundation
import TaskFlowPluginAPI

/// DistilBERT's config.json (Sanh et al. 2019), with its own field names (`dim`, `n_layers`…).
public struct DistilBertConfiguration: Codable, Sendable {
    public var modelType: String
    public var architectures: [String]?
    public var vocabSize: Int
    public var dim: Int
    public var nLayers: Int
    public var nHeads: Int
    public var hiddenDim: Int
    public var activation: String
    public var maxPositionEmbeddings: Int
    public var padTokenId: Int
    public var id2label: [String: String]?
    public var problemType: String?

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        modelType = try c.decodeIfPresent(String.self, forKey: .modelType) ?? "distilbert"
        architectures = try c.decodeIfPresent([String].self, forKey: .architectures)
        vocabSize = try c.decode(Int.self, forKey: .vocabSize)
        dim = try c.decode(Int.self, forKey: .dim)
        nLayers = try c.decode(Int.self, forKey: .nLayers)
        nHeads = try c.decode(Int.self, forKey: .nHeads)
        hiddenDim = try c.decode(Int.self, forKey: .hiddenDim)
        activation = try c.decodeIfPresent(String.self, forKey: .activation) ?? "gelu"
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 512
        padTokenId = try c.decodeIfPresent(Int.self, forKey: .padTokenId) ?? 0
        id2label = try c.decodeIfPresent([String: String].self, forKey: .id2label)
        problemType = try c.decodeIfPresent(String.self, forKey: .problemType)
    }
}

/// A DistilBERT encoder with its heads.
///
/// Tensors under `distilbert.`: `embeddings.{word,position}_embeddings` (no token types),
/// `transformer.layer.N.attention.{q,k,v,out}_lin`, `sa_layer_norm`, `ffn.lin1/lin2`,
/// `output_layer_norm`; LayerNorm eps is 1e-12. Sequence classification is `pre_classifier`
/// → ReLU → `classifier` over h[CLS].
public struct DistilBertEncoder: TransformerEncoder {
    public static let modelTypes = ["distilbert"]

    public let configuration: DistilBertConfiguration
    public let stack: TransformerStack
    public let task: EncoderTask
    public let labels: [String]
    let preClassifier: Linear?
    let classifier: Linear?

    public var multiLabel: Bool { configuration.problemType == "multi_label_classification" }
    public var maxSequenceLength: Int { configuration.maxPositionEmbeddings }
    public var padTokenID: Int { configuration.padTokenId }

    public init(configuration data: Data, configPath: String, weights: SafetensorsFile) throws {
        let c = try EncoderArchitectures.decode(
            DistilBertConfiguration.self, data, configPath: configPath, modelName: weights.modelName)
        try EncoderArchitectures.checkSizes(
            [
                ("vocab_size", c.vocabSize, 1), ("dim", c.dim, 1), ("n_layers", c.nLayers, 0), ("n_heads", c.nHeads, 1),
                ("hidden_dim", c.hiddenDim, 1), ("max_position_embeddings", c.maxPositionEmbeddings, 1),
                ("pad_token_id", c.padTokenId, 0),
            ], configPath: configPath, modelName: weights.modelName)
        guard c.dim % c.nHeads == 0 else {
            throw InferenceFailure.corruptFile(
                configPath, "dim \(c.dim) is not a multiple of n_heads \(c.nHeads)", model: weights.modelName)
        }
        let r = try WeightReader(
            file: weights, architecture: "distilbert", prefixes: ["distilbert.", ""],
            probe: "embeddings.word_embeddings.weight", configPath: configPath)
        let h = c.dim
        let eps: Float = 1e-12
        let embeddings = EmbeddingWeights(
            word: try r.tensor("embeddings.word_embeddings.weight", shape: [c.vocabSize, h]).values,
            position: try r.tensor("embeddings.position_embeddings.weight", shape: [c.maxPositionEmbeddings, h]).values,
            tokenType: nil, norm: try LayerNormWeights(r, "embeddings.LayerNorm", size: h, eps: eps),
            vocabSize: c.vocabSize, maxPositions: c.maxPositionEmbeddings, typeVocabSize: 0)
        var layers: [EncoderLayerWeights] = []
        for i in 0..<c.nLayers {
            let p = "transformer.layer.\(i)."
            layers.append(
                EncoderLayerWeights(
                    qkv: .concatenating([
                        try Linear(r, p + "attention.q_lin", in: h, out: h),
                        try Linear(r, p + "attention.k_lin", in: h, out: h),
                        try Linear(r, p + "attention.v_lin", in: h, out: h),
                    ]),
                    attentionOutput: try Linear(r, p + "attention.out_lin", in: h, out: h),
                    attentionNorm: try LayerNormWeights(r, p + "sa_layer_norm", size: h, eps: eps),
                    intermediate: try Linear(r, p + "ffn.lin1", in: h, out: c.hiddenDim),
                    output: try Linear(r, p + "ffn.lin2", in: c.hiddenDim, out: h),
                    outputNorm: try LayerNormWeights(r, p + "output_layer_norm", size: h, eps: eps)))
        }
        configuration = c
        stack = TransformerStack(
            hiddenSize: h, heads: c.nHeads, intermediateSize: c.hiddenDim,
            activation: try Activation(configValue: c.activation, configPath: configPath), embeddings: embeddings,
            layers: layers)
        task = EncoderArchitectures.task(fromArchitectures: c.architectures)
        labels = EncoderArchitectures.labels(c.id2label)
        switch task {
        case .base:
            (preClassifier, classifier) = (nil, nil)
        case .sequenceClassification:
            guard let n = weights.tensors["classifier.weight"]?.shape.first else {
                throw WeightReader.mismatch(file: weights, architecture: "distilbert", missing: "classifier.weight", configPath: configPath)
            }
            preClassifier = Linear(
                weight: try r.headTensor("pre_classifier.weight", shape: [h, h]).values,
                bias: try r.headTensor("pre_classifier.bias", shape: [h]).values, inFeatures: h, outFeatures: h)
            classifier = Linear(
                weight: try r.headTensor("classifier.weight", shape: [n, h]).values,
                bias: try r.headTensor("classifier.bias", shape: [n]).values, inFeatures: h, outFeatures: n)
        case .tokenClassification:
            guard let n = weights.tensors["classifier.weight"]?.shape.first else {
                throw WeightReader.mismatch(file: weights, architecture: "distilbert", missing: "classifier.weight", configPath: configPath)
            }
            preClassifier = nil
            classifier = Linear(
                weight: try r.headTensor("classifier.weight", shape: [n, h]).values,
                bias: try r.headTensor("classifier.bias", shape: [n]).values, inFeatures: h, outFeatures: n)
        }
    }

    public func sequenceLogits(hidden: UnsafeBufferPointer<Float>, length: Int) -> [Float]? {
        guard task == .sequenceClassification, length > 0, let preClassifier, let classifier else { return nil }
        let x = preClassifier.apply(Array(hidden[0..<stack.hiddenSize])).map { max(0, $0) }
        return classifier.apply(x)
    }

    public func tokenLogits(hidden: UnsafeBufferPointer<Float>, length: Int) -> [Float]? {
        guard task == .tokenClassification, let classifier else { return nil }
        return TokenHead.logits(classifier, hidden: hidden, length: length, hiddenSize: stack.hiddenSize)
    }
}
