import TaskFlowPluginAPI

/// A keyphrase double: a text's words of five letters or more, in order, as keyphrases (the
/// shape a YAKE or KeyBERT analyzer returns).
public struct WordKeyphraseAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "test.keyphrases", task: "keyphrases", version: "1", summary: "test double", backend: "none")

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {}

    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        batch.map { r in
            .keyphrases(r.text.split { !$0.isLetter }.filter { $0.count >= 5 }.map { Keyphrase(text: String($0), score: 0.1) })
        }
    }
}
