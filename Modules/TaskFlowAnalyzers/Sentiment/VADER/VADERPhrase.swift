import Foundation

/// A two- or three-word phrase, identified by the phrase IDs of its words.
struct VADERPhrase: Sendable {
    var key: UInt32
    var value: Double

    @inline(__always)
    static func key(_ a: UInt8, _ b: UInt8) -> UInt32 {
        2 << 24 | UInt32(a) | UInt32(b) << 8
    }

    @inline(__always)
    static func key(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt32 {
        3 << 24 | UInt32(a) | UInt32(b) << 8 | UInt32(c) << 16
    }

    @inline(__always)
    static func value(of key: UInt32, in phrases: [VADERPhrase]) -> Double? {
        // Words outside every phrase have ID 0, which no phrase key contains.
        for phrase in phrases where phrase.key == key { return phrase.value }
        return nil
    }
}
