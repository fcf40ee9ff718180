import Foundation
import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// Topics from the shared sentence embeddings of a whole run (the default for `--tools topic`).
///
/// Records are put in a canonical order first (by text, then id), so the same records in any
/// order give the same topics, ids and labels. The number of topics is the k in 2…`max-k` whose
/// spherical k-means clustering of a sample (up to 8,000 records) has the best mean silhouette
/// on up to 2,500 of them — how much closer each record is to its own topic than to the next
/// one — unless `k` fixes it. All records are then clustered with that k (best of three seeded
/// starts). A record less similar to its topic's centre than `outlier-similarity`, and every
/// record of a topic smaller than `min-size` or much more diffuse than the others (its mean
/// similarity under half the median topic's), goes to the outlier topic −1. Topics are numbered
/// by size; labels are class-based TF-IDF keywords. `from-run=N` assigns records to the topics
/// run N found instead, keeping their ids and labels.
public struct TopicClusterAnalyzer: ContinuingCorpusAnalyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "topic.cluster", task: "topic", version: "2",
        summary: "Topics: k-means on sentence embeddings, k by silhouette, c-TF-IDF labels, outliers as −1",
        backend: "cpu",
        options: [
            OptionSpec(name: "model", summary: "the sentence-embedding model", defaultValue: .string(Self.defaultModel)),
            OptionSpec(name: "k", summary: "number of topics (0 chooses it by silhouette; up to 500)", defaultValue: .int(0)),
            OptionSpec(name: "max-k", summary: "the most topics the automatic choice tries (2–200)", defaultValue: .int(20)),
            OptionSpec(
                name: "min-size", summary: "smallest topic; smaller groups are outliers (0: 0.5% of the records, at least 3)",
                defaultValue: .int(0)),
            OptionSpec(
                name: "outlier-similarity", summary: "records less similar than this to their topic are outliers (0–1)",
                defaultValue: .double(0.1)),
            OptionSpec(name: "seed", summary: "seed of every random choice", defaultValue: .int(42)),
            OptionSpec(name: "from-run", summary: "assign records to the topics of this earlier run (0: find topics afresh)", defaultValue: .int(0)),
        ])

    public static let defaultModel = "all-MiniLM-L6-v2"
    let model: String
    let fixedK: Int?
    let maxK: Int
    let minSize: Int?
    let outlierSimilarity: Float
    let seed: UInt64
    public let earlierRun: Int64?
    static let sampleSize = 8000
    static let silhouetteSize = 2500

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        model = options.string("model") ?? Self.defaultModel
        let k = try options.wholeNumber("k", of: "topic.cluster", default: 0, in: 0...500)
        fixedK = k == 0 ? nil : k
        maxK = try options.wholeNumber("max-k", of: "topic.cluster", default: 20, in: 2...200)
        let m = try options.wholeNumber("min-size", of: "topic.cluster", default: 0, in: 0...1_000_000_000)
        minSize = m == 0 ? nil : m
        let o = options.double("outlier-similarity") ?? 0.1
        guard (0...1).contains(o) else {
            throw TaskFlowFailure(
                "bad-option-value", "topic.cluster.outlier-similarity must be from 0 to 1, got \(o)",
                hint: "the default is 0.1; 0 keeps every record in a topic")
        }
        outlierSimilarity = Float(o)
        seed = UInt64(try options.wholeNumber("seed", of: "topic.cluster", default: 42, in: 0...Int.max))
        let run = try options.wholeNumber("from-run", of: "topic.cluster", default: 0, in: 0...Int.max)
        earlierRun = run == 0 ? nil : Int64(run)
    }

    public var features: [FeatureRequest] { [.embedding(model: model)] }

    public func analyze(corpus: Corpus, context: AnalyzerContext) async throws -> CorpusResult {
        let points = try TopicPoints(corpus: corpus, request: .embedding(model: model))
        guard points.count > 0 else { return finish(points, corpus: corpus, grouping: nil, chosenBy: "none", candidates: []) }
        let kmeans = SphericalKMeans(points: points.vectors, count: points.count, dimensions: points.dimensions)
        var candidates: [TopicCandidate] = []
        let k: Int
        let chosenBy: String
        if let fixedK {
            k = min(fixedK, points.count)
            chosenBy = "fixed"
        } else if points.count < 6 {
            k = 1
            chosenBy = "too few records"
        } else {
            (k, candidates) = chooseK(points)
            chosenBy = "silhouette"
        }
        try Task.checkCancellation()
        let c = kmeans.cluster(k: k, seed: seed, restarts: 3)
        let grouping = Grouping(assignment: c.assignment, similarity: c.similarity, centroids: c.centroids, k: k)
        return finish(points, corpus: corpus, grouping: grouping.settled(minSize: minSize(points.count), outlier: outlierSimilarity), chosenBy: chosenBy, candidates: candidates)
    }

    public func analyze(corpus: Corpus, earlier: JSONValue, context: AnalyzerContext) async throws -> CorpusResult {
        guard let table = try? JSONDecoder().decode(TopicTable.self, from: Data(earlier.jsonString.utf8)) else {
            throw TaskFlowFailure(
                "bad-earlier-topics", "the topics stored for run \(earlierRun ?? 0) cannot be read",
                hint: "run topic.cluster on the data afresh (leave out from-run)")
        }
        let points = try TopicPoints(corpus: corpus, request: .embedding(model: model))
        guard table.model == model else {
            throw TaskFlowFailure(
                "earlier-topics-model", "run \(earlierRun ?? 0) found its topics with \(table.model), this run embeds with \(model)",
                hint: "use --set topic.cluster.model=\(table.model), or find topics afresh")
        }
        let kept = table.topics.filter { $0.id >= 0 }
        var centroids: [Float] = []
        for t in kept {
            guard let text = t.centroid, let data = Data(base64Encoded: text), data.count == points.dimensions * 4 || points.count == 0
            else {
                throw TaskFlowFailure(
                    "bad-earlier-topics", "topic \(t.id) of run \(earlierRun ?? 0) has no usable centre",
                    hint: "run topic.cluster on the data afresh (leave out from-run)")
            }
            centroids += data.withUnsafeBytes { raw in
                (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            }
        }
        guard points.count > 0, !kept.isEmpty else {
            return finish(points, corpus: corpus, grouping: nil, chosenBy: "run \(earlierRun ?? 0)", candidates: [])
        }
        let kmeans = SphericalKMeans(points: points.vectors, count: points.count, dimensions: points.dimensions)
        let (assignment, similarity) = kmeans.assign(centroids: centroids, k: kept.count)
        var grouping = Grouping(assignment: assignment, similarity: similarity, centroids: centroids, k: kept.count)
        grouping.fixedIDs = kept.map(\.id)
        grouping.fixedLabels = kept.map { ($0.label, $0.keywords) }
        for i in grouping.assignment.indices where grouping.similarity[i] < outlierSimilarity { grouping.assignment[i] = -1 }
        return finish(points, corpus: corpus, grouping: grouping, chosenBy: "run \(earlierRun ?? 0)", candidates: [])
    }

    private func minSize(_ n: Int) -> Int {
        minSize ?? max(3, Int((Double(n) * 0.005).rounded(.up)))
    }

    /// The k whose clustering of a sample has the best mean silhouette (the smaller k on a tie).
    private func chooseK(_ points: TopicPoints) -> (Int, [TopicCandidate]) {
        var rng = SplitMix64(seed: seed ^ 0x5EED)
        let order = rng.permutation(points.count)
        let sample = Array(order.prefix(Self.sampleSize))
        let d = points.dimensions
        var xs = [Float](repeating: 0, count: sample.count * d)
        for (r, i) in sample.enumerated() {
            for t in 0..<d { xs[r * d + t] = points.vectors[i * d + t] }
        }
        let t = min(sample.count, Self.silhouetteSize)
        let silhouette = Silhouette(points: Array(xs.prefix(t * d)), count: t, dimensions: d)
        let kmeans = SphericalKMeans(points: xs, count: sample.count, dimensions: d, maxIterations: 30)
        var candidates: [TopicCandidate] = []
        var best = (k: 2, score: -Double.infinity)
        for k in 2...max(2, min(maxK, sample.count / 3)) {
            let c = kmeans.cluster(k: k, seed: seed &+ UInt64(k), restarts: 1)
            let s = silhouette.score(Array(c.assignment.prefix(t)), k: k)
            candidates.append(TopicCandidate(k: k, silhouette: (s * 10000).rounded() / 10000))
            if s > best.score + 1e-9 { best = (k, s) }
        }
        return (best.k, candidates)
    }

    /// The findings, report section and per-record values of a grouping.
    private func finish(
        _ points: TopicPoints, corpus: Corpus, grouping: Grouping?, chosenBy: String, candidates: [TopicCandidate]
    ) -> CorpusResult {
        let table = TopicTableBuilder(points: points, corpus: corpus, grouping: grouping).table(
            model: model, chosenBy: chosenBy, seed: seed, candidates: candidates)
        var perRecord = [AnalysisValue](repeating: .json(.null), count: corpus.records.count)
        if let grouping {
            let byID = Dictionary(table.topics.map { ($0.id, $0.label) }, uniquingKeysWith: { a, _ in a })
            for (p, record) in points.records.enumerated() {
                let id = grouping.topicID(of: p)
                perRecord[record] = .topic(
                    TopicAssignment(id: id, label: byID[id] ?? "outliers", score: (Double(grouping.similarity[p]) * 10000).rounded() / 10000))
            }
        }
        let json = (try? JSONEncoder().encode(table)).flatMap { try? JSONParser.parse([UInt8]($0)) } ?? .null
        return CorpusResult(summary: json, reportSection: TopicReport.markdown(table), perRecord: perRecord)
    }
}
