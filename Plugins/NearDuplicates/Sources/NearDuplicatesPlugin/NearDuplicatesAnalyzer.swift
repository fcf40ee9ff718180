import TaskFlowPluginAPI

/// Finds clusters of repeated or nearly repeated comments across a whole run (copy-pasted
/// complaints, templated reviews, bot floods) with MinHash and LSH.
public struct NearDuplicatesAnalyzer: CorpusAnalyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "duplicates.minhash", task: "duplicates", version: "1",
        summary: "Clusters of near-duplicate texts across the dataset (MinHash + LSH)",
        backend: "MinHash, 128 hashes, 32 bands, 5-character shingles",
        options: [
            OptionSpec(name: "threshold", summary: "estimated Jaccard similarity that makes two texts duplicates", defaultValue: .double(0.8)),
            OptionSpec(name: "show", summary: "clusters listed in the report", defaultValue: .int(10)),
        ])

    let threshold: Double
    let show: Int

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        threshold = options.double("threshold") ?? 0.8
        show = options.int("show") ?? 10
        guard threshold > 0, threshold <= 1 else {
            throw NearDuplicatesError(description: "duplicates.minhash.threshold must be in (0, 1], got \(threshold)")
        }
    }

    public func analyze(corpus: Corpus, context: AnalyzerContext) async throws -> CorpusResult {
        let clusters = MinHashIndex().clusters(corpus.records.map(\.text), threshold: threshold)
        var perRecord = [AnalysisValue](repeating: .json(.null), count: corpus.records.count)
        for (n, members) in clusters.enumerated() {
            for i in members {
                perRecord[i] = .json(.object([JSONField("cluster", .int(n + 1)), JSONField("size", .int(members.count))]))
            }
        }
        let duplicated = clusters.reduce(0) { $0 + $1.count }
        let summary = JSONValue.object([
            JSONField("clusters", .int(clusters.count)),
            JSONField("records_in_clusters", .int(duplicated)),
            JSONField("largest", .array(clusters.prefix(show).map { members in
                .object([
                    JSONField("size", .int(members.count)),
                    JSONField("ids", .array(members.map { .string(corpus.records[$0].id) })),
                    JSONField("text", .string(corpus.records[members[0]].text)),
                ])
            })),
        ])
        return CorpusResult(
            summary: summary, reportSection: Self.section(clusters, corpus: corpus, show: show, threshold: threshold),
            perRecord: perRecord)
    }

    static func section(_ clusters: [[Int]], corpus: Corpus, show: Int, threshold: Double) -> String {
        var md = "## Near-duplicates\n\n"
        if clusters.isEmpty {
            return md + "No near-duplicate texts (estimated similarity ≥ \(threshold)).\n\n"
        }
        let n = clusters.reduce(0) { $0 + $1.count }
        md += "\(clusters.count) cluster\(clusters.count == 1 ? "" : "s") holding \(n) of \(corpus.records.count) records "
        md += "(estimated similarity ≥ \(threshold)).\n\n| size | ids | example |\n|---:|---|---|\n"
        for members in clusters.prefix(show) {
            let ids = members.prefix(6).map { corpus.records[$0].id }.joined(separator: ", ") + (members.count > 6 ? ", …" : "")
            md += "| \(members.count) | \(Markdown.text(ids)) | \(Markdown.text(String(corpus.records[members[0]].text.prefix(160)))) |\n"
        }
        return md + "\n"
    }
}

struct NearDuplicatesError: Error, CustomStringConvertible {
    var description: String
}
