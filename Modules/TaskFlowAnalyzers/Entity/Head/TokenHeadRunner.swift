import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// A token head (`tf train NAME --task tokens`) with the encoder it was trained on: texts of
/// any length are windowed, each word gets its first token's probabilities (transformers'
/// `first` strategy), a sentence's tags are read jointly as the most probable valid IOB2
/// sequence (`bio`; else each word's own best tag), and words are grouped into entities.
/// With `rules`, `entity.rules` adds its entities where they overlap none of the head's.
///
/// WNUT-17's types read as TaskFlow's labels (person → PERSON, location → LOC, corporation →
/// ORG, product → PRODUCT, creative-work → WORK, group → GROUP); other tags pass through in
/// upper case.
struct TokenHeadRunner: Sendable {
    static let labels = [
        "person": "PERSON", "location": "LOC", "corporation": "ORG", "product": "PRODUCT", "creative-work": "WORK",
        "group": "GROUP",
    ]

    /// The decoding options of a token-head analyzer; `rules` is the default for filling gaps
    /// with `entity.rules`.
    static func options(rules: Bool) -> [OptionSpec] {
        [
            OptionSpec(
                name: "bio", summary: "read a sentence's tags as the most probable valid IOB2 sequence (false: each word's best tag)",
                defaultValue: .bool(true)),
            OptionSpec(
                name: "rules", summary: "add entity.rules' entities where they overlap none of the head's (false: the head alone)",
                defaultValue: .bool(rules)),
        ]
    }

    let head: ClassifierHead
    let manifest: HeadManifest
    let encoder: TextEncoder
    let aggregator: TokenAggregator
    let fingerprints: [String: String]
    /// Fills the gaps with `entity.rules`' entities; nil: the head alone.
    let rules: EntityRulesExtractor?

    /// - Throws: `wrong-head-level`, `head-stale` (the encoder changed since training), and the
    ///   store's errors for a missing or damaged head or model.
    init(head name: String, tool: String, context: AnalyzerContext, bio: Bool, rules: Bool) throws {
        let (head, manifest, resolved, embedding) = try ModelStore(home: TaskFlowHome(path: context.homeDirectory)).trainedHead(
            name, level: .tokens, tool: tool,
            otherwise: "run it with --tools classify --set classify.head=\(name); train a token head with tf train NAME --task tokens")
        let model = try LoadedModels.model(for: embedding)
        let device = try Device.parse(context.device, threads: context.threads).resolved(threads: context.threads)
        encoder = try TextEncoder(model: model, device: device, batching: BatchingPolicy(maxTexts: 256))
        let tokenizer = model.tokenizer
        var aggregator = TokenAggregator(
            strategy: .first, labels: head.labels, unknownToken: tokenizer.unknownToken, join: { tokenizer.joinTokens($0) })
        aggregator.constrainedToBIO = bio
        self.aggregator = aggregator
        self.rules = rules ? EntityRulesExtractor() : nil
        self.head = head
        self.manifest = manifest
        var fingerprints = resolved.fingerprints.merging(embedding.fingerprints) { a, _ in a }
        if rules { fingerprints["word-lists"] = EntityWordLists.version }
        self.fingerprints = fingerprints
    }

    func entities(_ batch: [Record]) throws -> [[Span]] {
        let texts = batch.map(\.text)
        let (predictions, _) = try encoder.classifyTokens(windowing: texts, head: head)
        return zip(texts, predictions).map { text, tokens in
            let spans = headSpans(aggregator.entities(tokens, text: text), text: text)
            guard let rules else { return spans }
            return Self.filling(spans, with: rules.entities(text))
        }
    }

    /// `head`'s spans, and each of `extra` that overlaps none of them (nor an earlier one
    /// kept), sorted by start.
    static func filling(_ head: [Span], with extra: [Span]) -> [Span] {
        var out = head
        for s in extra where !out.contains(where: { $0.start < s.end && s.start < $0.end }) { out.append(s) }
        return out.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    }

    private func headSpans(_ found: [TokenEntity], text: String) -> [Span] {
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
