/// Terminal column widths of text, for aligned tables.
public enum DisplayWidth {
    /// Columns a scalar occupies: 0 for combining marks and controls, 2 for wide East Asian
    /// characters and emoji, else 1.
    public static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if (0x300..<0x370).contains(v) || (0x200B...0x200F).contains(v) || (0xFE00...0xFE0F).contains(v)
            || v == 0x20E3 || (0x1F3FB...0x1F3FF).contains(v)
        {
            return 0
        }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v)
            || (0x1F680...0x1F6FF).contains(v) || (0x20000...0x3FFFD).contains(v) || (0x2600...0x26FF).contains(v)
                && s.properties.isEmojiPresentation
        {
            return 2
        }
        return 1
    }

    /// Columns a string occupies.
    public static func of(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    /// The string on one line (newlines and tabs as spaces), cut to `width` columns with `…`.
    public static func fit(_ s: String, _ width: Int) -> String {
        var out = String.UnicodeScalarView()
        var used = 0
        let oneLine = s.unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 }
        let total = oneLine.reduce(0) { $0 + of($1) }
        if total <= width { out.append(contentsOf: oneLine); return String(out) }
        for scalar in oneLine {
            let w = of(scalar)
            if used + w > width - 1 { break }
            out.append(scalar)
            used += w
        }
        return String(out) + "…"
    }

    /// `s` padded with spaces to `width` columns (left-aligned, or right-aligned for numbers).
    public static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let gap = max(0, width - of(s))
        return right ? String(repeating: " ", count: gap) + s : s + String(repeating: " ", count: gap)
    }
}
