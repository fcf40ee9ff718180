/// Markdown for strings that come from data: record ids, texts, labels, paths, names.
///
/// Report sections are Markdown, and anything in them that a dataset, a user or a model
/// supplied must read as text, never as markup. Every function here returns one line: no line
/// break of any kind (`\n`, `\r`, U+0085, U+2028, U+2029, vertical tab, form feed) survives,
/// so a table row stays one row and a list item one item. The output is safe for CommonMark,
/// GitHub-flavoured Markdown, markdown-it and Python-Markdown alike: `<`, `>` and `&` become
/// entities (which all of them honour, where backslash escapes of `<` are not universal).
public enum Markdown {
    /// `s` as inline text: safe in a paragraph, heading, list item or table cell.
    ///
    /// Line breaks and tabs become spaces and other control characters U+FFFD; `<`, `>`, `&`
    /// become `&lt;`, `&gt;`, `&amp;`; the characters that make emphasis, code, links,
    /// headings, tables and strikethrough (`` \ ` * _ ~ [ ] # | ``) are backslash-escaped, and
    /// so is a `-`, `+`, `=` or list number (`1.`) that would start a block at the beginning.
    public static func text(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        // Where the line could still start a block: only blanks so far, or blanks and digits.
        var blank = true
        var digits = false
        for scalar in s.unicodeScalars {
            if let fold = oneLine(scalar) {
                out.append(fold)
                if fold != " " || digits { blank = false; digits = false }
                continue
            }
            switch scalar {
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "\\", "`", "*", "_", "~", "[", "]", "#", "|":
                out.append("\\")
                out.append(scalar)
            case "-" where blank, "+" where blank, "=" where blank:
                out.append("\\")
                out.append(scalar)
            case "." where digits, ")" where digits:
                out.append("\\")
                out.append(scalar)
            default:
                out.append(scalar)
            }
            if scalar == " " {
                if digits { blank = false; digits = false }
            } else {
                digits = (blank || digits) && ("0"..."9").contains(scalar)
                blank = false
            }
        }
        return String(out)
    }

    /// `s` verbatim in a code span, on one line.
    ///
    /// The backtick fence is one longer than the longest run of backticks inside, so nothing in
    /// `s` closes it. Line breaks and tabs become spaces, other control characters U+FFFD.
    /// In a table cell (`inTable: true`) pipes are escaped as GFM tables require; outside a
    /// table leave it false, or the backslashes show.
    public static func code(_ s: String, inTable: Bool = false) -> String {
        var content = String.UnicodeScalarView()
        var backslashes = 0
        for scalar in s.unicodeScalars {
            if let fold = oneLine(scalar) {
                content.append(fold)
                backslashes = 0
                continue
            }
            if inTable, scalar == "|" {
                // A pipe is escaped by an odd run of backslashes before it: GFM (cmark-gfm) pairs
                // backslashes from the left, markdown-it looks at the one before. One more
                // backslash than needed can show when `s` has an odd run before a pipe.
                content.append(contentsOf: repeatElement("\\", count: backslashes % 2 == 0 ? 1 : 2))
            }
            content.append(scalar)
            backslashes = scalar == "\\" ? backslashes + 1 : 0
        }
        var longest = 0
        var run = 0
        for scalar in content {
            run = scalar == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let text = String(content)
        guard let first = content.first, let last = content.last else { return "` `" }
        // CommonMark drops one space at each end when both ends have one; a backtick at an end
        // would join the fence. One space on each side keeps the content as it is.
        let allSpaces = content.allSatisfy { $0 == " " }
        let pad = first == "`" || last == "`" || (first == " " && last == " " && !allSpaces)
        return pad ? fence + " " + text + " " + fence : fence + text + fence
    }

    /// The replacement for a scalar that must not appear on a Markdown line, or nil to keep it.
    static func oneLine(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return " "
        case 0x00..<0x20, 0x7F..<0xA0: return "\u{FFFD}"
        default: return nil
        }
    }
}
