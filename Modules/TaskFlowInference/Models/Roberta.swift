import Foundation
import TaskFlowPluginAPI

/// RoBERTa's config.json (Liu et al. 2019): BERT's fields, different defaults.
@dynamicMemberLookup
public struct RobertaConfiguration: Codable, Sendable {
    /// The fields, as BERT's: the two share a weight layout.
    public var bert: BertConfiguration

    public init(from decoder: any Decoder) throws {
        bert = try BertConfiguration(
            from: decoder,
            defaults: .init(modelType: "roberta", maxPositionEmbeddings: 514, typeVocabSize: 1, layerNormEps: 1e-5, padTokenId: 1))
    }

    public func encode(to encoder: any Encoder) throws {
        try bert.encode(to: encoder)
    }

    public subscript<T>(dynamicMember field: KeyPath<BertConfiguration, T>) -> T {
        bert[keyPath: field]
    }
}

/// A RoBERTa encoder with its heads (also the layout XLM-R uses).
///
/// Weights are BERT's names under `roberta.`. Position ids start after the padding id
/// (`padding_idx + 1 + i`), so `max_position_embeddings − padding_idx − 1` tokens fit. The
/// sequence-classification head is `classifier.dense` → tanh → `classifier.out_proj` over
/// h[`<s>`]; there is no pooler.
public struct RobertaEncoder: TransformerEncoder {
    public static let modelTypes = ["roberta"]

    public let configuration: RobertaConfiguration
    public let stack: TransformerStack
    public let task: EncoderTask
    public let labels: [String]
    let dense: Linear?
    let outProjection: Linear?
    let tokenClassifier: Linear?

    public var multiLabel: Bool { configuration.problemType == "multi_label_classification" }
    public var maxSequenceLength: Int { configuration.maxPositionEmbeddings - configuration.padTokenId - 1 }
    public var padTokenID: Int { configuration.padTokenId }

    public init(configuration data: Data, configPath: String, weights: SafetensorsFile) throws {
        let config = try EncoderArchitectures.decode(
            RobertaConfiguration.self, data, configPath: configPath, modelName: weights.modelName)
        let bert = config.bert
        try BertEncoder.validate(bert, configPath: configPath, modelName: weights.modelName)
        let reader = try WeightReader(
            file: weights, architecture: "roberta", prefixes: ["roberta.", ""], probe: "embeddings.word_embeddings.weight",
            configPath: configPath)
        configuration = config
        stack = try BertEncoder.readStack(reader, bert)
        task = EncoderArchitectures.task(fromArchitectures: config.architectures)
        labels = EncoderArchitectures.labels(config.id2label)
        let h = config.hiddenSize
        switch task {
        case .base:
            (dense, outProjection, tokenClassifier) = (nil, nil, nil)
        case .sequenceClassification:
            let n = try BertEncoder.labelCount(weights, config: bert, head: "classifier.out_proj.weight")
            dense = Linear(
                weight: try reader.headTensor("classifier.dense.weight", shape: [h, h]).values,
                bias: try reader.headTensor("classifier.dense.bias", shape: [h]).values, inFeatures: h, outFeatures: h)
            outProjection = Linear(
                weight: try reader.headTensor("classifier.out_proj.weight", shape: [n, h]).values,
                bias: try reader.headTensor("classifier.out_proj.bias", shape: [n]).values, inFeatures: h, outFeatures: n)
            tokenClassifier = nil
        case .tokenClassification:
            let n = try BertEncoder.labelCount(weights, config: bert)
            tokenClassifier = Linear(
                weight: try reader.headTensor("classifier.weight", shape: [n, h]).values,
                bias: try reader.headTensor("classifier.bias", shape: [n]).values, inFeatures: h, outFeatures: n)
            (dense, outProjection) = (nil, nil)
        }
    }

    /// `padding_idx + 1 + i` for each real token.
    public func positionIDs(length: Int) -> [Int32] {
        (0..<length).map { Int32(configuration.padTokenId + 1 + $0) }
    }

    public func sequenceLogits(hidden: UnsafeBufferPointer<Float>, length: Int) -> [Float]? {
        guard let dense, let outProjection, length > 0 else { return nil }
        let x = dense.apply(Array(hidden[0..<stack.hiddenSize])).map { tanhf($0) }
        return outProjection.apply(x)
    }

    public func tokenLogits(hidden: UnsafeBufferPointer<Float>, length: Int) -> [Float]? {
        guard let tokenClassifier else { return nil }
        return TokenHead.logits(tokenClassifier, hidden: hidden, length: length, hiddenSize: stack.hiddenSize)
    }
}
