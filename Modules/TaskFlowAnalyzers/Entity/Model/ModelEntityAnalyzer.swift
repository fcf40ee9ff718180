import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// Named entities from a Hugging Face token-classification model (BERT, DistilBERT or RoBERTa
/// `…ForTokenClassification`; labels from its `config.json`'s `id2label`).
///
/// Each record gets `"entities":[{"text","label","start","end","score"}]`: offsets in Unicode
/// scalars of the text, `text` the text between them, `score` a probability (the mean over an
/// entity's tokens or words). Tokens become entities by transformers' aggregation strategies
/// (`TokenAggregation`); the default, `simple`, is what transformers' NER pipeline is usually
/// run with, so `PER`, `ORG`, `LOC`, `MISC` come out as the model names them. `first`,
/// `average` and `max` never cut a word in two (better for subword-split names). Texts longer
/// than the model's window are cut into overlapping windows (`stride`) and merged
/// (`TokenWindows`), so nothing is truncated.
///
/// The model's file fingerprints enter the cache key.
public struct ModelEntityAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "entity.model", task: "entities", version: "1",
        summary: "Named entities from a Hugging Face token-classification model (default bert-base-NER: PER, ORG, LOC, MISC); score: probability",
        backend: "model bert-base-NER (dslim/bert-base-NER), BERT on BLAS; transformers' aggregation strategies",
        options: [
            OptionSpec(
                name: "model", summary: "store name (tf models list) or a token-classification model folder",
                defaultValue: .string("bert-base-NER")),
            OptionSpec(
                name: "aggregation", summary: "how tokens become entities, as transformers' aggregation_strategy",
                defaultValue: .string("simple"),
                choices: TokenAggregation.allCases.map { .string($0.rawValue) }),
            OptionSpec(
                name: "threshold", summary: "drop entities scoring under this (0–1)", defaultValue: .double(0)),
            OptionSpec(
                name: "stride", summary: "overlap of the windows of a long text, as a share of the window (0–0.5)",
                defaultValue: .double(0.25)),
        ])

    let encoder: TextEncoder
    let aggregator: TokenAggregator
    let threshold: Float
    let overlap: Double
    public let fingerprints: [String: String]

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        let id = Self.descriptor.id
        let rawAggregation = options.string("aggregation") ?? "simple"
        guard let strategy = TokenAggregation(rawValue: rawAggregation.lowercased()) else {
            throw TaskFlowFailure(
                "bad-option-value", "\(id).aggregation: '\(rawAggregation)' is not an aggregation strategy",
                hint: "choose one of: " + TokenAggregation.allCases.map(\.rawValue).joined(separator: ", "), exitCode: 2)
        }
        let threshold = options.double("threshold") ?? 0
        guard threshold.isFinite, (0...1).contains(threshold) else {
            throw TaskFlowFailure(
                "bad-option-value", "\(id).threshold must be from 0 to 1, got \(options["threshold"].map { "\($0)" } ?? "\(threshold)")",
                hint: "a probability: 0 keeps every entity, 0.5 drops the unsure ones", exitCode: 2)
        }
        let stride = options.double("stride") ?? 0.25
        guard stride.isFinite, (0...0.5).contains(stride) else {
            throw TaskFlowFailure(
                "bad-option-value", "\(id).stride must be from 0 to 0.5, got \(options["stride"].map { "\($0)" } ?? "\(stride)")",
                hint: "the share of the window two neighbouring windows of a long text share; the default is 0.25", exitCode: 2)
        }
        let name = options.string("model") ?? "bert-base-NER"
        let resolved = try ModelStore(home: TaskFlowHome(path: context.homeDirectory)).resolve(name)
        let model = try LoadedModels.model(for: resolved)
        guard model.encoder.task == .tokenClassification else {
            throw TaskFlowFailure(
                "not-a-token-classifier",
                "\(id).model: \(model.directory) holds a \(model.encoder.task.rawValue) model, not a token classifier",
                hint: "use a …ForTokenClassification model (NER), such as bert-base-NER: tf models pull bert-base-NER", exitCode: 2)
        }
        let device = try Device.parse(context.device, threads: context.threads).resolved(threads: context.threads)
        encoder = try TextEncoder(model: model, device: device, batching: BatchingPolicy(maxTexts: 256))
        aggregator = TokenAggregator(strategy: strategy, model: model)
        self.threshold = Float(threshold)
        overlap = stride
        fingerprints = resolved.fingerprints
    }

    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        let texts = batch.map(\.text)
        let (predictions, _) = try encoder.classifyTokens(windowing: texts, overlap: overlap)
        return zip(texts, predictions).map { text, tokens in
            .spans(Self.spans(aggregator.entities(tokens, text: text), in: text, threshold: threshold))
        }
    }

    /// Entities as spans whose text is the text between their offsets; those under `threshold`
    /// are dropped.
    static func spans(_ entities: [TokenEntity], in text: String, threshold: Float) -> [Span] {
        let kept = entities.filter { $0.score >= threshold }
        guard !kept.isEmpty else { return [] }
        let scalars = Array(text.unicodeScalars)
        return kept.map { e in
            let lo = max(0, min(e.start, scalars.count))
            let hi = max(lo, min(e.end, scalars.count))
            return Span(
                text: String(String.UnicodeScalarView(scalars[lo..<hi])), label: e.label, start: lo, end: hi,
                score: Double(e.score))
        }
    }
}
