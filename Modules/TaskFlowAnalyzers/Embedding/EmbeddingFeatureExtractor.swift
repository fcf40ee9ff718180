import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// The `embedding` feature: one sentence vector per record from a transformer encoder, computed
/// once per batch for every analyzer that consumes it (and cached by the engine).
///
/// The model is a store name from `tf models list` or a model folder; it runs with its own
/// pooling and normalisation (all-MiniLM-L6-v2: 384 floats, mean-pooled and L2-normalised, as
/// sentence-transformers computes them). Its files' fingerprints enter the cache key.
public struct EmbeddingFeatureExtractor: FeatureExtractor {
    public static let kind = "embedding"
    public static let version = "1"

    let encoder: TextEncoder
    public let fingerprints: [String: String]

    public init(model name: String, context: AnalyzerContext) throws {
        let resolved = try ModelStore(home: TaskFlowHome(path: context.homeDirectory)).resolve(name)
        let model = try LoadedModels.model(for: resolved)
        let device = try Device.parse(context.device, threads: context.threads).resolved(threads: context.threads)
        encoder = try TextEncoder(model: model, device: device, batching: BatchingPolicy(maxTexts: 256))
        fingerprints = resolved.fingerprints
    }

    public func extract(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        try await extractBatch(batch, context: context).values
    }

    /// The vectors, and how many texts were longer than the model's window and cut to it.
    ///
    /// - Throws: `non-finite-output` naming the model when its outputs are NaN or infinite.
    public func extractBatch(_ batch: [Record], context: AnalyzerContext) async throws -> FeatureBatch {
        let (vectors, report) = try encoder.embed(batch.map(\.text))
        return FeatureBatch(values: vectors.map { .embedding($0) }, truncated: report.truncatedTexts)
    }
}
