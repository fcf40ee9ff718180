/// A per-record feature an analyzer consumes — the embedding of each text by a named model, or
/// its tokens — that the engine computes once per batch for every analyzer that asks.
///
/// An analyzer lists what it needs in `Analyzer.features`; a `FeatureExtractor` registered for
/// the request's `kind` computes it, and the engine caches its values like an analyzer's.
/// ```swift
/// var features: [FeatureRequest] { [.embedding(model: "all-MiniLM-L6-v2")] }
/// ```
public struct FeatureRequest: Sendable, Hashable, CustomStringConvertible {
    /// The kind of feature, as a `FeatureExtractor` declares it: `embedding`, `tokens`.
    public var kind: String
    /// The model that computes it: a store name (`tf models list`) or a model folder.
    public var model: String

    public init(kind: String, model: String) {
        self.kind = kind
        self.model = model
    }

    /// One vector per record from a sentence-embedding model.
    public static func embedding(model: String) -> FeatureRequest {
        FeatureRequest(kind: "embedding", model: model)
    }

    /// The tokens of each record as a model's tokenizer splits them.
    public static func tokens(model: String) -> FeatureRequest {
        FeatureRequest(kind: "tokens", model: model)
    }

    /// `embedding(all-MiniLM-L6-v2)`.
    public var description: String { "\(kind)(\(model))" }
}

/// The features the engine computed for the records it hands an analyzer: per request, one value
/// per record of that batch, in order.
///
/// It can also compute a requested feature for texts that are not records of the batch (a
/// keyphrase analyzer's candidate phrases) through `values(for:texts:)`, when the caller
/// supplied a `FeatureProvider` — the engine always does.
public struct FeatureValues: Sendable {
    private var storage: [FeatureRequest: [AnalysisValue]]

    /// Computes a feature of arbitrary texts; nil outside a TaskFlow pipeline unless set.
    public var provider: FeatureProvider?

    public init(_ values: [FeatureRequest: [AnalysisValue]] = [:]) {
        storage = values
    }

    public init(_ values: [FeatureRequest: [AnalysisValue]] = [:], provider: FeatureProvider?) {
        storage = values
        self.provider = provider
    }

    /// The values of one request, or nil when it was not computed for this call.
    public subscript(_ request: FeatureRequest) -> [AnalysisValue]? {
        get { storage[request] }
        set { storage[request] = newValue }
    }

    /// The requests present.
    public var requests: [FeatureRequest] { Array(storage.keys) }

    /// The values of one request.
    ///
    /// - Throws: `TaskFlowFailure` when the request is missing: the analyzer did not list it in
    ///   `features`, or it was called outside a TaskFlow pipeline.
    public func values(for request: FeatureRequest) throws -> [AnalysisValue] {
        guard let values = storage[request] else {
            throw TaskFlowFailure(
                "missing-feature", "the feature \(request) was not computed for this batch",
                hint: "list it in the analyzer's `features` and run the analyzer in a TaskFlow pipeline")
        }
        return values
    }
}

extension FeatureValues {
    /// The feature `request` of each of `texts`, in order: the same extractor and cache as the
    /// records' values, so a text embedded once (as a record or as a phrase) is not embedded
    /// again. Ask once per batch with every text you need: the engine extracts the texts it
    /// has not seen in one call, and repeats in `texts` cost nothing more.
    ///
    /// - Throws: `missing-feature` when no provider was given (outside a TaskFlow pipeline) or
    ///   the analyzer did not list `request` in its `features`; the extractor's error when it
    ///   fails.
    public func values(for request: FeatureRequest, texts: [String]) async throws -> [AnalysisValue] {
        guard let provider else {
            throw TaskFlowFailure(
                "missing-feature", "the feature \(request) cannot be computed for extra texts in this call",
                hint: "run the analyzer in a TaskFlow pipeline, or pass a FeatureProvider in FeatureValues")
        }
        guard !texts.isEmpty else { return [] }
        let values = try await provider.values(for: request, texts: texts)
        guard values.count == texts.count else {
            throw TaskFlowFailure(
                "feature-count-mismatch", "the feature \(request) came back with \(values.count) values for \(texts.count) texts",
                hint: "a FeatureProvider must return one value per text, in order")
        }
        return values
    }
}

/// Computes a feature for texts that are not records — candidate phrases to embed, say — the
/// way the engine computes it for records: with the run's extractor, through its cache.
///
/// The engine hands one to every analyzer in `FeatureValues.provider`; tests and other hosts
/// make one from a closure.
/// ```swift
/// let provider = FeatureProvider { request, texts in
///     try await extractor.extract(texts.map { Record(id: "", text: $0) }, context: context)
/// }
/// ```
public struct FeatureProvider: Sendable {
    private let compute: @Sendable (FeatureRequest, [String]) async throws -> [AnalysisValue]

    /// - Parameter compute: the values of a request for texts, one per text, in order.
    public init(_ compute: @escaping @Sendable (_ request: FeatureRequest, _ texts: [String]) async throws -> [AnalysisValue]) {
        self.compute = compute
    }

    /// The values of `request` for `texts`, one per text, in order.
    public func values(for request: FeatureRequest, texts: [String]) async throws -> [AnalysisValue] {
        try await compute(request, texts)
    }
}
