/// Computes one kind of per-record feature (an embedding, tokens) with a named model.
///
/// The engine makes one extractor per requested model and run, calls it once per batch for the
/// records some analyzer needs, and caches its values under a key of the feature id
/// (`feature:embedding`), `version`, the model name, `fingerprints` and the exact text.
/// ```swift
/// struct WordVectorExtractor: FeatureExtractor {
///     static let kind = "embedding"
///     static let version = "1"
///     init(model: String, context: AnalyzerContext) throws { /* load the model */ }
///     func extract(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
///         batch.map { _ in .embedding([0, 1]) }
///     }
/// }
/// // in the plugin's registration: try registrar.register(featureExtractor: WordVectorExtractor.self)
/// ```
/// `extract` must return exactly one value per record, in order; keep the extractor immutable
/// after `init`. An extractor that cuts texts to a model's window says how many it cut by
/// implementing `extractBatch` too (the engine calls that one; by default it calls `extract`
/// and reports nothing cut).
public protocol FeatureExtractor: Sendable {
    /// The kind of feature it computes: the `kind` of the `FeatureRequest`s it serves.
    static var kind: String { get }
    /// Enters every cache key of its values; bump it whenever they can change.
    static var version: String { get }

    /// Makes an extractor for `model` (a store name or a model folder), loading what it needs.
    ///
    /// - Throws: a `TaskFlowError` naming the model and the fix when it cannot be loaded.
    init(model: String, context: AnalyzerContext) throws

    /// Fingerprints of the files it uses (name → SHA-256 hex); they enter the cache key.
    var fingerprints: [String: String] { get }

    /// The feature of each record, in order.
    func extract(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue]

    /// The feature of each record, in order, with what computing it did to the texts (how
    /// many were truncated to the model's window); the run summary counts it per feature.
    ///
    /// The default calls `extract` and counts nothing, so extractors without it (and plugins
    /// built before it existed, ABI version 1 all along) keep working unchanged.
    func extractBatch(_ batch: [Record], context: AnalyzerContext) async throws -> FeatureBatch
}

extension FeatureExtractor {
    public var fingerprints: [String: String] { [:] }

    public func extractBatch(_ batch: [Record], context: AnalyzerContext) async throws -> FeatureBatch {
        FeatureBatch(values: try await extract(batch, context: context))
    }
}

/// What a `FeatureExtractor` computed for one batch: one value per record, and counts of what
/// it had to do to the texts.
public struct FeatureBatch: Sendable, Hashable {
    /// One value per record, in order.
    public var values: [AnalysisValue]
    /// Records whose text was longer than the model's window and was cut to it.
    public var truncated: Int

    public init(values: [AnalysisValue], truncated: Int = 0) {
        self.values = values
        self.truncated = truncated
    }
}
