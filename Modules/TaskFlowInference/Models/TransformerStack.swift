/// A dense layer's weights: y = x·Wᵀ + b, with W stored `[out][in]` as PyTorch saves it.
public struct Linear: Sendable {
    public var weight: [Float]
    public var bias: [Float]
    public var inFeatures: Int
    public var outFeatures: Int

    /// Reads `name.weight` and `name.bias`, checking the shapes.
    init(_ reader: WeightReader, _ name: String, in inFeatures: Int, out outFeatures: Int) throws {
        let w = try reader.tensor(name + ".weight", shape: [outFeatures, inFeatures])
        let b = try reader.tensor(name + ".bias", shape: [outFeatures])
        self.init(weight: w.values, bias: b.values, inFeatures: inFeatures, outFeatures: outFeatures)
    }

    init(weight: [Float], bias: [Float], inFeatures: Int, outFeatures: Int) {
        self.weight = weight
        self.bias = bias
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
    }

    /// Stacks layers with the same input into one (the query, key and value projections become
    /// one GEMM).
    static func concatenating(_ parts: [Linear]) -> Linear {
        Linear(
            weight: parts.flatMap(\.weight), bias: parts.flatMap(\.bias), inFeatures: parts[0].inFeatures,
            outFeatures: parts.reduce(0) { $0 + $1.outFeatures })
    }

    /// y = x·Wᵀ + b for one vector (heads; the encoder's GEMMs go through the backend).
    func apply(_ x: [Float]) -> [Float] {
        var y = bias
        weight.withUnsafeBufferPointer { w in
            for o in 0..<outFeatures {
                var s: Float = 0
                let row = o * inFeatures
                for i in 0..<inFeatures { s += w[row + i] * x[i] }
                y[o] += s
            }
        }
        return y
    }
}

/// LayerNorm's scale and shift.
public struct LayerNormWeights: Sendable {
    public var gamma: [Float]
    public var beta: [Float]
    public var eps: Float

    /// Reads `name.weight`/`name.bias` (or the older `gamma`/`beta`).
    init(_ reader: WeightReader, _ name: String, size: Int, eps: Float) throws {
        let g = try reader.tensor([name + ".weight", name + ".gamma"], shape: [size])
        let b = try reader.tensor([name + ".bias", name + ".beta"], shape: [size])
        gamma = g.values
        beta = b.values
        self.eps = eps
    }
}

/// The feed-forward activation.
public enum Activation: String, Sendable {
    /// 0.5·x·(1 + erf(x/√2)), the exact form (`gelu`).
    case gelu
    /// The tanh approximation (`gelu_new`, `gelu_pytorch_tanh`, `gelu_fast`).
    case geluTanh
    case relu

    /// From config.json's `hidden_act` / `activation`.
    init(configValue: String, configPath: String) throws {
        switch configValue {
        case "gelu", "gelu_python": self = .gelu
        case "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "gelu_accurate": self = .geluTanh
        case "relu": self = .relu
        default:
            throw InferenceFailure.unsupported(
                "\(configPath): activation '\(configValue)' is not supported",
                hint: "supported: gelu, gelu_new, gelu_pytorch_tanh, relu")
        }
    }
}

/// Token, position and segment embeddings, summed, then LayerNorm.
public struct EmbeddingWeights: Sendable {
    public var word: [Float]
    public var position: [Float]
    /// `[typeVocab][hidden]`, absent for DistilBERT.
    public var tokenType: [Float]?
    public var norm: LayerNormWeights
    public var vocabSize: Int
    public var maxPositions: Int
    public var typeVocabSize: Int
}

/// One post-LayerNorm transformer layer, as BERT, RoBERTa and DistilBERT all have it.
///
/// x ← LN(x + Attention(x)·Wₒ); x ← LN(x + act(x·W₁)·W₂).
public struct EncoderLayerWeights: Sendable {
    /// Query, key and value stacked: `[3·hidden][hidden]`.
    public var qkv: Linear
    public var attentionOutput: Linear
    public var attentionNorm: LayerNormWeights
    public var intermediate: Linear
    public var output: Linear
    public var outputNorm: LayerNormWeights
}

/// Everything a backend needs to run an encoder: sizes, embeddings and layers.
///
/// Architectures map their own tensor names onto this; a backend (CPU now, CUDA later) only
/// ever sees this shape.
public struct TransformerStack: Sendable {
    public var hiddenSize: Int
    public var heads: Int
    public var intermediateSize: Int
    public var activation: Activation
    public var embeddings: EmbeddingWeights
    public var layers: [EncoderLayerWeights]

    public var headSize: Int { hiddenSize / heads }

    /// Multiply-adds ×2 for `tokens` tokens in sequences of the given lengths (the GEMMs and
    /// the attention products).
    public func flops(lengths: [Int]) -> Double {
        let h = Double(hiddenSize)
        let f = Double(intermediateSize)
        let tokens = Double(lengths.reduce(0, +))
        let perTokenPerLayer = 2 * (4 * h * h + 2 * h * f)
        let attention = lengths.reduce(0.0) { $0 + 2 * 2 * Double($1) * Double($1) * h }
        return Double(layers.count) * (tokens * perTokenPerLayer + attention)
    }
}
