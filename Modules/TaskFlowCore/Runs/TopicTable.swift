import Foundation

/// The topics a topic analyzer found in a run: what `topic.cluster` stores as its findings and
/// what the summary, the REPL and the reports show.
public struct TopicTable: Sendable, Codable, Hashable {
    /// The embedding model the topics were found in.
    public var model: String
    /// How the records were grouped, in words (`spherical k-means`).
    public var method: String
    /// How many topics (outliers not counted).
    public var k: Int
    /// How `k` was settled: `silhouette`, `fixed`, or `run N` when the topics came from an earlier run.
    public var chosenBy: String
    /// The seed of every random choice.
    public var seed: UInt64
    /// The silhouette of each k tried, when k was chosen by it.
    public var candidates: [TopicCandidate]
    public var records: Int
    /// Records in no topic (id −1): far from every topic, or in a group too small or too diffuse.
    public var outliers: Int
    /// Biggest first; the outlier topic (id −1) last when there is one.
    public var topics: [TopicRow]

    public init(
        model: String, method: String, k: Int, chosenBy: String, seed: UInt64, candidates: [TopicCandidate], records: Int,
        outliers: Int, topics: [TopicRow]
    ) {
        self.model = model
        self.method = method
        self.k = k
        self.chosenBy = chosenBy
        self.seed = seed
        self.candidates = candidates
        self.records = records
        self.outliers = outliers
        self.topics = topics
    }

    /// The table a corpus finding holds, or nil when it holds another kind of finding.
    public init?(findings: CorpusFindings) {
        guard findings.summary.contains("\"topics\""),
            let table = try? JSONDecoder().decode(TopicTable.self, from: Data(findings.summary.utf8))
        else { return nil }
        self = table
    }
}

/// One k tried and its mean silhouette on the sample.
public struct TopicCandidate: Sendable, Codable, Hashable {
    public var k: Int
    public var silhouette: Double

    public init(k: Int, silhouette: Double) {
        self.k = k
        self.silhouette = silhouette
    }
}

/// One topic: its words, size, how its records feel, and the records that show it best.
public struct TopicRow: Sendable, Codable, Hashable {
    /// 0, 1, … by size; −1 for the outliers.
    public var id: Int
    /// Three to five of its keywords: `battery · charge · dies`.
    public var label: String
    public var keywords: [String]
    public var size: Int
    /// Of all records.
    public var share: Double
    /// The mean sentiment score and label shares of its records, when sentiment ran.
    public var sentiment: TopicSentiment?
    /// The most frequent emotion label of its records, when emotion ran.
    public var emotion: String?
    /// The records nearest its centre.
    public var representatives: [TopicExample]
    /// The unit centre in the embedding space, as base64 of little-endian float32 (what a later
    /// run assigns new records by); nil for the outliers.
    public var centroid: String?

    public init(
        id: Int, label: String, keywords: [String], size: Int, share: Double, sentiment: TopicSentiment?, emotion: String?,
        representatives: [TopicExample], centroid: String?
    ) {
        self.id = id
        self.label = label
        self.keywords = keywords
        self.size = size
        self.share = share
        self.sentiment = sentiment
        self.emotion = emotion
        self.representatives = representatives
        self.centroid = centroid
    }
}

/// The sentiment of a topic's records.
public struct TopicSentiment: Sendable, Codable, Hashable {
    /// Mean `score` (in [−1, 1]).
    public var mean: Double
    public var positive: Double
    public var neutral: Double
    public var negative: Double

    public init(mean: Double, positive: Double, neutral: Double, negative: Double) {
        self.mean = mean
        self.positive = positive
        self.neutral = neutral
        self.negative = negative
    }
}

/// A record that shows a topic: its id, text (cut to 200 characters) and similarity to the centre.
public struct TopicExample: Sendable, Codable, Hashable {
    public var id: String
    public var text: String
    public var score: Double

    public init(id: String, text: String, score: Double) {
        self.id = id
        self.text = text
        self.score = score
    }
}
