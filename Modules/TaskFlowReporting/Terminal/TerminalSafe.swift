/// Text from data made safe to print on a terminal: no control sequence reaches it.
///
/// A record, a file name or an error message can carry escape sequences (a title-setting OSC,
/// a screen-clearing CSI, a hyperlink) or raw control bytes (a binary file's header); printed
/// as they are, the terminal obeys them. `neutralise` replaces each control with a visible
/// stand-in of one column:
/// - C0 controls and DEL become their Control Pictures (`ESC` → `␛`, `BEL` → `␇`, `NUL` → `␀`,
///   `DEL` → `␡`), so what was there stays readable;
/// - C1 controls (U+0080–U+009F, which some terminals obey as 8-bit `CSI`, `OSC`, …) and the
///   bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, which reorder
///   what follows on the line) become U+FFFD.
public enum TerminalSafe {
    /// `text` with every control character replaced (see the type's summary).
    ///
    /// - Parameter lineBreaks: keep `\n` and `\t` (and `\r\n` as `\n`), for multi-line text;
    ///   false folds them, and every other line break, into a space, for a one-line cell.
    public static func neutralise(_ text: String, lineBreaks: Bool = false) -> String {
        guard needsWork(text) else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (i, s) in scalars.enumerated() {
            switch s.value {
            case 0x0A where lineBreaks, 0x09 where lineBreaks:
                out.append(s)
            case 0x0D where lineBreaks && i + 1 < scalars.count && scalars[i + 1] == "\n":
                continue
            case 0x09...0x0D where !lineBreaks, 0x85 where !lineBreaks, 0x2028 where !lineBreaks, 0x2029 where !lineBreaks:
                out.append(" ")
            case 0x00..<0x20:
                out.append(Unicode.Scalar(0x2400 + s.value)!)
            case 0x7F:
                out.append("\u{2421}")
            case 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069:
                out.append("\u{FFFD}")
            default:
                out.append(s)
            }
        }
        return String(out)
    }

    /// `text` without control characters, keeping TaskFlow's own colour codes.
    ///
    /// For a message that `paint` coloured before data was put in it: the exact SGR sequences
    /// in `styles` pass, everything else is neutralised as by `neutralise`. Data can at most
    /// repeat one of those colours; it can never move the cursor, retitle the window, clear
    /// the screen or make a link.
    public static func neutralise(_ text: String, lineBreaks: Bool, keeping styles: [String]) -> String {
        guard !styles.isEmpty, text.unicodeScalars.contains("\u{1B}") else { return neutralise(text, lineBreaks: lineBreaks) }
        var out = ""
        var rest = Substring(text)
        while let escape = rest.unicodeScalars.firstIndex(of: "\u{1B}") {
            out += neutralise(String(rest[..<escape]), lineBreaks: lineBreaks)
            let tail = rest[escape...]
            if let style = styles.first(where: { tail.unicodeScalars.starts(with: $0.unicodeScalars) }) {
                out += style
                rest = Substring(tail.unicodeScalars.dropFirst(style.unicodeScalars.count))
            } else {
                out += "\u{241B}"
                rest = Substring(tail.unicodeScalars.dropFirst())
            }
        }
        return out + neutralise(String(rest), lineBreaks: lineBreaks)
    }

    /// Whether `text` has anything to replace: C0, DEL, a C1 (UTF-8 lead byte C2) or possibly
    /// a bidi control (lead byte E2); the common case costs one pass over the bytes.
    static func needsWork(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }
    }
}
