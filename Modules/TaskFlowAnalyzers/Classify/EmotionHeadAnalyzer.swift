import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// Emotions from TaskFlow's own head on all-MiniLM-L6-v2 embeddings, trained on GoEmotions
/// (`Tools/train-heads`): the seven Ekman classes (anger, disgust, fear, joy, sadness,
/// surprise, neutral) with a probability for each, or with `labels=fine` the 28 GoEmotions
/// labels, several per text, each with its own threshold chosen on dev.
public struct EmotionHeadAnalyzer: Analyzer, AnalyzerTaskNaming {
    public static let descriptor = AnalyzerDescriptor(
        id: "emotion.minilm", task: "emotion", version: "1",
        summary: "Emotions (Ekman-7, or the 28 GoEmotions labels) from a head on all-MiniLM-L6-v2 embeddings",
        backend: "TaskFlow head trained on GoEmotions, over all-MiniLM-L6-v2",
        options: [
            OptionSpec(
                name: "labels", summary: "ekman (7 classes) or fine (28 GoEmotions labels, multi-label)",
                defaultValue: .string("ekman"), choices: [.string("ekman"), .string("fine")])
        ],
        cacheable: false)

    let runner: HeadRunner

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        let name = options.string("labels") == "fine" ? "emotion.minilm-fine" : "emotion.minilm"
        try ShippedHeads.ensureInstalled(name, home: TaskFlowHome(path: context.homeDirectory))
        runner = try HeadRunner(head: name, context: context)
    }

    public var task: String { "emotion" }
    public var fingerprints: [String: String] { runner.fingerprints }
    public var features: [FeatureRequest] { [.embedding(model: runner.manifest.embeddingModel)] }

    public func analyze(_ batch: [Record], features: FeatureValues, context: AnalyzerContext) async throws -> [AnalysisValue] {
        try runner.classify(batch, features: features).map { .classification($0) }
    }
}
