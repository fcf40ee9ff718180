import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// Keyphrases re-ranked by meaning, KeyBERT-style: the candidates YAKE finds in a text, ranked
/// by the cosine similarity of their embeddings to the text's embedding.
///
/// Per record: YAKE's n-gram generator and scores pick at most `candidates` phrases (its best,
/// near-duplicates dropped); each is embedded — lower-case, as a text of its own — with the
/// embedding model, and the `top` closest to the record's own embedding are kept, optionally
/// diversified by Maximal Marginal Relevance (`KeyphraseRanking`). Scores are cosines,
/// **higher is more relevant**, highest first.
///
/// The record's vector is the shared `embedding` feature (computed once however many analyzers
/// use it); the phrases go through the same extractor and cache, all the batch's phrases in one
/// request, so a phrase that recurs across records (or batches, or runs) is embedded once.
/// A text longer than the model's window is embedded from its start, while its candidates come
/// from all of it.
public struct EmbeddingKeyphraseAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "keyphrase.embed", task: "keyphrases", version: "1",
        summary: "Keyphrases re-ranked by embedding (KeyBERT-style, optional MMR diversity); score: cosine, higher is more relevant, descending",
        backend: "YAKE candidates, model all-MiniLM-L6-v2 embeddings, cosine + MMR",
        options: [
            OptionSpec(
                name: "model", summary: "embedding model: store name (tf models list) or model folder",
                defaultValue: .string("all-MiniLM-L6-v2")),
            OptionSpec(name: "n", summary: "longest keyphrase, in words (1–10)", defaultValue: .int(2)),
            OptionSpec(name: "top", summary: "keyphrases per text (1–1000)", defaultValue: .int(10)),
            OptionSpec(
                name: "candidates", summary: "phrases embedded per text: YAKE's best (1–1000); bounds the cost",
                defaultValue: .int(20)),
            OptionSpec(
                name: "diversity", summary: "Maximal Marginal Relevance λ (0–1; 0 ranks by cosine alone)",
                defaultValue: .double(0)),
        ],
        // Embedding the phrases costs more than a cache lookup.
        cacheable: true)

    /// The model whose embedding it consumes and embeds the phrases with.
    public let model: String
    let candidateExtractor: YAKEExtractor
    let top: Int
    let diversity: Double
    public let fingerprints: [String: String]

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        model = options.string("model") ?? "all-MiniLM-L6-v2"
        var e = YAKEExtractor()
        e.n = try options.wholeNumber("n", of: "keyphrase.embed", default: 2, in: 1...10)
        e.top = try options.wholeNumber("candidates", of: "keyphrase.embed", default: 20, in: 1...1000)
        top = try options.wholeNumber("top", of: "keyphrase.embed", default: 10, in: 1...1000)
        candidateExtractor = e
        let d = options.double("diversity") ?? 0
        guard d >= 0, d <= 1 else {
            throw TaskFlowFailure(
                "bad-option-value", "keyphrase.embed.diversity must be from 0 to 1, got \(options["diversity"].map { "\($0)" } ?? "\(d)")",
                hint: "0 ranks by similarity alone; KeyBERT's examples use 0.2 to 0.7 for more varied keyphrases")
        }
        diversity = d
        // The model's files decide the vectors, so they enter the cache key; a model that is
        // not installed is refused here, before the run starts.
        let resolved = try ModelStore(home: TaskFlowHome(path: context.homeDirectory)).resolve(model)
        var prints = resolved.fingerprints
        prints["stopwords/english.txt"] = YAKEStopwords.sourceSHA256
        fingerprints = prints
    }

    public var features: [FeatureRequest] { [.embedding(model: model)] }

    public func analyze(_ batch: [Record], features: FeatureValues, context: AnalyzerContext) async throws -> [AnalysisValue] {
        let request = FeatureRequest.embedding(model: model)
        let documents = try features.values(for: request)
        guard documents.count == batch.count else {
            throw TaskFlowFailure(
                "missing-feature", "keyphrase.embed got \(documents.count) embeddings for \(batch.count) records",
                hint: "the engine hands one embedding per record; report this as a bug")
        }
        let candidates = try await candidatesOf(batch, threads: context.threads)

        // Every distinct phrase of the batch once, in one request.
        var slot: [String: Int] = [:]
        var phrases: [String] = []
        let slots = candidates.map { list in
            list.map { c -> Int in
                if let s = slot[c.key] { return s }
                slot[c.key] = phrases.count
                phrases.append(c.key)
                return phrases.count - 1
            }
        }
        let vectors = try await features.values(for: request, texts: phrases).map { try Self.vector($0, request) }

        return try batch.indices.map { r in
            guard !candidates[r].isEmpty else { return .keyphrases([]) }
            let document = try Self.vector(documents[r], request)
            let picks = KeyphraseRanking.rank(
                document: document, candidates: slots[r].map { vectors[$0] }, top: top, diversity: diversity)
            return .keyphrases(picks.map { Keyphrase(text: candidates[r][$0.index].surface, score: $0.cosine) })
        }
    }

    /// Each record's candidates, the batch cut into chunks over `threads`.
    func candidatesOf(_ batch: [Record], threads: Int) async throws -> [[YAKERankedCandidate]] {
        let chunks = min(threads, max(1, batch.count / 32))
        if chunks <= 1 { return batch.map { candidateExtractor.ranked($0.text) } }
        let size = (batch.count + chunks - 1) / chunks
        return try await withThrowingTaskGroup(of: (Int, [[YAKERankedCandidate]]).self) { group in
            for c in 0..<chunks {
                let slice = batch[min(batch.count, c * size)..<min(batch.count, (c + 1) * size)]
                group.addTask { (c, slice.map { self.candidateExtractor.ranked($0.text) }) }
            }
            var parts = [[[YAKERankedCandidate]]](repeating: [], count: chunks)
            for try await (c, values) in group { parts[c] = values }
            return parts.flatMap { $0 }
        }
    }

    private static func vector(_ value: AnalysisValue, _ request: FeatureRequest) throws -> [Float] {
        guard case .embedding(let v) = value else {
            throw TaskFlowFailure(
                "unexpected-feature", "the feature \(request) gave something other than a vector",
                hint: "use a sentence-embedding model for keyphrase.embed.model")
        }
        return v
    }
}
