import Foundation
import TaskFlowAnalyzers
import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// The records of a dataset with their sentence embeddings, for nearest-neighbour search.
///
/// Search is exact: one product of the query with every vector (BLAS), then the best N — about
/// a millisecond per 100,000 vectors of 384 floats (`tf bench topic` measures a million).
public struct SimilarityIndex: Sendable {
    public let model: String
    public let ids: [String]
    public let texts: [String]
    /// `count × dimensions`, unit length, row-major.
    let vectors: [Float]
    public let dimensions: Int
    public var count: Int { ids.count }

    public init(model: String, ids: [String], texts: [String], vectors: [Float], dimensions: Int) {
        var v = vectors
        VectorMath.normalizeRows(&v, dimensions: dimensions)
        self.model = model
        self.ids = ids
        self.texts = texts
        self.vectors = v
        self.dimensions = dimensions
    }

    /// The vector of the record with `id`, or nil.
    public func vector(of id: String) -> [Float]? {
        guard let i = ids.firstIndex(of: id) else { return nil }
        return Array(vectors[(i * dimensions)..<((i + 1) * dimensions)])
    }

    /// The `limit` records most similar (cosine) to `query`, best first; ties by position.
    /// `excluding` leaves out one record id (the query's own record).
    public func nearest(to query: [Float], limit: Int, excluding: String? = nil) -> [SimilarRecord] {
        guard count > 0, query.count == dimensions, limit > 0 else { return [] }
        var q = query
        VectorMath.normalizeRows(&q, dimensions: dimensions)
        var scores = [Float](repeating: 0, count: count)
        vectors.withUnsafeBufferPointer { v in
            q.withUnsafeBufferPointer { qp in
                scores.withUnsafeMutableBufferPointer { out in
                    VectorMath.dotProducts(v, rows: count, qp, rows: 1, dimensions: dimensions, into: out)
                }
            }
        }
        // A small sorted list of the best so far: N is small next to the records.
        var best: [(score: Float, index: Int)] = []
        let want = min(limit, count)
        for (i, s) in scores.enumerated() {
            if best.count == want, let last = best.last, s <= last.score { continue }
            if let excluding, ids[i] == excluding { continue }
            let at = best.firstIndex { s > $0.score } ?? best.count
            best.insert((s, i), at: at)
            if best.count > want { best.removeLast() }
        }
        return best.map { SimilarRecord(id: ids[$0.index], text: texts[$0.index], score: Double($0.score)) }
    }
}

/// A record found by a similarity search.
public struct SimilarRecord: Sendable, Hashable {
    public var id: String
    public var text: String
    /// Cosine similarity to the query.
    public var score: Double
}

extension Workspace {
    /// Embeds every record of a dataset through the run path (stored, and served from the
    /// content cache when a run embedded them already) into a similarity index.
    ///
    /// - Throws: what reading or embedding throws (a missing model names `tf models pull`).
    public func similarityIndex(
        source: DatasetSource, model: String = TopicClusterAnalyzer.defaultModel, device: String = "cpu", threads: Int? = nil
    ) async throws -> SimilarityIndex {
        var source = source
        source.columns = ColumnSelection.none
        let handle = try startEmbedding(source: source, model: model, device: device, threads: threads, batchSize: 256)
        var ids: [String] = []
        var texts: [String] = []
        var vectors: [Float] = []
        var dimensions = 0
        for try await event in handle.events {
            guard case .batch(let b) = event else {
                if case .finished(let s) = event, s.status != .completed {
                    throw TaskFlowFailure("embedding-failed", "embedding \(source.path) ended \(s.status.rawValue): \(s.error ?? "")")
                }
                continue
            }
            guard let values = b.results.first?.values, b.results.first?.failure == nil else {
                throw TaskFlowFailure(
                    "embedding-failed", "embedding batch \(b.index + 1) of \(source.path) failed: \(b.results.first?.failure ?? "no vectors")")
            }
            for (record, value) in zip(b.records, values) {
                guard case .embedding(let v) = value, !v.isEmpty else { continue }
                if dimensions == 0 { dimensions = v.count }
                guard v.count == dimensions else { continue }
                ids.append(record.id)
                texts.append(record.text)
                vectors += v
            }
        }
        return SimilarityIndex(model: model, ids: ids, texts: texts, vectors: vectors, dimensions: dimensions)
    }

    /// The embedding of one text by `model` (not cached: one text costs milliseconds).
    public func embedding(of text: String, model: String, threads: Int = 1) async throws -> [Float] {
        let context = AnalyzerContext(device: "cpu", threads: threads, homeDirectory: home.path)
        let extractor = try EmbeddingFeatureExtractor(model: model, context: context)
        guard case .embedding(let v) = try await extractor.extract([Record(id: "query", text: text)], context: context).first else {
            throw TaskFlowFailure("embedding-failed", "\(model) gave no embedding for the query", hint: "check the model with tf models list")
        }
        return v
    }
}
