/// How a numeric rating column (stars, a score) agrees with the sentiment of the text: the
/// cross-table of rating × sentiment label, and the records where they disagree most — where the
/// sentiment model is wrong, or the customer sarcastic.
public struct RatingAgreement: Sendable, Codable, Hashable {
    /// The rating column's name as the file spells it.
    public var column: String
    /// Whether it was named (`--rating`) rather than detected.
    public var named: Bool
    /// The sentiment analyzer compared with it.
    public var analyzer: String
    /// The lowest and highest rating seen: a rating is placed on −1…+1 between them.
    public var low: Double
    public var high: Double
    /// One row per rating value, lowest first.
    public var rows: [RatingRow]
    /// Ratings past the number of values counted apart, together; nil when there are none.
    public var other: RatingRow?
    /// Records without a numeric rating.
    public var noRating: Int
    /// Rated records without a sentiment label (of batches the analyzer failed on).
    public var noSentiment: Int
    /// The records whose sentiment score is furthest from their rating, furthest first.
    public var disagreements: [Disagreement]

    public init(
        column: String, named: Bool, analyzer: String, low: Double, high: Double, rows: [RatingRow], other: RatingRow?,
        noRating: Int, noSentiment: Int, disagreements: [Disagreement]
    ) {
        self.column = column
        self.named = named
        self.analyzer = analyzer
        self.low = low
        self.high = high
        self.rows = rows
        self.other = other
        self.noRating = noRating
        self.noSentiment = noSentiment
        self.disagreements = disagreements
    }

    /// A rating placed on −1…+1 over the observed range (0 when every rating is the same).
    public static func normalised(_ rating: Double, low: Double, high: Double) -> Double {
        high > low ? 2 * (min(max(rating, low), high) - low) / (high - low) - 1 : 0
    }
}

/// The records of one rating value and their sentiment labels.
public struct RatingRow: Sendable, Codable, Hashable {
    /// The rating as the data wrote it (`other` for the row of the rest).
    public var rating: String
    public var records: Int
    /// Sentiment label counts, most frequent first.
    public var counts: [LabelCount]
    /// The mean sentiment score.
    public var meanScore: Double

    public init(rating: String, records: Int, counts: [LabelCount], meanScore: Double) {
        self.rating = rating
        self.records = records
        self.counts = counts
        self.meanScore = meanScore
    }

    /// How many of its records got `label`.
    public func count(_ label: String) -> Int { counts.first { $0.label == label }?.count ?? 0 }
}

/// A record whose rating and sentiment disagree.
public struct Disagreement: Sendable, Codable, Hashable {
    public var id: String
    /// The rating as the data wrote it.
    public var rating: String
    public var label: String
    /// The sentiment score (−1…+1).
    public var score: Double
    /// The rating placed on −1…+1 (`RatingAgreement.normalised`).
    public var expected: Double
    /// The text, cut to about 200 characters.
    public var text: String

    public init(id: String, rating: String, label: String, score: Double, expected: Double, text: String) {
        self.id = id
        self.rating = rating
        self.label = label
        self.score = score
        self.expected = expected
        self.text = text
    }

    /// How far apart score and rating are (0…2).
    public var difference: Double { abs(score - expected) }
}
