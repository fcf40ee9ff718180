import Foundation

/// Text from data made safe for an HTML page: every string a report shows goes through one of
/// these for its place, so none of it can open an element, end an attribute or reorder a line.
///
/// Only the renderer writes element and attribute names; an attribute value is either the
/// renderer's own (a class, a number, a generated id) or a link `SafeMarkdown` allowed.
enum HTML {
    /// `s` as element text: `&`, `<`, `>`, `"` and `'` as character references; C0 and C1
    /// control characters (but line breaks and tabs when `lineBreaks`), DEL and the
    /// bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) as U+FFFD.
    /// Longer than `limit` characters, it is cut there and ends with `…`.
    static func text(_ s: String, limit: Int = 2_000, lineBreaks: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        var n = 0
        for scalar in s.unicodeScalars {
            if n >= limit {
                out.append("…")
                break
            }
            n += 1
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            case "\n" where lineBreaks, "\t" where lineBreaks: out.append(scalar)
            case "\n", "\t", "\r": out.append(" ")
            default:
                switch scalar.value {
                case 0x00..<0x20, 0x7F..<0xA0, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029, 0xFEFF:
                    out.append("\u{FFFD}")
                default:
                    out.append(scalar)
                }
            }
        }
        return String(out)
    }

    /// A number for an attribute: finite, at most two decimals, no exponent.
    static func num(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(format: "%.2f", r)
    }

    static func percent(_ share: Double) -> String {
        String(format: "%.1f%%", share.isFinite ? share * 100 : 0)
    }

    static func signed(_ x: Double, digits: Int = 3) -> String {
        String(format: "%+.\(digits)f", x.isFinite ? x : 0)
    }

    static func seconds(_ x: Double) -> String { String(format: "%.3f", x.isFinite ? x : 0) }

    /// A table: header cells (all empty: no header row) and rows, each cell already HTML;
    /// `numeric` columns right-aligned.
    static func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int> = [], caption: String? = nil) -> String {
        var h = "<table>"
        if let caption { h += "<caption>\(caption)</caption>" }
        // A table of facts (name, value) has no header row.
        if !headers.allSatisfy(\.isEmpty) {
            h += "<thead><tr>"
            for (i, c) in headers.enumerated() { h += numeric.contains(i) ? "<th class=\"n\">\(c)</th>" : "<th>\(c)</th>" }
            h += "</tr></thead>"
        }
        h += "<tbody>"
        for row in rows {
            h += "<tr>"
            for (i, c) in row.enumerated() { h += numeric.contains(i) ? "<td class=\"n\">\(c)</td>" : "<td>\(c)</td>" }
            h += "</tr>"
        }
        return h + "</tbody></table>\n"
    }
}
