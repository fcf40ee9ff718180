/// The character classes YAKE's tokenizer and tags use.
enum YAKECharacters {
    /// ASCII punctuation, plus typographic quotes, dashes and the ellipsis.
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        case 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026: return true
        default: return false
        }
    }

    /// An apostrophe, straight or typographic.
    static func isApostrophe(_ s: Unicode.Scalar) -> Bool { s == "'" || s == "\u{2019}" }

    /// A digit in any script (Unicode numeric type decimal or digit).
    static func isDigit(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s.value >= 0x30 && s.value <= 0x39 }
        switch s.properties.numericType {
        case .decimal?, .digit?: return true
        default: return false
        }
    }

    /// A decimal digit in any script.
    static func isDecimal(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s.value >= 0x30 && s.value <= 0x39 }
        return s.properties.numericType == .decimal
    }

    /// A letter (general category L*).
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return (s.value | 0x20) >= 0x61 && (s.value | 0x20) <= 0x7A }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s == " " || (s.value >= 0x09 && s.value <= 0x0D) }
        return s.properties.isWhitespace
    }

    /// An upper-case letter (the Unicode `Uppercase` property).
    static func isUppercase(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s.value >= 0x41 && s.value <= 0x5A }
        return s.properties.isUppercase
    }

    /// Ends a sentence when followed by space and a capital, a digit or an opening quote.
    static func isSentenceTerminal(_ s: Unicode.Scalar) -> Bool { s == "." || s == "!" || s == "?" }

    /// The text of `scalars`; ASCII (most words) without going through the scalar view.
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        guard scalars.allSatisfy(\.isASCII) else {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }
        return String(unsafeUninitializedCapacity: scalars.count) { bytes in
            for (i, s) in scalars.enumerated() { bytes[i] = UInt8(truncatingIfNeeded: s.value) }
            return scalars.count
        }
    }

    /// `string(scalars).lowercased()`; ASCII without making the text twice.
    static func lowercased(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        guard scalars.allSatisfy(\.isASCII) else { return string(scalars).lowercased() }
        return String(unsafeUninitializedCapacity: scalars.count) { bytes in
            for (i, s) in scalars.enumerated() {
                let b = UInt8(truncatingIfNeeded: s.value)
                bytes[i] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            }
            return scalars.count
        }
    }
}
