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
public struct FeatureValues: Sendable {
    private var storage: [FeatureRequest: [AnalysisValue]]

    public init(_ values: [FeatureRequest: [AnalysisValue]] = [:]) {
        storage = values
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
