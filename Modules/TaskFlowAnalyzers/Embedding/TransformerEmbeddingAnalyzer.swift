import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// Sentence embeddings from a transformer encoder: one vector per record, stored with the run.
///
/// Runs the model named by the `model` option (a store name from `tf models list`, or a model
/// folder) with its own pooling and normalisation — all-MiniLM-L6-v2 by default: 384 floats,
/// mean-pooled and L2-normalised, as sentence-transformers computes them. Later analyzers
/// (topics, semantic search) read these vectors instead of recomputing them.
public struct TransformerEmbeddingAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "embedding.minilm", task: "embedding", version: "1",
        summary: "Sentence embeddings from a transformer encoder (default all-MiniLM-L6-v2: 384 floats, normalised)",
        backend: "model all-MiniLM-L6-v2, BERT on BLAS",
        options: [
            // Only what changes the vectors is an option: options enter the cache key.
            OptionSpec(
                name: "model", summary: "store name (tf models list) or model folder",
                defaultValue: .string("all-MiniLM-L6-v2"))
        ])

    let encoder: TextEncoder
    public let fingerprints: [String: String]

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        let name = options.string("model") ?? "all-MiniLM-L6-v2"
        let resolved = try ModelStore(home: TaskFlowHome(path: context.homeDirectory)).resolve(name)
        let model = try LoadedModels.model(for: resolved)
        let device = try Device.parse(context.device, threads: context.threads).resolved(threads: context.threads)
        encoder = try TextEncoder(model: model, device: device, batching: BatchingPolicy(maxTexts: 256))
        fingerprints = resolved.fingerprints
    }

    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        try encoder.embed(batch.map(\.text)).vectors.map { .embedding($0) }
    }
}
