import TaskFlowPluginAPI

/// A sentiment double that reads single words: `good` or `great` make a text positive (+0.8),
/// `bad` or `broke` negative (−0.8), both or neither neutral (0); the scores look like VADER's.
public struct WordSentimentAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "test.sentiment", task: "sentiment", version: "1", summary: "test double", backend: "none")

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {}

    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        batch.map { .classification(Self.classify($0.text)) }
    }

    public static func classify(_ text: String) -> Classification {
        let words = Set(text.lowercased().split { !$0.isLetter }.map(String.init))
        let score = (words.isDisjoint(with: ["good", "great"]) ? 0 : 0.8) - (words.isDisjoint(with: ["bad", "broke"]) ? 0 : 0.8)
        let label = score > 0 ? "positive" : score < 0 ? "negative" : "neutral"
        return Classification(label: label, score: score, scores: [ScoredLabel("compound", score)])
    }
}
