import Foundation
import TaskFlowAnalyzers
import TaskFlowCore
import TaskFlowLLM
import TaskFlowPluginAPI

extension Evaluations {
    /// `tf eval semantic-cache --data pairs.jsonl [--set llm.semantic-cache=0.95]`: the semantic
    /// cache's decisions on labelled prompt pairs (`{"a","b","expect":"hit"|"miss","kind"}`),
    /// with all-MiniLM-L6-v2 embeddings: the hit rate on pairs that should hit, the false-hit
    /// rate on near-misses that must not (per kind: number, negation, entity, unrelated), with
    /// the guard and, for comparison, by similarity alone.
    func semanticCache(_ workspace: Workspace) async throws {
        guard let bytes = FileManager.default.contents(atPath: data) else {
            throw TaskFlowFailure(
                "missing-data", "cannot read \(data)", hint: "give a JSONL file of {\"a\",\"b\",\"expect\",\"kind\"} pairs with --data",
                exitCode: 2)
        }
        var pairs: [(a: String, b: String, hit: Bool, kind: String)] = []
        for (n, line) in String(decoding: bytes, as: UTF8.self).split(separator: "\n").enumerated() {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard !t.isEmpty else { continue }
            guard let j = try? JSONParser.parse(t), let a = j["a"]?.stringValue, let b = j["b"]?.stringValue,
                let expect = j["expect"]?.stringValue, expect == "hit" || expect == "miss"
            else {
                throw TaskFlowFailure(
                    "bad-data", "\(data) line \(n + 1) is not a pair {\"a\",\"b\",\"expect\":\"hit\"|\"miss\"}",
                    hint: "fix or remove that line", exitCode: 2)
            }
            pairs.append((a, b, expect == "hit", j["kind"]?.stringValue ?? (expect == "hit" ? "paraphrase" : "miss")))
        }
        guard !pairs.isEmpty else { throw TaskFlowFailure("empty-data", "\(data) has no pairs", exitCode: 2) }
        let options = try workspace.parseAssignments(assignments)
        let threshold = options["llm"]?["semantic-cache"].flatMap(Double.init) ?? 0.95
        let embed = try workspace.promptEmbedder(threads: nil)
        let texts = pairs.flatMap { [$0.a, $0.b] }
        var vectors: [[Float]] = []
        for start in stride(from: 0, to: texts.count, by: 64) {
            vectors += try await embed(Array(texts[start..<min(texts.count, start + 64)]))
        }
        let cache = SemanticLLMCache(threshold: threshold, store: nil, embed: embed)
        var tally: [String: (n: Int, guarded: Int, similarityOnly: Int)] = [:]
        for (i, p) in pairs.enumerated() {
            let s = SemanticLLMCache.cosine(vectors[2 * i], vectors[2 * i + 1])
            let decision = await cache.decide(p.a, p.b, similarity: s)
            var hit = false
            if case .hit = decision { hit = true }
            var t = tally[p.kind] ?? (0, 0, 0)
            t.n += 1
            if hit { t.guarded += 1 }
            if s >= threshold { t.similarityOnly += 1 }
            tally[p.kind] = t
        }
        func pct(_ k: Int, _ n: Int) -> String { String(format: "%.1f%% (%d of %d)", n > 0 ? 100 * Double(k) / Double(n) : 0, k, n) }
        emit("semantic_cache.threshold: \(threshold)")
        emit("semantic_cache.model: \(TopicClusterAnalyzer.defaultModel)")
        let hits = pairs.filter(\.hit).map(\.kind)
        let misses = pairs.filter { !$0.hit }.map(\.kind)
        let hitKinds = Set(hits)
        let missKinds = Set(misses)
        let h = hitKinds.reduce((0, 0, 0)) { acc, k in let t = tally[k]!; return (acc.0 + t.n, acc.1 + t.guarded, acc.2 + t.similarityOnly) }
        let m = missKinds.reduce((0, 0, 0)) { acc, k in let t = tally[k]!; return (acc.0 + t.n, acc.1 + t.guarded, acc.2 + t.similarityOnly) }
        emit("semantic_cache.hit_rate: " + pct(h.1, h.0) + " of the pairs that should hit")
        emit("semantic_cache.false_hit_rate: " + pct(m.1, m.0) + " of the near-misses that must not")
        emit("semantic_cache.similarity_only.hit_rate: " + pct(h.2, h.0))
        emit("semantic_cache.similarity_only.false_hit_rate: " + pct(m.2, m.0))
        for k in missKinds.sorted() {
            let t = tally[k]!
            emit("semantic_cache.false_hit_rate.\(k): " + pct(t.guarded, t.n) + "; by similarity alone " + pct(t.similarityOnly, t.n))
        }
    }
}

