import Foundation
import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

extension Workspace {
    /// The tool `tf embed` runs: sentence embeddings by a model.
    public static let embeddingTask = "embedding"

    /// Starts `tf embed`: the embedding tool over a dataset, through the same run path as any
    /// analysis (store, content cache, progress, Ctrl-C).
    public func startEmbedding(
        source: DatasetSource, model: String, device: String, threads: Int?, batchSize: Int, cacheMode: CacheMode = .on
    ) throws -> RunHandle {
        try start(
            RunRequest(
                source: source, tools: [Self.embeddingTask], options: [Self.embeddingTask: ["model": model]], device: device,
                threads: threads, batchSize: batchSize, cacheMode: cacheMode))
    }

    /// The token ids a model's tokenizer gives each text, as the model sees them (its window).
    public func tokenIDs(model: String, texts: [String]) throws -> [[Int]] {
        let loaded = try LoadedModels.model(for: ModelStore(home: home).resolve(model))
        return texts.map { loaded.tokenizer.encode($0).ids.map { Int($0) } }
    }

    /// A model's name (or folder) and embedding size, for messages.
    public func modelFacts(_ model: String) throws -> (name: String, dimensions: Int, window: Int) {
        let resolved = try ModelStore(home: home).resolve(model)
        let loaded = try LoadedModels.model(for: resolved)
        return (resolved.name ?? resolved.directory, loaded.embeddingSize, loaded.maxSequenceLength)
    }
}
