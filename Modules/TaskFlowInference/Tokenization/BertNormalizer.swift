import Foundation

/// Text after normalisation, each scalar remembering which scalar of the original it came from.
///
/// The origins are what offsets are computed from: a token covering normalised scalars
/// `i..<j` covers original scalars `origins[i] ..< origins[j-1] + 1`.
struct NormalizedText: Sendable {
    var scalars: [Unicode.Scalar]
    var origins: [Int]

    init(scalars: [Unicode.Scalar] = [], origins: [Int] = []) {
        self.scalars = scalars
        self.origins = origins
    }

    /// The original scalars `range` of `text`, unchanged.
    init(_ text: [Unicode.Scalar], range: Range<Int>) {
        scalars = Array(text[range])
        origins = Array(range)
    }

    var count: Int { scalars.count }
}

/// BERT's normaliser (`BertNormalizer` in tokenizer.json).
///
/// In order: clean text (drop NUL, U+FFFD and control/format characters; map whitespace to a
/// space), put spaces around CJK ideographs, strip accents (NFD, then drop nonspacing marks),
/// lower-case. When `strip_accents` is not configured it follows `lowercase`, as in Hugging
/// Face tokenizers. Lower-casing is per scalar (no context-dependent final sigma), as in Rust.
struct BertNormalizer: Sendable, Hashable {
    var cleanText = true
    var handleChineseChars = true
    var stripAccents: Bool? = nil
    var lowercase = true

    func normalize(_ input: NormalizedText) -> NormalizedText {
        var scalars: [Unicode.Scalar] = []
        var origins: [Int] = []
        scalars.reserveCapacity(input.count + 8)
        origins.reserveCapacity(input.count + 8)
        let strip = stripAccents ?? lowercase

        // Clean text and CJK spacing in one pass.
        for (s, o) in zip(input.scalars, input.origins) {
            if cleanText {
                if s.value == 0 || s.value == 0xFFFD || Self.isControl(s) { continue }
                if Self.isWhitespace(s) {
                    scalars.append(" ")
                    origins.append(o)
                    continue
                }
            }
            if handleChineseChars && Self.isChineseChar(s) {
                scalars.append(" ")
                origins.append(o)
                scalars.append(s)
                origins.append(o)
                scalars.append(" ")
                origins.append(o)
                continue
            }
            scalars.append(s)
            origins.append(o)
        }
        var text = NormalizedText(scalars: scalars, origins: origins)
        if strip { text = Self.stripAccents(text) }
        if lowercase { text = Self.lowercase(text) }
        return text
    }

    /// NFD (canonical decomposition plus canonical ordering of marks), then drop category Mn.
    static func stripAccents(_ input: NormalizedText) -> NormalizedText {
        if input.scalars.allSatisfy({ $0.isASCII }) { return input }
        let decomposed = nfd(input)
        var out = NormalizedText()
        out.scalars.reserveCapacity(decomposed.count)
        out.origins.reserveCapacity(decomposed.count)
        for (s, o) in zip(decomposed.scalars, decomposed.origins) where s.properties.generalCategory != .nonspacingMark {
            out.scalars.append(s)
            out.origins.append(o)
        }
        return out
    }

    /// Canonical decomposition of every scalar, then canonical reordering of combining marks.
    static func nfd(_ input: NormalizedText) -> NormalizedText {
        var out = NormalizedText()
        out.scalars.reserveCapacity(input.count)
        out.origins.reserveCapacity(input.count)
        for (s, o) in zip(input.scalars, input.origins) {
            if s.value < 0xC0 {
                out.scalars.append(s)
                out.origins.append(o)
                continue
            }
            for d in String(s).decomposedStringWithCanonicalMapping.unicodeScalars {
                out.scalars.append(d)
                out.origins.append(o)
            }
        }
        // Canonical ordering: stable-sort each run of non-starters by combining class.
        var i = 0
        let n = out.scalars.count
        while i < n {
            if out.scalars[i].properties.canonicalCombiningClass.rawValue == 0 {
                i += 1
                continue
            }
            var j = i
            while j < n, out.scalars[j].properties.canonicalCombiningClass.rawValue != 0 { j += 1 }
            if j - i > 1 {
                let run = (i..<j).map { (out.scalars[$0], out.origins[$0]) }
                let sorted = run.enumerated().sorted { a, b in
                    let ca = a.element.0.properties.canonicalCombiningClass.rawValue
                    let cb = b.element.0.properties.canonicalCombiningClass.rawValue
                    return ca != cb ? ca < cb : a.offset < b.offset
                }
                for (k, e) in sorted.enumerated() {
                    out.scalars[i + k] = e.element.0
                    out.origins[i + k] = e.element.1
                }
            }
            i = j
        }
        return out
    }

    /// Full per-scalar lower-casing (`char::to_lowercase`), so one scalar may become several.
    static func lowercase(_ input: NormalizedText) -> NormalizedText {
        var out = NormalizedText()
        out.scalars.reserveCapacity(input.count)
        out.origins.reserveCapacity(input.count)
        for (s, o) in zip(input.scalars, input.origins) {
            if s.isASCII {
                let v = s.value
                out.scalars.append(v >= 65 && v <= 90 ? Unicode.Scalar(UInt8(v + 32)) : s)
                out.origins.append(o)
                continue
            }
            if !s.properties.changesWhenLowercased {
                out.scalars.append(s)
                out.origins.append(o)
                continue
            }
            for l in s.properties.lowercaseMapping.unicodeScalars {
                out.scalars.append(l)
                out.origins.append(o)
            }
        }
        return out
    }

    /// Whitespace as BERT counts it: tab, newline, carriage return and Unicode White_Space.
    @inline(__always)
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D || v == 0x0B || v == 0x0C
        }
        return s.properties.isWhitespace
    }

    /// Control characters BERT drops: categories Cc, Cf, Co, Cs and unassigned, except tab,
    /// newline and carriage return (which count as whitespace).
    @inline(__always)
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v == 0x09 || v == 0x0A || v == 0x0D { return false }
        if v < 0x20 || v == 0x7F { return true }
        if v < 0x80 { return false }
        switch s.properties.generalCategory {
        case .control, .format, .privateUse, .surrogate, .unassigned: return true
        default: return false
        }
    }

    /// CJK Unified Ideographs (and extensions, compatibility ideographs), as BERT defines them.
    @inline(__always)
    static func isChineseChar(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x3400 { return false }
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B820...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}
