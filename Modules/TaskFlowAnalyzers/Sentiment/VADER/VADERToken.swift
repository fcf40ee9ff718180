import Foundation

/// Everything the rules need to know about one word of the text.
struct VADERToken {
    static let inLexicon: UInt8 = 1
    static let booster: UInt8 = 2
    static let dampener: UInt8 = 4
    static let negation: UInt8 = 8
    static let upper: UInt8 = 16

    var valence = 0.0
    var flags: UInt8 = 0
    var word = VADERWord.other
    var phraseID: UInt8 = 0

    var inLexicon: Bool { flags & Self.inLexicon != 0 }
    var isBooster: Bool { flags & Self.booster != 0 }
    var isNegation: Bool { flags & Self.negation != 0 }
    var isUpper: Bool { flags & Self.upper != 0 }
    /// The booster's unsigned effect; meaningful only when `isBooster`.
    var booster: Double {
        flags & Self.dampener != 0 ? VADERRules.boosterDecrement : VADERRules.boosterIncrement
    }

    @inline(__always)
    mutating func absorb(_ entry: VADERWordTable.Entry) {
        valence = entry.valence
        flags |= entry.flags
        word = entry.word
        phraseID = entry.phraseID
    }
}
