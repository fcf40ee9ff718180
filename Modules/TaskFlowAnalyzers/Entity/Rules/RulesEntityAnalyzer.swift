import TaskFlowCore
import TaskFlowPluginAPI

/// Entities by rules: patterns for URLs, e-mail addresses, @mentions, #hashtags, money,
/// percentages, dates, times, phone numbers and versions; capitalised names typed PERSON, ORG,
/// LOC, PRODUCT, WORK or GROUP by cue words and small built-in gazetteers; and the user's own
/// names from a CSV gazetteer, which win over everything else.
///
/// Each record gets `[{"text","label","start","end","score"}]`, sorted by start, never
/// overlapping, offsets in Unicode scalars; the score is a fixed confidence per rule kind
/// (`EntityRuleKind`). Plain numbers are not reported (`NUMBER` is never produced): every count
/// in a comment would crowd the entity lists, and the numbers that name something are money,
/// percentages, dates, times, phones or versions.
public struct RulesEntityAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "entity.rules", task: "entities", version: "1",
        summary: "Entities by patterns, cue words and gazetteers (URL, EMAIL, MENTION, HASHTAG, MONEY, PERCENT, DATE, TIME, PHONE, VERSION, PERSON, ORG, LOC, PRODUCT, WORK, GROUP); score: fixed confidence per rule",
        backend: "TaskFlow rules and word lists, written in Swift",
        options: [
            OptionSpec(
                name: "gazetteer",
                summary: "CSV file of your own names, text,label per line (e.g. Aura Speaker,PRODUCT); they win over the guesses",
                defaultValue: .string("")),
        ],
        // A few microseconds a text: recomputing beats a cache lookup.
        cacheable: false)

    let extractor: EntityRulesExtractor
    let gazetteerSHA256: String?

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        var e = EntityRulesExtractor()
        if let path = options.string("gazetteer"), !path.isEmpty {
            let g = try EntityUserGazetteer.load(path: path)
            e.user = g.table
            gazetteerSHA256 = g.sha256
        } else {
            gazetteerSHA256 = nil
        }
        extractor = e
    }

    public var fingerprints: [String: String] {
        var f = ["word-lists": EntityWordLists.version]
        if let gazetteerSHA256 { f["gazetteer"] = gazetteerSHA256 }
        return f
    }

    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        let chunks = min(context.threads, max(1, batch.count / 64))
        if chunks <= 1 { return batch.map { .spans(extractor.entities($0.text)) } }
        let size = (batch.count + chunks - 1) / chunks
        return try await withThrowingTaskGroup(of: (Int, [AnalysisValue]).self) { group in
            for c in 0..<chunks {
                let slice = batch[min(batch.count, c * size)..<min(batch.count, (c + 1) * size)]
                group.addTask { (c, slice.map { .spans(self.extractor.entities($0.text)) }) }
            }
            var parts = [[AnalysisValue]](repeating: [], count: chunks)
            for try await (c, values) in group { parts[c] = values }
            return parts.flatMap { $0 }
        }
    }
}
