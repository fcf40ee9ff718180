import Foundation

/// The four VADER scores of one text.
///
/// `neg`, `neu` and `pos` are the shares of the text's sentiment mass that are negative,
/// neutral and positive (rounded to 3 decimals); `compound` is the normalised sum of all
/// word valences in [-1, 1] (rounded to 4 decimals).
public struct VADERScores: Sendable, Equatable, Hashable, Codable {
    public var neg: Double
    public var neu: Double
    public var pos: Double
    public var compound: Double

    public init(neg: Double, neu: Double, pos: Double, compound: Double) {
        self.neg = neg
        self.neu = neu
        self.pos = pos
        self.compound = compound
    }

    /// The scores of a text without words: all zero.
    public static let zero = VADERScores(neg: 0, neu: 0, pos: 0, compound: 0)

    /// The conventional three-way label of a compound score.
    public enum Label: String, Sendable, Codable, CaseIterable {
        case negative, neutral, positive
    }

    /// `compound` at or above this is labelled positive.
    public static let positiveThreshold = 0.05
    /// `compound` at or below this is labelled negative.
    public static let negativeThreshold = -0.05

    /// The label for `compound`: ≥ 0.05 positive, ≤ -0.05 negative, otherwise neutral.
    public var label: Label {
        if compound >= Self.positiveThreshold { return .positive }
        if compound <= Self.negativeThreshold { return .negative }
        return .neutral
    }
}
