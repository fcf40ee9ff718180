import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// A token head (`tf train NAME --task tokens`) with the encoder it was trained on: texts of
/// any length are windowed, each token gets the head's tag, and words are grouped into entities
/// by their first token's tag (transformers' `first` strategy).
///
/// WNUT-17's types read as TaskFlow's labels (person → PERSON, location → LOC, corporation →
/// ORG, product → PRODUCT, creative-work → WORK, group → GROUP); other tags pass through in
/// upper case.
struct TokenHeadRunner: Sendable {
    static let labels = [
        "person": "PERSON", "location": "LOC", "corporation": "ORG", "product": "PRODUCT", "creative-work": "WORK",
        "group": "GROUP",
    ]

    let head: ClassifierHead
    let manifest: HeadManifest
    let encoder: TextEncoder
    let aggregator: TokenAggregator
    let fingerprints: [String: String]

    /// - Throws: `wrong-head-level`, `head-stale` (the encoder changed since training), and the
    ///   store's errors for a missing or damaged head or model.
    init(head name: String, tool: String, context: AnalyzerContext) throws {
        let (head, manifest, resolved, embedding) = try ModelStore(home: TaskFlowHome(path: context.homeDirectory)).trainedHead(
            name, level: .tokens, tool: tool,
            otherwise: "run it with --tools classify --set classify.head=\(name); train a token head with tf train NAME --task tokens")
        let model = try LoadedModels.model(for: embedding)
        let device = try Device.parse(context.device, threads: context.threads).resolved(threads: context.threads)
        encoder = try TextEncoder(model: model, device: device, batching: BatchingPolicy(maxTexts: 256))
        let tokenizer = model.tokenizer
        aggregator = TokenAggregator(
            strategy: .first, labels: head.labels, unknownToken: tokenizer.unknownToken, join: { tokenizer.joinTokens($0) })
        self.head = head
        self.manifest = manifest
        fingerprints = resolved.fingerprints.merging(embedding.fingerprints) { a, _ in a }
    }

    func entities(_ batch: [Record]) throws -> [[Span]] {
        let texts = batch.map(\.text)
        let (predictions, _) = try encoder.classifyTokens(windowing: texts, head: head)
        return zip(texts, predictions).map { text, tokens in
            let found = aggregator.entities(tokens, text: text)
            guard !found.isEmpty else { return [] }
            let scalars = Array(text.unicodeScalars)
            return found.map { e in
                let lo = max(0, min(e.start, scalars.count))
                let hi = max(lo, min(e.end, scalars.count))
                return Span(
                    text: String(String.UnicodeScalarView(scalars[lo..<hi])), label: Self.labels[e.label] ?? e.label.uppercased(),
                    start: lo, end: hi, score: Double(e.score))
            }
        }
    }
}
