import TaskFlowCore
import TaskFlowPluginAPI

/// Lexical sentiment with VADER (Hutto & Gilbert, 2014): the package's four scores per text.
///
/// `score` is the compound score (−1…+1); the label is positive at or above `threshold`,
/// negative at or below −`threshold`, neutral between.
public struct VADERSentimentAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "sentiment.vader", task: "sentiment", version: "1",
        summary: "Rule-based sentiment for social and review text (VADER): neg/neu/pos/compound",
        backend: "lexicon, VADER 3.3.2",
        options: [
            OptionSpec(
                name: "threshold", summary: "compound at or beyond ±threshold is positive/negative",
                defaultValue: .double(0.05))
        ],
        // About a microsecond a text: recomputing beats any cache lookup.
        cacheable: false)

    let threshold: Double
    let scorer: VADERScorer

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        threshold = options.double("threshold") ?? 0.05
        guard threshold >= 0, threshold < 1 else {
            throw TaskFlowFailure(
                "bad-option-value", "sentiment.vader.threshold must be in [0, 1), got \(threshold)",
                hint: "the usual value is 0.05")
        }
        scorer = VADERScorer.shared
    }

    public var fingerprints: [String: String] {
        VADERLexiconData.sourceSHA256
    }

    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        let chunks = min(context.threads, max(1, batch.count / 64))
        if chunks <= 1 { return batch.map { value(scorer.scores($0.text)) } }
        let size = (batch.count + chunks - 1) / chunks
        return try await withThrowingTaskGroup(of: (Int, [AnalysisValue]).self) { group in
            for c in 0..<chunks {
                let slice = batch[min(batch.count, c * size)..<min(batch.count, (c + 1) * size)]
                group.addTask { (c, slice.map { self.value(self.scorer.scores($0.text)) }) }
            }
            var parts = [[AnalysisValue]](repeating: [], count: chunks)
            for try await (c, values) in group { parts[c] = values }
            return parts.flatMap { $0 }
        }
    }

    func value(_ s: VADERScores) -> AnalysisValue {
        let label = s.compound >= threshold ? "positive" : s.compound <= -threshold ? "negative" : "neutral"
        return .classification(
            Classification(
                label: label, score: s.compound,
                scores: [
                    ScoredLabel("neg", s.neg), ScoredLabel("neu", s.neu), ScoredLabel("pos", s.pos),
                    ScoredLabel("compound", s.compound),
                ]))
    }
}
