import Foundation

/// A small Markdown-to-HTML renderer for the sections agents, plugins and corpus analyzers
/// write: paragraphs, headings, lists, block quotes, fenced code, tables, rules, emphasis,
/// code spans and links.
///
/// It is safe by construction: every character of the input reaches the page as escaped text
/// (`HTML.text`); raw HTML in the input is shown, not obeyed; the only attribute it writes from
/// the input is a link's `href`, and only for `http:`, `https:` and `mailto:` URLs (a
/// `javascript:`, `data:` or any other link becomes its text alone).
enum SafeMarkdown {
    /// Headings start at this level by default (`#` is an `h3` under the report's `h2` sections).
    static let firstHeading = 3
    /// Input past this many characters is left out (a note says so).
    static let maxLength = 200_000

    /// - Parameter firstHeading: the level `#` becomes: 1 for a section that stands among the
    ///   report's own (a corpus analyzer's `## Title` is then an `h2`). No heading is above `h2`.
    static func render(_ markdown: String, firstHeading: Int = SafeMarkdown.firstHeading) -> String {
        var source = markdown
        var cut = false
        if source.unicodeScalars.count > maxLength {
            source = String(String.UnicodeScalarView(source.unicodeScalars.prefix(maxLength)))
            cut = true
        }
        let lines = source.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var html = ""
        var i = 0
        var paragraph: [String] = []
        func flush() {
            if !paragraph.isEmpty { html += "<p>" + inline(paragraph.joined(separator: " ")) + "</p>\n" }
            paragraph = []
        }
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                flush()
                i += 1
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                flush()
                let fence = String(trimmed.prefix(3))
                var code: [String] = []
                i += 1
                while i < lines.count, !lines[i].trimmingCharacters(in: .whitespaces).hasPrefix(fence) {
                    code.append(lines[i])
                    i += 1
                }
                i += 1
                html += "<pre><code>" + HTML.text(code.joined(separator: "\n"), limit: maxLength, lineBreaks: true) + "</code></pre>\n"
                continue
            }
            if let (level, title) = heading(trimmed) {
                flush()
                let h = min(6, max(2, firstHeading + level - 1))
                html += "<h\(h)>" + inline(title) + "</h\(h)>\n"
                i += 1
                continue
            }
            if isRule(trimmed) {
                flush()
                html += "<hr>\n"
                i += 1
                continue
            }
            if trimmed.hasPrefix(">") {
                flush()
                var quoted: [String] = []
                while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces).hasPrefix(">") {
                    quoted.append(String(lines[i].trimmingCharacters(in: .whitespaces).dropFirst()).trimmingCharacters(in: .whitespaces))
                    i += 1
                }
                html += "<blockquote><p>" + inline(quoted.joined(separator: " ")) + "</p></blockquote>\n"
                continue
            }
            if trimmed.hasPrefix("|") {
                flush()
                var rows: [String] = []
                while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces).hasPrefix("|") {
                    rows.append(lines[i].trimmingCharacters(in: .whitespaces))
                    i += 1
                }
                html += table(rows)
                continue
            }
            if let ordered = listItem(trimmed) {
                flush()
                var items: [String] = []
                while i < lines.count {
                    let t = lines[i].trimmingCharacters(in: .whitespaces)
                    if let (o, item) = listItem(t), o == ordered.ordered {
                        items.append(item)
                    } else if !t.isEmpty, !items.isEmpty, lines[i].hasPrefix(" ") {
                        items[items.count - 1] += " " + t  // a continuation line
                    } else {
                        break
                    }
                    i += 1
                }
                let tag = ordered.ordered ? "ol" : "ul"
                html += "<\(tag)>" + items.map { "<li>" + inline($0) + "</li>" }.joined() + "</\(tag)>\n"
                continue
            }
            paragraph.append(trimmed)
            i += 1
        }
        flush()
        if cut { html += "<p class=\"note\">(cut: the section is longer than \(maxLength) characters)</p>\n" }
        return html
    }

    // MARK: Blocks

    private static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var title = rest.trimmingCharacters(in: .whitespaces)
        while title.hasSuffix("#") { title.removeLast() }
        return (hashes, title.trimmingCharacters(in: .whitespaces))
    }

    private static func isRule(_ line: String) -> Bool {
        let chars = line.filter { $0 != " " }
        guard chars.count >= 3, let first = chars.first, "-*_".contains(first) else { return false }
        return chars.allSatisfy { $0 == first }
    }

    private static func listItem(_ line: String) -> (ordered: Bool, item: String)? {
        for marker in ["- ", "* ", "+ "] where line.hasPrefix(marker) {
            return (false, String(line.dropFirst(2)))
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let rest = line.dropFirst(digits.count)
        if rest.hasPrefix(". ") || rest.hasPrefix(") ") { return (true, String(rest.dropFirst(2))) }
        return nil
    }

    private static func cells(_ row: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        var inCode = false
        for ch in row {
            if escaped {
                current.append(ch)
                escaped = false
            } else if ch == "\\" {
                current.append(ch)
                escaped = true
            } else if ch == "`" {
                inCode.toggle()
                current.append(ch)
            } else if ch == "|" && !inCode {
                cells.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        cells.append(current)
        // The row starts with `|`: the first piece is empty; a closing `|` leaves one more.
        if !cells.isEmpty { cells.removeFirst() }
        if let last = cells.last, last.trimmingCharacters(in: .whitespaces).isEmpty { cells.removeLast() }
        return cells.map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\\|", with: "|") }
    }

    private static func table(_ rows: [String]) -> String {
        var parsed = rows.map(cells)
        var header: [String]? = nil
        var right = Set<Int>()
        if parsed.count >= 2, parsed[1].allSatisfy({ c in !c.isEmpty && c.allSatisfy { "-:".contains($0) } }) {
            header = parsed[0]
            for (k, c) in parsed[1].enumerated() where c.hasSuffix(":") && !c.hasPrefix(":") { right.insert(k) }
            parsed.removeFirst(2)
        }
        let headerCells = (header ?? []).map { inline($0) }
        let body = parsed.map { $0.map { inline($0) } }
        if header == nil {
            var h = "<table><tbody>"
            for r in body { h += "<tr>" + r.map { "<td>\($0)</td>" }.joined() + "</tr>" }
            return h + "</tbody></table>\n"
        }
        return HTML.table(headerCells, body, numeric: right)
    }

    // MARK: Inline

    /// Inline Markdown as HTML: `**strong**`, `*em*`/`_em_`, `` `code` ``, `[text](url)`,
    /// backslash escapes and character references (`&lt;` shows `<`); everything else is text.
    static func inline(_ s: String) -> String {
        inline(Array(s), depth: 0, links: true)
    }

    /// - Parameter links: false inside a link's text (a link holds no link).
    private static func inline(_ c: [Character], depth: Int, links: Bool) -> String {
        var out = ""
        var plain = ""
        func emit() {
            out += HTML.text(plain, limit: maxLength)
            plain = ""
        }
        var i = 0
        while i < c.count {
            let ch = c[i]
            if ch == "\\", i + 1 < c.count, c[i + 1].isASCII, c[i + 1].isPunctuation || c[i + 1].isSymbol {
                plain.append(c[i + 1])
                i += 2
                continue
            }
            if ch == "&", let (decoded, length) = reference(c, at: i) {
                plain.append(decoded)
                i += length
                continue
            }
            if ch == "`" {
                let run = c[i...].prefix { $0 == "`" }.count
                if let end = find(c, String(repeating: "`", count: run), from: i + run) {
                    emit()
                    let code = String(c[(i + run)..<end]).trimmingCharacters(in: .whitespaces)
                    out += "<code>" + HTML.text(code, limit: maxLength) + "</code>"
                    i = end + run
                    continue
                }
                plain += String(repeating: "`", count: run)
                i += run
                continue
            }
            // `_` inside a word (`snake_case`) is a character, not emphasis.
            let intraword = ch == "_" && i > 0 && (c[i - 1].isLetter || c[i - 1].isNumber)
            if depth < 4, ch == "*" || ch == "_", !intraword {
                let double = i + 1 < c.count && c[i + 1] == ch
                let marker = double ? String([ch, ch]) : String(ch)
                let start = i + marker.count
                if start < c.count, !c[start].isWhitespace, let end = find(c, marker, from: start + 1), !c[end - 1].isWhitespace {
                    emit()
                    let tag = double ? "strong" : "em"
                    out += "<\(tag)>" + inline(Array(c[start..<end]), depth: depth + 1, links: links) + "</\(tag)>"
                    i = end + marker.count
                    continue
                }
            }
            if depth < 4, ch == "[", let (text, url, next) = link(c, at: i) {
                emit()
                let label = inline(text, depth: depth + 1, links: false)
                if links, let href = allowedURL(url) {
                    out += "<a href=\"\(href)\" rel=\"nofollow noopener noreferrer\">" + label + "</a>"
                } else {
                    out += label
                }
                i = next
                continue
            }
            plain.append(ch)
            i += 1
        }
        emit()
        return out
    }

    /// How far (in characters) a closing marker, bracket or parenthesis is looked for: keeps a
    /// long line of unmatched markers linear.
    static let reach = 1_000

    private static func find(_ c: [Character], _ marker: String, from: Int) -> Int? {
        let m = Array(marker)
        guard from <= c.count - m.count else { return nil }
        var j = from
        let last = min(c.count - m.count, from + reach)
        while j <= last {
            if c[j] == "\\" {
                j += 2
                continue
            }
            if Array(c[j..<(j + m.count)]) == m { return j }
            j += 1
        }
        return nil
    }

    /// `[text](url)` at `i`: its text, its URL and where it ends.
    private static func link(_ c: [Character], at i: Int) -> ([Character], String, Int)? {
        var depth = 0
        var j = i
        let last = min(c.count, i + reach)
        while j < last {
            if c[j] == "\\" {
                j += 2
                continue
            }
            if c[j] == "[" { depth += 1 }
            if c[j] == "]" {
                depth -= 1
                if depth == 0 { break }
            }
            j += 1
        }
        guard j + 1 < c.count, j < last, c[j] == "]", c[j + 1] == "(" else { return nil }
        // The URL ends at the `)` that balances its parentheses: `(javascript:alert(1))`.
        var close: Int? = nil
        var open = 0
        for k in (j + 2)..<min(c.count, j + 2 + reach) {
            if c[k] == "(" { open += 1 }
            if c[k] == ")" {
                if open == 0 {
                    close = k
                    break
                }
                open -= 1
            }
        }
        guard let close else { return nil }
        let url = String(c[(j + 2)..<close]).trimmingCharacters(in: .whitespaces)
        return (Array(c[(i + 1)..<j]), url, close + 1)
    }

    /// The URL as an attribute value when it is an `http:`, `https:` or `mailto:` link without
    /// spaces, quotes, angle brackets or control characters; nil otherwise.
    static func allowedURL(_ url: String) -> String? {
        guard !url.isEmpty, url.count <= 2_000 else { return nil }
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") else { return nil }
        for s in url.unicodeScalars {
            if s.value <= 0x20 || s.value == 0x7F || (0x80..<0xA0).contains(s.value) { return nil }
            if "\"'<>`\\".unicodeScalars.contains(s) { return nil }
            if (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value) { return nil }
        }
        return url.replacingOccurrences(of: "&", with: "&amp;")
    }

    /// A character reference at `i` (`&lt;`, `&#60;`, `&#x3C;`): the character and its length.
    private static func reference(_ c: [Character], at i: Int) -> (Character, Int)? {
        guard let semicolon = c[i...].prefix(12).firstIndex(of: ";") else { return nil }
        let name = String(c[(i + 1)..<semicolon])
        let named: [String: Character] = ["lt": "<", "gt": ">", "amp": "&", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
        if let ch = named[name] { return (ch, semicolon - i + 1) }
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            if let value, value > 0, let scalar = Unicode.Scalar(value) { return (Character(scalar), semicolon - i + 1) }
        }
        return nil
    }
}
