import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// The topic table of a grouping: per topic its keywords, size, sentiment, emotion and the
/// records nearest its centre.
struct TopicTableBuilder {
    let points: TopicPoints
    let corpus: Corpus
    let grouping: Grouping?
    static let keywordCount = 8
    static let labelTerms = 3
    static let representatives = 3

    func table(model: String, chosenBy: String, seed: UInt64, candidates: [TopicCandidate]) -> TopicTable {
        guard let g = grouping else {
            return TopicTable(
                model: model, method: "spherical k-means", k: 0, chosenBy: chosenBy, seed: seed, candidates: candidates,
                records: points.count, outliers: 0, topics: [])
        }
        // Slot per cluster, plus one for the outliers.
        let slots = g.k + 1
        func slot(_ p: Int) -> Int { g.assignment[p] >= 0 ? g.assignment[p] : g.k }
        var members = [[Int]](repeating: [], count: slots)
        var terms = TopicTerms(topics: slots)
        for p in 0..<points.count {
            members[slot(p)].append(p)
            terms.add(corpus.records[points.records[p]].text, topic: slot(p))
        }
        let keywords = terms.keywords(limit: Self.keywordCount)
        let sentiment = corpus.values["sentiment"]
        let emotion = corpus.values["emotion"]
        var rows: [TopicRow] = []
        for s in 0..<slots where !members[s].isEmpty {
            let id = s == g.k ? -1 : (g.fixedIDs?[s] ?? g.ids[s])
            var words = keywords[s]
            var label = words.prefix(Self.labelTerms).joined(separator: " · ")
            if s < g.k, let fixed = g.fixedLabels?[s] {
                (label, words) = (fixed.label, fixed.keywords)
            }
            if s == g.k { label = "outliers" } else if label.isEmpty { label = "topic \(id)" }
            let nearest = members[s].sorted { g.similarity[$0] != g.similarity[$1] ? g.similarity[$0] > g.similarity[$1] : $0 < $1 }
            let examples = nearest.prefix(Self.representatives).map { p in
                let r = corpus.records[points.records[p]]
                return TopicExample(id: r.id, text: String(r.text.prefix(200)), score: Self.round(Double(g.similarity[p])))
            }
            let records = members[s].map { points.records[$0] }
            rows.append(
                TopicRow(
                    id: id, label: label, keywords: words, size: members[s].count,
                    share: Self.round(Double(members[s].count) / Double(max(1, corpus.records.count))),
                    sentiment: sentiment.flatMap { Self.sentiment(of: records, in: $0) },
                    emotion: emotion.flatMap { Self.dominant(of: records, in: $0) },
                    representatives: examples, centroid: s < g.k ? centroid(s, of: g) : nil))
        }
        rows.sort { a, b in (a.id < 0) != (b.id < 0) ? b.id < 0 : a.id < b.id }
        return TopicTable(
            model: model, method: "spherical k-means", k: rows.filter { $0.id >= 0 }.count, chosenBy: chosenBy, seed: seed,
            candidates: candidates, records: points.count, outliers: members[g.k].count, topics: rows)
    }

    private func centroid(_ c: Int, of g: Grouping) -> String {
        let d = points.dimensions
        var bytes = [UInt8]()
        bytes.reserveCapacity(d * 4)
        for t in 0..<d {
            withUnsafeBytes(of: g.centroids[c * d + t].bitPattern.littleEndian) { bytes += $0 }
        }
        return Data(bytes).base64EncodedString()
    }

    private static func sentiment(of records: [Int], in values: [AnalysisValue]) -> TopicSentiment? {
        var sum = 0.0
        var n = 0
        var labels: [String: Int] = [:]
        for r in records where r < values.count {
            guard case .classification(let c) = values[r] else { continue }
            sum += c.score
            n += 1
            labels[c.label, default: 0] += 1
        }
        guard n > 0 else { return nil }
        func share(_ l: String) -> Double { round(Double(labels[l] ?? 0) / Double(n)) }
        return TopicSentiment(mean: round(sum / Double(n)), positive: share("positive"), neutral: share("neutral"), negative: share("negative"))
    }

    private static func dominant(of records: [Int], in values: [AnalysisValue]) -> String? {
        var labels: [String: Int] = [:]
        for r in records where r < values.count {
            if case .classification(let c) = values[r] { labels[c.label, default: 0] += 1 }
        }
        return labels.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }

    static func round(_ x: Double) -> Double { (x * 10000).rounded() / 10000 }
}
