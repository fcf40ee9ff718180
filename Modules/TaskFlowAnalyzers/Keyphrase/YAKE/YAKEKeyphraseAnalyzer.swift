import TaskFlowCore
import TaskFlowPluginAPI

/// Keyphrases with YAKE (Campos et al., *Information Sciences* 2020), implemented from the paper.
///
/// Each record gets its top keyphrases as `[{"text","score"}]`: YAKE scores, **lower is more
/// relevant**, in YAKE's order (ascending score).
public struct YAKEKeyphraseAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "keyphrase.yake", task: "keyphrases", version: "1",
        summary: "Keyphrases by YAKE (statistical, per text); score: lower is more relevant, ascending",
        backend: "YAKE (Campos et al. 2020), written in Swift; TaskFlow English stop words",
        options: [
            OptionSpec(name: "n", summary: "longest keyphrase, in words (1–10)", defaultValue: .int(3)),
            OptionSpec(name: "top", summary: "keyphrases per text (1–1000)", defaultValue: .int(10)),
            OptionSpec(
                name: "dedup", summary: "drop a keyphrase more than this alike to a better one (0–1; 1 keeps all)",
                defaultValue: .double(0.9)),
            OptionSpec(name: "window", summary: "co-occurrence window, in words (1–10)", defaultValue: .int(1)),
        ],
        // Tens of microseconds a text: recomputing beats a cache lookup.
        cacheable: false)

    let extractor: YAKEExtractor

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        var e = YAKEExtractor()
        e.n = try options.wholeNumber("n", of: "keyphrase.yake", default: e.n, in: 1...10)
        e.top = try options.wholeNumber("top", of: "keyphrase.yake", default: e.top, in: 1...1000)
        e.window = try options.wholeNumber("window", of: "keyphrase.yake", default: e.window, in: 1...10)
        e.dedup = options.double("dedup") ?? e.dedup
        guard e.dedup > 0, e.dedup <= 1 else {
            throw TaskFlowFailure(
                "bad-option-value", "keyphrase.yake.dedup must be in (0, 1], got \(e.dedup)",
                hint: "the usual value is 0.9; 1 keeps near-duplicates")
        }
        extractor = e
    }

    public var fingerprints: [String: String] {
        ["stopwords/english.txt": YAKEStopwords.sourceSHA256]
    }

    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        let chunks = min(context.threads, max(1, batch.count / 32))
        if chunks <= 1 { return batch.map { .keyphrases(extractor.keyphrases($0.text)) } }
        let size = (batch.count + chunks - 1) / chunks
        return try await withThrowingTaskGroup(of: (Int, [AnalysisValue]).self) { group in
            for c in 0..<chunks {
                let slice = batch[min(batch.count, c * size)..<min(batch.count, (c + 1) * size)]
                group.addTask { (c, slice.map { .keyphrases(self.extractor.keyphrases($0.text)) }) }
            }
            var parts = [[AnalysisValue]](repeating: [], count: chunks)
            for try await (c, values) in group { parts[c] = values }
            return parts.flatMap { $0 }
        }
    }
}
