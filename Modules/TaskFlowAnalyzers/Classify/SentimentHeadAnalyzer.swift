import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// Sentiment from TaskFlow's own head on all-MiniLM-L6-v2 embeddings, trained on GoEmotions'
/// sentiment grouping and the human-rated tweets, movie and editorial snippets of the VADER
/// ground truth (not the Amazon snippets, which are the held-out check): `positive`, `neutral`
/// or `negative`, and a `score` of P(positive) − P(negative) in [−1, 1], read like VADER's compound.
public struct SentimentHeadAnalyzer: Analyzer, AnalyzerTaskNaming {
    public static let descriptor = AnalyzerDescriptor(
        id: "sentiment.minilm", task: "sentiment", version: "1",
        summary: "Sentiment from a head on all-MiniLM-L6-v2 embeddings; score P(pos) − P(neg) in [−1, 1]",
        backend: "TaskFlow head trained on GoEmotions + VADER ground truth, over all-MiniLM-L6-v2",
        options: [],
        cacheable: false)

    let runner: HeadRunner

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        try ShippedHeads.ensureInstalled("sentiment.minilm", home: TaskFlowHome(path: context.homeDirectory))
        runner = try HeadRunner(head: "sentiment.minilm", context: context)
    }

    public var task: String { "sentiment" }
    public var fingerprints: [String: String] { runner.fingerprints }
    public var features: [FeatureRequest] { [.embedding(model: runner.manifest.embeddingModel)] }

    public func analyze(_ batch: [Record], features: FeatureValues, context: AnalyzerContext) async throws -> [AnalysisValue] {
        try runner.classify(batch, features: features).map { c in
            var c = c
            let p = Dictionary(uniqueKeysWithValues: c.scores.map { ($0.name, $0.value) })
            c.score = (p["positive"] ?? 0) - (p["negative"] ?? 0)
            return .classification(c)
        }
    }
}
