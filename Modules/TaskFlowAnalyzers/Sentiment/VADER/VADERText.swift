import Foundation

/// Byte- and scalar-level helpers that follow Python's `str` semantics.
enum VADERText {
    /// Python's `str.isspace()` for an ASCII byte: tab to carriage return, 0x1C–0x1F, space.
    @inline(__always)
    static func isASCIIWhitespace(_ b: UInt8) -> Bool {
        b <= 0x20 && (0x1_F000_3E00 as UInt64) >> UInt64(b) & 1 != 0
    }

    /// Python's `str.isspace()` for any code point (Unicode 14, as in Python 3.11).
    @inline(__always)
    static func isPythonWhitespace(_ value: UInt32) -> Bool {
        if value < 0x80 { return isASCIIWhitespace(UInt8(value)) }
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        isPythonWhitespace(scalar.value)
    }

    static func trimmingPythonWhitespace(_ s: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        var s = s
        while let first = s.first, isPythonWhitespace(first) { s.removeFirst() }
        while let last = s.last, isPythonWhitespace(last) { s.removeLast() }
        return s
    }

    /// Python's `string.punctuation`: the 32 ASCII punctuation characters.
    @inline(__always)
    static func isASCIIPunctuation(_ b: UInt8) -> Bool {
        b &- 0x21 < 15 || b &- 0x3A < 7 || b &- 0x5B < 6 || b &- 0x7B < 4
    }

    /// Decodes the scalar starting at `i`; malformed bytes decode as themselves, width 1.
    @inline(__always)
    static func decode(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(text[i])
        let n = text.count
        if b0 < 0x80 { return (b0, 1) }
        if b0 >= 0xC0 && b0 < 0xE0 && i + 1 < n {
            return ((b0 & 0x1F) << 6 | UInt32(text[i + 1] & 0x3F), 2)
        }
        if b0 >= 0xE0 && b0 < 0xF0 && i + 2 < n {
            return ((b0 & 0x0F) << 12 | UInt32(text[i + 1] & 0x3F) << 6 | UInt32(text[i + 2] & 0x3F), 3)
        }
        if b0 >= 0xF0 && i + 3 < n {
            let value = (b0 & 0x07) << 18 | UInt32(text[i + 1] & 0x3F) << 12
                | UInt32(text[i + 2] & 0x3F) << 6 | UInt32(text[i + 3] & 0x3F)
            return (value, 4)
        }
        return (b0, 1)
    }

    /// Python's `str.isupper()`: at least one cased character and none lower- or titlecase.
    static func isUppercase(_ scalars: [Unicode.Scalar]) -> Bool {
        var cased = false
        for scalar in scalars {
            let properties = scalar.properties
            if properties.isLowercase || properties.generalCategory == .titlecaseLetter { return false }
            if properties.isUppercase { cased = true }
        }
        return cased
    }

    /// UTF-8 of Python's `str.lower()`, including the final-sigma rule.
    static func lowercasedUTF8(_ scalars: [Unicode.Scalar]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 2)
        for (i, scalar) in scalars.enumerated() {
            if scalar.isASCII {
                let b = UInt8(scalar.value)
                bytes.append(b &- 0x41 < 26 ? b | 0x20 : b)
            } else if scalar.value == 0x3A3 {
                let final: Unicode.Scalar = isFinalSigma(scalars, i) ? "\u{3C2}" : "\u{3C3}"
                bytes.append(contentsOf: String(final).utf8)
            } else if scalar.properties.changesWhenLowercased {
                bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            } else {
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        return bytes
    }

    /// Whether the capital sigma at `i` ends a word (cased letter before, none after).
    private static func isFinalSigma(_ scalars: [Unicode.Scalar], _ i: Int) -> Bool {
        var j = i - 1
        while j >= 0 && scalars[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0 && scalars[j].properties.isCased else { return false }
        j = i + 1
        while j < scalars.count && scalars[j].properties.isCaseIgnorable { j += 1 }
        return j == scalars.count || !scalars[j].properties.isCased
    }

    static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x0101_0101_0101_0101

    /// Up to 16 bytes from `p` as two little-endian words, zero beyond `count`.
    ///
    /// Reads whole words when `readable` bytes allow it and masks off the excess.
    @inline(__always)
    static func load16(_ p: UnsafePointer<UInt8>, count: Int, readable: Int) -> (UInt64, UInt64) {
        @inline(__always)
        func load8(_ q: UnsafePointer<UInt8>, _ n: Int, _ readable: Int) -> UInt64 {
            if n <= 0 { return 0 }
            if readable >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(q).loadUnaligned(as: UInt64.self))
                return n >= 8 ? word : word & ((1 << UInt64(n &* 8)) &- 1)
            }
            var word: UInt64 = 0
            for k in 0..<min(n, 8) { word |= UInt64(q[k]) << UInt64(k &* 8) }
            return word
        }
        return (load8(p, count, readable), load8(p + 8, count &- 8, readable &- 8))
    }

    /// High bit set in each byte of `x` (all ASCII) that lies in `low...high`.
    @inline(__always)
    static func bytesInRange(_ x: UInt64, _ low: UInt8, _ high: UInt8) -> UInt64 {
        // For bytes below 0x80 neither addition carries into the next byte.
        let atLeastLow = x &+ lowBits &* UInt64(0x80 &- low)
        let aboveHigh = x &+ lowBits &* UInt64(0x7F &- high)
        return atLeastLow & ~aboveHigh & highBits
    }

    /// High bit set in each byte of `x` (all ASCII) that equals `byte`.
    @inline(__always)
    static func bytesEqual(_ x: UInt64, _ byte: UInt8) -> UInt64 {
        let diff = x ^ (lowBits &* UInt64(byte))
        return ~((diff & ~highBits) &+ ~highBits | diff) & highBits
    }

    /// Whether the lower-cased key bytes contain "n't".
    static func containsContraction(_ key: VADERWordTable.Key) -> Bool {
        guard key.length >= 3 else { return false }
        func byte(_ k: Int) -> UInt8 {
            UInt8(truncatingIfNeeded: (k < 8 ? key.word0 >> UInt64(k * 8) : key.word1 >> UInt64((k - 8) * 8)))
        }
        for k in 2..<key.length where byte(k) == 0x74 && byte(k - 1) == 0x27 && byte(k - 2) == 0x6E {
            return true
        }
        return false
    }

    /// Whether the (lower-cased) bytes contain "n't".
    static func containsContraction(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 3 else { return false }
        for k in 2..<bytes.count where bytes[k] == 0x74 && bytes[k - 1] == 0x27 && bytes[k - 2] == 0x6E {
            return true
        }
        return false
    }

    /// Sums the word valences into the rounded scores.
    static func summarise(_ sentiments: UnsafeBufferPointer<Double>, emphasis: Double) -> VADERScores {
        var total = 0.0
        var positive = 0.0
        var negative = 0.0
        var neutralCount = 0
        for value in sentiments {
            total += value
            if value > 0 {
                positive += value + 1  // + 1 weighs a sentiment word against neutral ones
            } else if value < 0 {
                negative += value - 1
            } else {
                neutralCount += 1
            }
        }
        if total > 0 {
            total += emphasis
        } else if total < 0 {
            total -= emphasis
        }
        var compound = total / (total * total + VADERRules.normalisationAlpha).squareRoot()
        compound = min(max(compound, -1), 1)

        if positive > abs(negative) {
            positive += emphasis
        } else if positive < abs(negative) {
            negative -= emphasis
        }
        let mass = positive + abs(negative) + Double(neutralCount)
        return VADERScores(
            neg: pythonRound(abs(negative / mass), scale: 1000),
            neu: pythonRound(abs(Double(neutralCount) / mass), scale: 1000),
            pos: pythonRound(abs(positive / mass), scale: 1000),
            compound: pythonRound(compound, scale: 10000)
        )
    }

    /// Python's `round(x, n)` for `scale` = 10ⁿ: round the exact binary value to n decimals,
    /// ties to even, then take the nearest double.
    @inline(__always)
    static func pythonRound(_ x: Double, scale: Double) -> Double {
        let magnitude = abs(x)
        let scaled = magnitude * scale
        guard scaled.isFinite, scaled < 0x1p52 else { return x }
        // scaled + error == magnitude * scale exactly.
        let error = (-scaled).addingProduct(magnitude, scale)
        let floor = scaled.rounded(.down)
        // Exact: both subtractions stay within a factor of two (or the result is far from 0).
        let distance = (scaled - floor) - 0.5
        var digits = floor
        if distance > 0 || (distance == 0 && error > 0) {
            digits += 1
        } else if distance == 0 && error == 0 && floor.truncatingRemainder(dividingBy: 2) != 0 {
            digits += 1
        }
        let rounded = digits / scale
        return x.sign == .minus ? -rounded : rounded
    }
}
