import Foundation
import TaskFlowAnalyzers
import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

extension Benchmarks {
    /// `tf bench topic [--n N]`: `topic.cluster` alone on N records (default 100,000) whose
    /// 384-float embeddings already exist — drawn around 12 hidden themes with noise, each theme
    /// with its own words — as after a run that cached them. Seconds, records/s, the k chosen
    /// and peak memory (target: 100,000 records in ≤ 60 s on two cores, no n × n matrix).
    func benchTopic() async throws {
        let n = count ?? 100_000
        let d = 384
        let themes = 12
        var rng = SplitMix64(seed: 11)
        var axes = [Float](repeating: 0, count: themes * d)
        for i in axes.indices { axes[i] = rng.nextUnit() - 0.5 }
        VectorMath.normalizeRows(&axes, dimensions: d)
        let words = (0..<themes).map { t in (0..<6).map { "w\(t)x\($0)" } }
        var records: [Record] = []
        var vectors: [AnalysisValue] = []
        records.reserveCapacity(n)
        vectors.reserveCapacity(n)
        for i in 0..<n {
            let t = Int(rng.next() % UInt64(themes))
            var v = [Float](repeating: 0, count: d)
            for j in 0..<d { v[j] = axes[t * d + j] + (rng.nextUnit() - 0.5) * 0.12 }
            vectors.append(.embedding(v))
            let text = (0..<8).map { _ in words[t][Int(rng.next() % 6)] }.joined(separator: " ") + " common words \(i)"
            records.append(Record(id: String(i + 1), text: text))
        }
        let corpus = Corpus(records: records, values: [:], features: [.embedding(model: "all-MiniLM-L6-v2"): vectors])
        let context = AnalyzerContext(device: "cpu", threads: threads, homeDirectory: NSTemporaryDirectory())
        let analyzer = try TopicClusterAnalyzer(options: AnalyzerOptions(), context: context)
        BLASInfo.setThreads(threads)
        let clock = ContinuousClock()
        let t0 = clock.now
        let result = try await analyzer.analyze(corpus: corpus, context: context)
        let seconds = (clock.now - t0).inSeconds
        let k = (try? JSONDecoder().decode(TopicTable.self, from: Data(result.summary.jsonString.utf8)))?.k ?? 0
        emit("input: \(n) synthetic records with 384-float embeddings around \(themes) themes")
        emit("topic.cluster.seconds: \(String(format: "%.2f", seconds)) s (\(n) records, threads \(threads), k \(k) chosen by silhouette)")
        emit("topic.cluster: \(Int(Double(n) / seconds)) records/s")
        emit("topic.cluster.memory.peak: \(Self.peakMegabytes()) MB (maxrss, embeddings included)")

        // Exact nearest-neighbour search (`similar`) over a million vectors.
        let m = 1_000_000
        var many = [Float](repeating: 0, count: m * d)
        for i in many.indices { many[i] = rng.nextUnit() - 0.5 }
        let index = SimilarityIndex(
            model: "synthetic", ids: (0..<m).map(String.init), texts: Array(repeating: "", count: m), vectors: many, dimensions: d)
        many = []
        let queries = 20
        let s0 = clock.now
        for q in 0..<queries { _ = index.nearest(to: index.vector(of: String(q * 997))!, limit: 10) }
        let perQuery = (clock.now - s0).inSeconds / Double(queries) * 1000
        emit("similar.exact.1000000: \(String(format: "%.1f", perQuery)) ms per query (1,000,000 vectors of 384 floats, top 10, threads \(threads))")
    }

    /// This process's peak resident memory, in MB.
    static func peakMegabytes(children: Bool = false) -> Int {
        var usage = rusage()
        #if os(Linux)
            getrusage(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue, &usage)
            return usage.ru_maxrss / 1024  // kilobytes on Linux
        #else
            getrusage(children ? RUSAGE_CHILDREN : RUSAGE_SELF, &usage)
            return usage.ru_maxrss / 1024 / 1024  // bytes on macOS
        #endif
    }
}
