import TaskFlowPluginAPI

/// Sentence embeddings from a transformer encoder: one vector per record, stored with the run.
///
/// It consumes the shared `embedding` feature of the model named by the `model` option (a
/// store name from `tf models list`, or a model folder) — all-MiniLM-L6-v2 by default: 384
/// floats, mean-pooled and L2-normalised, as sentence-transformers computes them — so the
/// encoder runs once per record however many analyzers use the same embedding. The feature is
/// what the engine caches; this analyzer only hands it on. Later analyzers (topics, semantic
/// search) read these vectors instead of recomputing them.
public struct TransformerEmbeddingAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "embedding.minilm", task: "embedding", version: "2",
        summary: "Sentence embeddings from a transformer encoder (default all-MiniLM-L6-v2: 384 floats, normalised)",
        backend: "model all-MiniLM-L6-v2, BERT on BLAS",
        options: [
            // Only what changes the vectors is an option: options enter the cache key.
            OptionSpec(
                name: "model", summary: "store name (tf models list) or model folder",
                defaultValue: .string("all-MiniLM-L6-v2"))
        ],
        // The embedding feature is cached; caching its copy too would store every vector twice.
        cacheable: false)

    /// The model whose embedding it consumes.
    public let model: String

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        model = options.string("model") ?? "all-MiniLM-L6-v2"
    }

    public var features: [FeatureRequest] { [.embedding(model: model)] }

    public func analyze(_ batch: [Record], features: FeatureValues, context: AnalyzerContext) async throws -> [AnalysisValue] {
        try features.values(for: .embedding(model: model))
    }
}
