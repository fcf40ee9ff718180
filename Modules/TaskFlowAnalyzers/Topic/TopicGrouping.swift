import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// The records a topic analyzer can place: those with an embedding, in canonical order (by text,
/// then id), as unit vectors.
struct TopicPoints {
    /// Per point, the index of its record in the corpus.
    let records: [Int]
    /// `count × dimensions`, unit length, row-major.
    let vectors: [Float]
    let dimensions: Int
    var count: Int { records.count }

    /// - Throws: `TaskFlowFailure` when the run computed no such feature at all.
    init(corpus: Corpus, request: FeatureRequest) throws {
        guard let values = corpus.features[request] else {
            throw TaskFlowFailure(
                "missing-feature", "the topic analyzer got no \(request) values for this run",
                hint: "run it in a TaskFlow pipeline, which computes the feature for every record")
        }
        var dims = 0
        var usable: [Int] = []
        for (i, v) in values.enumerated() where i < corpus.records.count {
            guard case .embedding(let e) = v, !e.isEmpty else { continue }
            if dims == 0 { dims = e.count }
            if e.count == dims { usable.append(i) }
        }
        let records = corpus.records
        usable.sort { a, b in
            let (x, y) = (records[a], records[b])
            if x.text != y.text { return x.text < y.text }
            if x.id != y.id { return x.id < y.id }
            return a < b
        }
        var vectors = [Float](repeating: 0, count: usable.count * dims)
        for (p, i) in usable.enumerated() {
            guard case .embedding(let e) = values[i] else { continue }
            for t in 0..<dims { vectors[p * dims + t] = e[t] }
        }
        VectorMath.normalizeRows(&vectors, dimensions: dims)
        self.records = usable
        self.vectors = vectors
        self.dimensions = dims
    }
}

/// Which topic each point is in, once outliers are set apart and topics are numbered.
struct Grouping {
    /// Per point, its cluster (`0..<k`), or −1 for an outlier.
    var assignment: [Int]
    /// Per point, its similarity to its cluster's centre (the nearest one for outliers).
    var similarity: [Float]
    /// `k × d` unit centres.
    var centroids: [Float]
    let k: Int
    /// Per cluster, its topic id (−1 when the whole cluster went to the outliers).
    var ids: [Int]
    /// Topic ids and labels kept from an earlier run, per cluster.
    var fixedIDs: [Int]?
    var fixedLabels: [(label: String, keywords: [String])]?

    init(assignment: [Int], similarity: [Float], centroids: [Float], k: Int) {
        self.assignment = assignment
        self.similarity = similarity
        self.centroids = centroids
        self.k = k
        ids = Array(0..<k)
    }

    func topicID(of point: Int) -> Int {
        let c = assignment[point]
        guard c >= 0 else { return -1 }
        return fixedIDs?[c] ?? ids[c]
    }

    /// Sets outliers apart — records less similar than `outlier` to their centre, then whole
    /// clusters smaller than `minSize` or with a mean similarity under half the median
    /// cluster's — and numbers the rest by size (largest 0; ties by centre order).
    func settled(minSize: Int, outlier: Float) -> Grouping {
        var g = self
        for i in g.assignment.indices where g.similarity[i] < outlier { g.assignment[i] = -1 }
        var sizes = [Int](repeating: 0, count: k)
        var sums = [Double](repeating: 0, count: k)
        for (i, c) in g.assignment.enumerated() where c >= 0 {
            sizes[c] += 1
            sums[c] += Double(g.similarity[i])
        }
        let means = (0..<k).map { sizes[$0] > 0 ? sums[$0] / Double(sizes[$0]) : 0 }
        let sorted = (0..<k).filter { sizes[$0] > 0 }.map { means[$0] }.sorted()
        let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        var dropped = Set<Int>()
        for c in 0..<k where sizes[c] < minSize || means[c] < median / 2 {
            // A single topic is never dropped for being small: the data is small.
            if k > 1 { dropped.insert(c) }
        }
        for i in g.assignment.indices where g.assignment[i] >= 0 && dropped.contains(g.assignment[i]) { g.assignment[i] = -1 }
        let kept = (0..<k).filter { !dropped.contains($0) && sizes[$0] > 0 }.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        g.ids = Array(repeating: -1, count: k)
        for (id, c) in kept.enumerated() { g.ids[c] = id }
        for i in g.assignment.indices where g.assignment[i] >= 0 && g.ids[g.assignment[i]] < 0 { g.assignment[i] = -1 }
        return g
    }
}
