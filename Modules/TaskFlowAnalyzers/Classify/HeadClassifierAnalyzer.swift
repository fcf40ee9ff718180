import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// Runs a head trained with `tf train` over the shared sentence embedding it was trained on:
/// `--tools classify --set classify.head=NAME`. Its labels and scores appear under the task the
/// head declares (its name unless trained with `--analysis TASK`).
///
/// A head whose embedding model's files changed since training refuses to run: its weights
/// mean nothing on other vectors.
public struct HeadClassifierAnalyzer: Analyzer, AnalyzerTaskNaming {
    public static let descriptor = AnalyzerDescriptor(
        id: "classify.head", task: "classify", version: "1",
        summary: "Labels from a head trained with tf train (set classify.head=NAME), over its sentence embedding",
        backend: "trained head (linear or MLP) on a transformer embedding",
        options: [
            OptionSpec(name: "head", summary: "the head's store name (tf models list) or folder", defaultValue: .string(""))
        ],
        // The embedding feature is cached; the head itself costs microseconds a record.
        cacheable: false)

    let runner: HeadRunner

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        let name = options.string("head") ?? ""
        guard !name.isEmpty else {
            throw TaskFlowFailure(
                "missing-option", "classify.head names no head",
                hint: "train one (tf train NAME --data FILE --text COL --label COL), then --set classify.head=NAME")
        }
        runner = try HeadRunner(head: name, context: context)
    }

    public var task: String { runner.manifest.task }
    public var fingerprints: [String: String] { runner.fingerprints }
    public var features: [FeatureRequest] { [.embedding(model: runner.manifest.embeddingModel)] }

    public func analyze(_ batch: [Record], features: FeatureValues, context: AnalyzerContext) async throws -> [AnalysisValue] {
        try runner.classify(batch, features: features).map { .classification($0) }
    }
}

/// A loaded head and what it needs: shared by `classify.head` and the shipped heads.
struct HeadRunner: Sendable {
    let head: ClassifierHead
    let manifest: HeadManifest
    let fingerprints: [String: String]

    /// Loads `head` from the store (or a folder) and checks its embedding model is the one it was trained on.
    ///
    /// - Throws: `head-stale` when the embedding model changed; the store's errors for a missing or corrupt head.
    init(head name: String, context: AnalyzerContext) throws {
        let (head, manifest, resolved, embedding) = try ModelStore(home: TaskFlowHome(path: context.homeDirectory)).trainedHead(
            name, level: .sequence, tool: "classify.head",
            otherwise: "run it with --tools entity.head --set entity.head.head=\(name)")
        self.head = head
        self.manifest = manifest
        fingerprints = resolved.fingerprints.merging(embedding.fingerprints) { a, _ in a }
    }

    /// One classification per record: the most probable label, its probability, and every label's.
    func classify(_ batch: [Record], features: FeatureValues) throws -> [Classification] {
        let vectors = try features.values(for: .embedding(model: manifest.embeddingModel))
        let d = head.inputSize
        var inputs = [Float](repeating: 0, count: batch.count * d)
        for (i, v) in vectors.enumerated() {
            guard case .embedding(let e) = v, e.count == d else {
                throw TaskFlowFailure(
                    "bad-feature", "head '\(manifest.name)' needs \(d)-float embeddings from \(manifest.embeddingModel)",
                    hint: "retrain the head on the embedding model you use")
            }
            inputs.replaceSubrange((i * d)..<((i + 1) * d), with: e)
        }
        let p = head.probabilities(inputs, rows: batch.count)
        let k = head.outputSize
        return (0..<batch.count).map { r in
            var best = 0
            for j in 1..<max(1, k) where p[r * k + j] > p[r * k + best] { best = j }
            let scores = head.labels.indices.map { ScoredLabel(head.labels[$0], Double(p[r * k + $0])) }
            return Classification(label: head.labels[best], score: Double(p[r * k + best]), scores: scores)
        }
    }
}
