import Foundation

/// Maps single-code-point emoji to the UTF-8 bytes of their descriptions.
///
/// vaderSentiment replaces emoji one code point at a time, so lexicon entries made of
/// several code points (flags, keycaps, ZWJ sequences) never apply and are not stored.
struct VADEREmojiTable: Sendable {
    private static let empty = UInt32.max

    private let keys: [UInt32]
    /// Start and length of each description in `descriptionBytes`, parallel to `keys`.
    private let ranges: [(start: Int32, length: Int32)]
    private let descriptionBytes: [UInt8]
    private let mask: Int
    /// Smallest stored code point; anything below it is skipped without a probe.
    private let smallest: UInt32
    let count: Int

    init(_ pairs: [(emoji: String, description: String)]) {
        var latest: [UInt32: String] = [:]
        for (emoji, description) in pairs {
            let scalars = emoji.unicodeScalars
            guard scalars.count == 1, let scalar = scalars.first else { continue }
            latest[scalar.value] = description
        }
        var size = 16
        while size < latest.count * 2 { size *= 2 }
        var keys = [UInt32](repeating: Self.empty, count: size)
        var ranges = [(start: Int32, length: Int32)](repeating: (0, 0), count: size)
        var bytes: [UInt8] = []
        for (scalar, description) in latest.sorted(by: { $0.key < $1.key }) {
            var slot = Self.slot(of: scalar, mask: size - 1)
            while keys[slot] != Self.empty { slot = (slot + 1) & (size - 1) }
            keys[slot] = scalar
            ranges[slot] = (Int32(bytes.count), Int32(description.utf8.count))
            bytes.append(contentsOf: description.utf8)
        }
        self.keys = keys
        self.ranges = ranges
        self.descriptionBytes = bytes
        self.mask = size - 1
        self.smallest = latest.keys.min() ?? Self.empty
        self.count = latest.count
    }

    @inline(__always)
    private static func slot(of scalar: UInt32, mask: Int) -> Int {
        Int(truncatingIfNeeded: (scalar &* 0x9E37_79B1) >> 16) & mask
    }

    @inline(__always)
    private func find(_ scalar: UInt32) -> Int? {
        guard scalar >= smallest else { return nil }
        var slot = Self.slot(of: scalar, mask: mask)
        while true {
            let key = keys[slot]
            if key == scalar { return slot }
            if key == Self.empty { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// Whether `scalar` is replaced by a description.
    @inline(__always)
    func contains(_ scalar: UInt32) -> Bool {
        find(scalar) != nil
    }

    /// Whether some emoji entry is an ASCII character (never, in the shipped lexicon).
    var hasASCII: Bool { smallest < 0x80 }

    /// The text with every emoji replaced by its description.
    ///
    /// A description is preceded by a space unless the output so far ends in one (or is
    /// empty); nothing is added after it, exactly as vaderSentiment does.
    func replacingEmoji(in text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count + 64)
        var afterSpace = true
        var i = 0
        descriptionBytes.withUnsafeBufferPointer { descriptions in
            while i < text.count {
                let (scalar, width) = VADERText.decode(text, at: i)
                if let slot = find(scalar) {
                    if !afterSpace { output.append(0x20) }
                    let range = ranges[slot]
                    output.append(
                        contentsOf: UnsafeBufferPointer(
                            rebasing: descriptions[Int(range.start)..<Int(range.start + range.length)]))
                    afterSpace = false
                } else {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: text[i..<(i + width)]))
                    afterSpace = scalar == 0x20
                }
                i += width
            }
        }
        return output
    }
}
