/// Something that analyses a batch of records and returns one value per record.
///
/// A conformance is one file plus one registration line:
/// ```swift
/// struct WordCountAnalyzer: Analyzer {
///     static let descriptor = AnalyzerDescriptor(
///         id: "stats.words", task: "words", version: "1", summary: "Counts words", backend: "rules")
///     init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
///     func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
///         batch.map { .json(.int($0.text.split(separator: " ").count)) }
///     }
/// }
/// // in the plugin's registration: try registrar.register(WordCountAnalyzer.self)
/// ```
/// `analyze` must return exactly one value per input record, in input order. It may be called
/// concurrently for different batches, so keep the analyzer immutable after `init`.
///
/// An analyzer that consumes a shared feature (an embedding several analyzers use) lists it in
/// `features` and implements `analyze(_:features:context:)` instead; the engine computes each
/// feature once per batch for every analyzer that asked:
/// ```swift
/// var features: [FeatureRequest] { [.embedding(model: model)] }
/// func analyze(_ batch: [Record], features: FeatureValues, context: AnalyzerContext) async throws -> [AnalysisValue] {
///     try features.values(for: .embedding(model: model)).map { v in /* classify the vector */ v }
/// }
/// ```
public protocol Analyzer: Sendable {
    /// What this analyzer is.
    static var descriptor: AnalyzerDescriptor { get }

    /// Makes an instance with effective options (every declared option present).
    init(options: AnalyzerOptions, context: AnalyzerContext) throws

    /// Fingerprints of the models and lexicons this instance uses (name → SHA-256 hex).
    ///
    /// They enter the cache key, so a changed model file invalidates cached results.
    var fingerprints: [String: String] { get }

    /// Analyses a batch; returns one value per record, in order.
    func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue]

    /// The shared features this instance consumes (they may depend on its options); empty by
    /// default.
    var features: [FeatureRequest] { get }

    /// Analyses a batch given the features it asked for, each with one value per record of
    /// `batch`, in order; returns one value per record, in order.
    ///
    /// The engine always calls this; by default it calls `analyze(_:context:)`.
    func analyze(_ batch: [Record], features: FeatureValues, context: AnalyzerContext) async throws -> [AnalysisValue]
}

extension Analyzer {
    public var fingerprints: [String: String] { [:] }

    public var features: [FeatureRequest] { [] }

    public func analyze(_ batch: [Record], features: FeatureValues, context: AnalyzerContext) async throws -> [AnalysisValue] {
        try await analyze(batch, context: context)
    }

    /// For an analyzer that implements only `analyze(_:features:context:)`: refuses, because
    /// its features are missing.
    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        let needs = features.map(\.description).joined(separator: ", ")
        throw TaskFlowFailure(
            "missing-feature", "\(Self.descriptor.id) needs the features \(needs.isEmpty ? "it declares" : needs) and was called without them",
            hint: "run it in a TaskFlow pipeline, which computes them, or call analyze(_:features:context:)")
    }
}

/// Where and how an analyzer runs: the device, its threads and TaskFlow's home folder.
public struct AnalyzerContext: Sendable, Hashable {
    /// The device, as text: `cpu` or `gpu:0`.
    public var device: String
    /// Threads the analyzer may use on the CPU.
    public var threads: Int
    /// `$TF_HOME` (models, plugins, caches live under it).
    public var homeDirectory: String

    public init(device: String = "cpu", threads: Int = 1, homeDirectory: String) {
        self.device = device
        self.threads = max(1, threads)
        self.homeDirectory = homeDirectory
    }
}

/// An analyzer whose task depends on how it was made (a trained head declares the task its
/// labels belong to): the engine records its values under `task` instead of the descriptor's.
public protocol AnalyzerTaskNaming {
    /// The task this instance's values appear under (`emotion`, `sentiment`, a head's name).
    var task: String { get }
}
