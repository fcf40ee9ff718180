import TaskFlowInference

/// k-means on unit vectors with cosine similarity (spherical k-means): k-means++ seeding from a
/// seeded generator, then Lloyd steps whose centroids are the normalised means of their members,
/// until at most one point in a thousand moves.
///
/// Similarities are computed a block of rows at a time (`blockRows × k` floats), so memory stays
/// `n × d` for the points plus small blocks — never `n × n`.
struct SphericalKMeans {
    /// `count × dimensions` unit vectors, row-major.
    let points: [Float]
    let count: Int
    let dimensions: Int
    var maxIterations = 40
    let blockRows = 4096

    struct Clustering {
        var k: Int
        /// Per point, its cluster.
        var assignment: [Int]
        /// Per point, its similarity to its cluster's centroid.
        var similarity: [Float]
        /// `k × dimensions` unit centroids.
        var centroids: [Float]
        /// Sum of the points' similarities to their centroids (higher is better).
        var objective: Double
    }

    /// The best of `restarts` clusterings into `k` groups (seeds drawn from `seed`).
    func cluster(k: Int, seed: UInt64, restarts: Int) -> Clustering {
        var rng = SplitMix64(seed: seed)
        var best: Clustering?
        for _ in 0..<max(1, restarts) {
            let c = lloyd(initial: seeds(k: k, seed: rng.next()))
            if best == nil || c.objective > best!.objective + 1e-9 { best = c }
        }
        return best!
    }

    /// Assigns every point to the nearest of the given unit `centroids` (`k × dimensions`).
    func assign(centroids: [Float], k: Int) -> (assignment: [Int], similarity: [Float]) {
        var assignment = [Int](repeating: 0, count: count)
        var similarity = [Float](repeating: -2, count: count)
        var block = [Float](repeating: 0, count: blockRows * k)
        points.withUnsafeBufferPointer { p in
            centroids.withUnsafeBufferPointer { c in
                block.withUnsafeMutableBufferPointer { s in
                    var r0 = 0
                    while r0 < count {
                        let rows = min(blockRows, count - r0)
                        VectorMath.dotProducts(
                            UnsafeBufferPointer(rebasing: p[(r0 * dimensions)...]), rows: rows, c, rows: k, dimensions: dimensions,
                            into: s)
                        for i in 0..<rows {
                            var bestJ = 0
                            var bestS = s[i * k]
                            for j in 1..<max(1, k) where s[i * k + j] > bestS {
                                bestS = s[i * k + j]
                                bestJ = j
                            }
                            assignment[r0 + i] = bestJ
                            similarity[r0 + i] = bestS
                        }
                        r0 += rows
                    }
                }
            }
        }
        return (assignment, similarity)
    }

    /// Lloyd steps from `initial` centroids until no point moves (or `maxIterations`).
    private func lloyd(initial: [Float]) -> Clustering {
        let k = initial.count / dimensions
        var centroids = initial
        var (assignment, similarity) = assign(centroids: centroids, k: k)
        for _ in 0..<maxIterations {
            centroids = means(assignment: assignment, similarity: similarity, k: k)
            let (next, nextSimilarity) = assign(centroids: centroids, k: k)
            var moved = 0
            for i in 0..<count where next[i] != assignment[i] { moved += 1 }
            assignment = next
            similarity = nextSimilarity
            // Settled: at most one point in a thousand still moves.
            if moved * 1000 <= count { break }
        }
        let objective = similarity.reduce(0.0) { $0 + Double($1) }
        return Clustering(k: k, assignment: assignment, similarity: similarity, centroids: centroids, objective: objective)
    }

    /// The normalised mean of each cluster's members; an empty cluster takes the point that is
    /// least similar to its own centroid (deterministic: the first such point).
    func means(assignment: [Int], similarity: [Float], k: Int) -> [Float] {
        var sums = [Float](repeating: 0, count: k * dimensions)
        var sizes = [Int](repeating: 0, count: k)
        let d = dimensions
        points.withUnsafeBufferPointer { p in
            sums.withUnsafeMutableBufferPointer { out in
                for i in 0..<count {
                    let j = assignment[i]
                    sizes[j] += 1
                    let row = p.baseAddress! + i * d
                    let sum = out.baseAddress! + j * d
                    for t in 0..<d { sum[t] += row[t] }
                }
            }
        }
        var taken = Set<Int>()
        for j in 0..<k where sizes[j] == 0 {
            var worst = -1
            for i in 0..<count where !taken.contains(i) && (worst < 0 || similarity[i] < similarity[worst]) { worst = i }
            guard worst >= 0 else { continue }
            taken.insert(worst)
            for t in 0..<d { sums[j * d + t] = points[worst * d + t] }
        }
        VectorMath.normalizeRows(&sums, dimensions: d)
        return sums
    }

    /// k-means++: the first centre uniformly, each next one with probability proportional to
    /// the squared cosine distance to the nearest centre so far.
    private func seeds(k: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        var centres: [Int] = [Int(rng.next() % UInt64(count))]
        var nearest = [Float](repeating: .infinity, count: count)
        var dots = [Float](repeating: 0, count: count)
        while centres.count < k {
            let c = centres[centres.count - 1]
            var total = 0.0
            points.withUnsafeBufferPointer { p in
                dots.withUnsafeMutableBufferPointer { out in
                    VectorMath.dotProducts(
                        p, rows: count, UnsafeBufferPointer(rebasing: p[(c * dimensions)..<((c + 1) * dimensions)]), rows: 1,
                        dimensions: dimensions, into: out)
                }
            }
            for i in 0..<count {
                let d = max(0, 1 - dots[i])
                if d * d < nearest[i] { nearest[i] = d * d }
                total += Double(nearest[i])
            }
            var next = -1
            if total > 0 {
                var target = Double(rng.nextUnit()) * total
                for i in 0..<count {
                    target -= Double(nearest[i])
                    if target < 0, nearest[i] > 0 {
                        next = i
                        break
                    }
                }
                if next < 0 { next = (0..<count).last { nearest[$0] > 0 } ?? -1 }
            }
            // Every point sits on a centre already: repeat one (its cluster stays empty and is refilled).
            centres.append(next >= 0 ? next : centres[0])
        }
        var out = [Float](repeating: 0, count: k * dimensions)
        for (j, c) in centres.enumerated() {
            for t in 0..<dimensions { out[j * dimensions + t] = points[c * dimensions + t] }
        }
        return out
    }
}

/// Mean silhouette of a clustering of a few thousand points with cosine distance, from their
/// pairwise similarities (computed once and reused for every k).
struct Silhouette {
    let count: Int
    /// `count × count` cosine similarities.
    let similarities: [Float]

    init(points: [Float], count: Int, dimensions: Int) {
        self.count = count
        var s = [Float](repeating: 0, count: count * count)
        points.withUnsafeBufferPointer { p in
            s.withUnsafeMutableBufferPointer { out in
                VectorMath.dotProducts(p, rows: count, p, rows: count, dimensions: dimensions, into: out)
            }
        }
        similarities = s
    }

    /// The mean silhouette of `assignment` (one cluster per point, `0..<k`); a point alone in
    /// its cluster scores 0.
    func score(_ assignment: [Int], k: Int) -> Double {
        guard k > 1, count > 1 else { return 0 }
        var sizes = [Int](repeating: 0, count: k)
        for a in assignment { sizes[a] += 1 }
        var total = 0.0
        var sums = [Double](repeating: 0, count: k)
        for i in 0..<count {
            for j in 0..<k { sums[j] = 0 }
            for t in 0..<count { sums[assignment[t]] += Double(1 - similarities[i * count + t]) }
            let own = assignment[i]
            guard sizes[own] > 1 else { continue }
            let a = sums[own] / Double(sizes[own] - 1)
            var b = Double.infinity
            for j in 0..<k where j != own && sizes[j] > 0 { b = min(b, sums[j] / Double(sizes[j])) }
            guard b.isFinite else { continue }
            let m = max(a, b)
            if m > 0 { total += (b - a) / m }
        }
        return total / Double(count)
    }
}
