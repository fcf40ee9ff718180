import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// Any Hugging Face sequence-classification model directory (BERT, DistilBERT, RoBERTa with a
/// classification head) as an analyzer: a softmax over its labels, or a sigmoid per label when
/// its config says multi-label; labels from `id2label`.
///
/// `sentiment.model`, `emotion.model` and `classify.model` differ only in the task their values
/// appear under (and sentiment's score, below). Set the model with `--set TOOL.model=DIR|NAME`.
struct SequenceClassifier: Sendable {
    let encoder: TextEncoder
    let fingerprints: [String: String]
    let model: String

    init(tool: String, options: AnalyzerOptions, context: AnalyzerContext, defaultModel: String) throws {
        let name = options.string("model") ?? defaultModel
        guard !name.isEmpty else {
            throw TaskFlowFailure(
                "missing-option", "\(tool).model names no model",
                hint: "--set \(tool).model=DIR (a …ForSequenceClassification folder) or a name from tf models list")
        }
        let resolved = try ModelStore(home: TaskFlowHome(path: context.homeDirectory)).resolve(name)
        let loaded = try LoadedModels.model(for: resolved)
        guard loaded.encoder.task == .sequenceClassification else {
            throw TaskFlowFailure(
                "no-classification-head",
                "\(tool).model '\(name)' is a \(loaded.encoder.task.rawValue) model, not a sequence classifier",
                hint: "use a …ForSequenceClassification checkpoint (config.json architectures)")
        }
        let device = try Device.parse(context.device, threads: context.threads).resolved(threads: context.threads)
        encoder = try TextEncoder(model: loaded, device: device, batching: BatchingPolicy(maxTexts: 64))
        fingerprints = resolved.fingerprints
        model = name
    }

    /// Per text: its most probable label, that probability, and every label's.
    func classify(_ batch: [Record]) throws -> [SequencePrediction] {
        try encoder.classify(batch.map(\.text)).predictions
    }

    static func classification(_ p: SequencePrediction) -> Classification {
        let best = p.best
        let scores = p.labels.indices.map { ScoredLabel(p.labels[$0], Double(p.probabilities[$0])) }
        return Classification(label: best.label, score: Double(best.score), scores: scores)
    }
}

/// `sentiment.model`: a sentiment classifier from the hub or a folder. When its labels include
/// positive and negative (any case), `score` is P(positive) − P(negative), in [−1, 1] like
/// VADER's compound, so thresholds and reports read the same; otherwise the top probability.
public struct SentimentModelAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "sentiment.model", task: "sentiment", version: "1",
        summary: "Sentiment from a Hugging Face sequence classifier (set sentiment.model=DIR|NAME); score P(pos) − P(neg)",
        backend: "transformer sequence classification",
        options: [
            OptionSpec(
                name: "model", summary: "a …ForSequenceClassification folder or store name",
                defaultValue: .string("twitter-roberta-base-sentiment-latest"))
        ],
        cacheable: true)

    let classifier: SequenceClassifier

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        classifier = try SequenceClassifier(
            tool: "sentiment.model", options: options, context: context, defaultModel: "twitter-roberta-base-sentiment-latest")
    }

    public var fingerprints: [String: String] { classifier.fingerprints }

    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        try classifier.classify(batch).map { p in
            var c = SequenceClassifier.classification(p)
            let lower = p.labels.map { $0.lowercased() }
            if let pos = lower.firstIndex(where: { $0.hasPrefix("pos") }), let neg = lower.firstIndex(where: { $0.hasPrefix("neg") }) {
                c.score = Double(p.probabilities[pos] - p.probabilities[neg])
            }
            return .classification(c)
        }
    }
}

/// `emotion.model`: an emotion classifier from the hub or a folder (labels as the model names them).
public struct EmotionModelAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "emotion.model", task: "emotion", version: "1",
        summary: "Emotions from a Hugging Face sequence classifier (set emotion.model=DIR|NAME)",
        backend: "transformer sequence classification",
        options: [
            OptionSpec(
                name: "model", summary: "a …ForSequenceClassification folder or store name",
                defaultValue: .string("emotion-english-distilroberta-base"))
        ],
        cacheable: true)

    let classifier: SequenceClassifier

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        classifier = try SequenceClassifier(
            tool: "emotion.model", options: options, context: context, defaultModel: "emotion-english-distilroberta-base")
    }

    public var fingerprints: [String: String] { classifier.fingerprints }

    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        try classifier.classify(batch).map { .classification(SequenceClassifier.classification($0)) }
    }
}

/// `classify.model`: any sequence classifier, its values under the task `classify`.
public struct ClassifyModelAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "classify.model", task: "classify", version: "1",
        summary: "Labels from any Hugging Face sequence classifier (set classify.model=DIR|NAME)",
        backend: "transformer sequence classification",
        options: [OptionSpec(name: "model", summary: "a …ForSequenceClassification folder or store name", defaultValue: .string(""))],
        cacheable: true)

    let classifier: SequenceClassifier

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        classifier = try SequenceClassifier(tool: "classify.model", options: options, context: context, defaultModel: "")
    }

    public var fingerprints: [String: String] { classifier.fingerprints }

    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        try classifier.classify(batch).map { .classification(SequenceClassifier.classification($0)) }
    }
}
