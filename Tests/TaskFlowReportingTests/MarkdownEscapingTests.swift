import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

@testable import TaskFlowReporting

/// What a CommonMark/GFM reader takes as markup, found without a full parser: each line's
/// characters outside code spans that no backslash escapes ("live"), its code spans, and the
/// text a reader would show.
struct InlineScan {
    var live: [(offset: Int, scalar: Unicode.Scalar)] = []
    var codeSpans: [String] = []
    var unclosedBackticks = 0
    var shown = String.UnicodeScalarView()

    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars.contains(s)
    }

    init(_ line: some StringProtocol) {
        let s = Array(String(line).unicodeScalars)
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "\\", i + 1 < s.count, Self.isPunctuation(s[i + 1]) {
                shown.append(s[i + 1])
                i += 2
                continue
            }
            if c == "`" {
                var run = 0
                while i + run < s.count, s[i + run] == "`" { run += 1 }
                var k = i + run
                var close: Int?
                while k < s.count {
                    guard s[k] == "`" else { k += 1; continue }
                    var r = 0
                    while k + r < s.count, s[k + r] == "`" { r += 1 }
                    if r == run { close = k; break }
                    k += r
                }
                if let close {
                    var content = s[(i + run)..<close]
                    if content.first == " ", content.last == " ", content.contains(where: { $0 != " " }) {
                        content = content.dropFirst().dropLast()
                    }
                    codeSpans.append(String(String.UnicodeScalarView(content)))
                    shown.append(contentsOf: content)
                    i = close + run
                } else {
                    unclosedBackticks += 1
                    for j in i..<(i + run) { live.append((j, s[j])) }
                    shown.append(contentsOf: repeatElement("`", count: run))
                    i += run
                }
                continue
            }
            if c == "&" {
                let rest = s[i...]
                if let (entity, value) = [("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")].first(where: { rest.starts(with: $0.0.unicodeScalars) }) {
                    shown.append(contentsOf: value.unicodeScalars)
                    i += entity.unicodeScalars.count
                    continue
                }
            }
            live.append((i, c))
            shown.append(c)
            i += 1
        }
    }

    /// The cells of a GFM table row: split at pipes no backslash escapes (cmark-gfm pairs a
    /// backslash with the punctuation after it), then `\|` unescaped.
    static func cells(_ row: some StringProtocol) -> [String] {
        let s = Array(String(row).unicodeScalars)
        var cells: [String.UnicodeScalarView] = [.init()]
        var i = 0
        while i < s.count {
            if s[i] == "\\", i + 1 < s.count, isPunctuation(s[i + 1]) {
                if s[i + 1] != "|" { cells[cells.count - 1].append(s[i]) }
                cells[cells.count - 1].append(s[i + 1])
                i += 2
            } else if s[i] == "|" {
                cells.append(.init())
                i += 1
            } else {
                cells[cells.count - 1].append(s[i])
                i += 1
            }
        }
        // A row starts and ends with a pipe: drop the empty ends.
        return cells.dropFirst().dropLast().map { String($0).trimmingCharacters(in: .whitespaces) }
    }
}

/// Checks a Markdown report line by line: no raw HTML but TaskFlow's own `<sub>`, no link, no
/// unclosed code span, no block started by data, and every table row one line with the cells of
/// its header.
func markupProblems(_ md: String) -> [String] {
    var problems: [String] = []
    var tableColumns: Int?
    for (n, line) in md.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let where_ = "line \(n + 1): \(line.prefix(80))"
        if line.contains(where: { $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" }) {
            problems.append("a line break inside \(where_)")
        }
        let trimmed = line.unicodeScalars.drop(while: { $0 == " " })
        if trimmed.first == "<", !trimmed.starts(with: "<sub>".unicodeScalars) { problems.append("raw HTML starts \(where_)") }
        if trimmed.starts(with: "```".unicodeScalars) || trimmed.starts(with: "~~~".unicodeScalars) {
            problems.append("a code fence starts \(where_)")
        }
        var pieces: [String] = []
        if line.hasPrefix("|") {
            pieces = InlineScan.cells(line)
            if let columns = tableColumns, pieces.count != columns {
                problems.append("\(pieces.count) cells where the header has \(columns): \(where_)")
            }
            tableColumns = tableColumns ?? pieces.count
        } else {
            tableColumns = nil
            pieces = [String(line)]
        }
        for piece in pieces {
            let scan = InlineScan(piece)
            let scalars = Array(piece.unicodeScalars)
            if scan.unclosedBackticks > 0 { problems.append("an unclosed code span in \(where_)") }
            for (offset, c) in scan.live {
                switch c {
                case "[", "]":
                    problems.append("a live bracket (link) in \(where_)")
                case "<":
                    // Only TaskFlow's own <sub>…</sub>.
                    let tag = scalars[offset...]
                    if !tag.starts(with: "<sub>".unicodeScalars) && !tag.starts(with: "</sub>".unicodeScalars) {
                        problems.append("live HTML in \(where_)")
                    }
                default:
                    break
                }
            }
        }
    }
    return problems
}

/// A deterministic stream of hostile strings: pieces of Markdown, HTML, line breaks and
/// controls, joined at random from a fixed seed (SplitMix64).
struct HostileStrings: Sequence, IteratorProtocol {
    static let pieces = [
        "\n", "\r", "\r\n", "\n\n", "\u{2028}", "\u{2029}", "\u{85}", "\u{0B}", "\u{0C}", "\t", "\u{0}", "\u{1B}[2J", "\u{9B}",
        "`", "``", "```", "~~~", "|", "\\", "\\|", "\\\\|", "<", ">", "&", "&lt;", "<script>alert(6)</script>", "<!--", "<div>",
        "<sub>", "[", "]", "(", ")", "[click](javascript:alert(1))", "![i](x.png)", "<javascript:alert(1)>", "[x]: http://e",
        "*", "**", "_", "~", "#", "# ", "-", "- ", "+ ", "=", "===", "---", "1.", "2)", "> ", " ", "    ", "a", "id", "é", "日本",
        "\u{338}", "[\u{338}x](javascript:1)", "$", "!", ":", "x\n\n<script>alert(6)</script>\n\n",
    ]
    var state: UInt64
    var left: Int

    init(seed: UInt64, count: Int) {
        state = seed
        left = count
    }

    mutating func random() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> String? {
        guard left > 0 else { return nil }
        left -= 1
        let n = Int(random() % 9)
        return (0..<n).map { _ in Self.pieces[Int(random() % UInt64(Self.pieces.count))] }.joined()
    }
}

/// The one-line form every Markdown helper shows: line breaks and tabs as spaces, other
/// controls as U+FFFD.
func oneLine(_ s: String) -> String {
    String(
        String.UnicodeScalarView(
            s.unicodeScalars.map { c -> Unicode.Scalar in
                switch c.value {
                case 0x09...0x0D, 0x85, 0x2028, 0x2029: return " "
                case 0..<0x20, 0x7F..<0xA0: return "\u{FFFD}"
                default: return c
                }
            }))
}

@Suite struct MarkdownEscapingTests {
    /// A summary where every string the report shows is `hostile`; corpus analyzers' own
    /// Markdown sections are left out (they go into the report as written).
    static func summary(_ hostile: String) -> RunSummary {
        var s = HostileSummary.make(hostile, agentBody: "Body.")
        s.corpus = []
        return s
    }

    @Test func aHostileIdTextPathAndColumnStayText() {
        let id = "x\n\n<script>alert(6)</script>\n\n"
        var s = Self.summary("plain")
        s.examples = [
            ExtremeExamples(
                task: "sentiment", highest: [Example(id: id, text: "[click](javascript:alert(1))", label: "positive", score: 1)],
                lowest: [])
        ]
        s.dataset.path = "/data/a\n\n<script>`x`|y</script>.csv"
        s.dataset.textColumn = "body`\n| z |\n<img src=x onerror=alert(1)>"
        let md = MarkdownReportRenderer().render(s)
        // `<script>` is left only inside code spans, where it is text.
        #expect(markupProblems(md) == [])
        #expect(!md.contains("[click]"))
        #expect(md.contains(#"\[click\](javascript:alert(1))"#))
        #expect(md.contains("`x  <script>alert(6)</script>  `"))
        let run = md.split(separator: "\n").filter { $0.hasPrefix("| Dataset |") }
        #expect(run.count == 1)
        #expect(run.first?.contains("``body` \\| z \\| <img src=x onerror=alert(1)>``") == true)
    }

    @Test func hostileStringsInEveryFieldLeaveTheStructureAlone() {
        let plain = MarkdownReportRenderer().render(Self.summary("plain"))
        let plainLines = plain.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(markupProblems(plain) == [])
        for hostile in HostileStrings(seed: 11, count: 400) {
            let md = MarkdownReportRenderer().render(Self.summary(hostile))
            let problems = markupProblems(md)
            #expect(problems == [], "\(hostile.debugDescription)")
            #expect(md.split(separator: "\n", omittingEmptySubsequences: false).count == plainLines, "\(hostile.debugDescription)")
            if !problems.isEmpty { break }
        }
    }

    @Test func textShowsTheStringAndNothingIsLive() {
        let markup = Set("<>[]*_~#|\\`&".unicodeScalars)
        for s in HostileStrings(seed: 1, count: 2000) {
            let md = Markdown.text(s)
            let scan = InlineScan(md)
            #expect(String(scan.shown) == oneLine(s), "\(s.debugDescription) → \(md.debugDescription)")
            #expect(!scan.live.contains { markup.contains($0.scalar) }, "\(s.debugDescription) → \(md.debugDescription)")
            #expect(scan.codeSpans.isEmpty)
            // At the start of a line it starts no block: list, heading, quote, setext underline.
            let start = md.drop(while: { $0 == " " })
            #expect(start.first.map { !"-+=*#>_~`<|".contains($0) } ?? true, "\(s.debugDescription) → \(md.debugDescription)")
            let digits = start.prefix(while: { $0.isASCII && $0.isNumber })
            let listNumber = !digits.isEmpty && [".", ")"].contains(start.dropFirst(digits.count).first)
            #expect(!listNumber, "\(s.debugDescription) → \(md.debugDescription)")
        }
    }

    @Test func codeIsOneSpanThatShowsTheString() {
        for s in HostileStrings(seed: 2, count: 2000) {
            let md = Markdown.code(s)
            let scan = InlineScan(md)
            #expect(scan.codeSpans == [oneLine(s)] || (s.isEmpty && scan.codeSpans == [" "]), "\(s.debugDescription) → \(md.debugDescription)")
            #expect(scan.live.isEmpty, "\(s.debugDescription) → \(md.debugDescription)")
            // In a table cell the pipes are escaped and the cell still holds the whole span.
            let row = "| \(Markdown.code(s, inTable: true)) | \(Markdown.text(s)) |"
            let cells = InlineScan.cells(row)
            #expect(cells.count == 2, "\(s.debugDescription) → \(row.debugDescription)")
            if cells.count == 2 {
                let cell = InlineScan(cells[0])
                #expect(cell.codeSpans.count == 1 && cell.live.isEmpty, "\(s.debugDescription) → \(row.debugDescription)")
                // Exact, except that a pipe after an odd run of backslashes shows one more.
                let scalars = Array(s.unicodeScalars)
                if !zip(scalars, scalars.dropFirst()).contains(where: { $0 == "\\" && $1 == "|" }) {
                    #expect(cell.codeSpans == [oneLine(s)] || s.isEmpty, "\(s.debugDescription) → \(row.debugDescription)")
                }
                #expect(String(InlineScan(cells[1]).shown) == oneLine(s).trimmingCharacters(in: .whitespaces))
            }
        }
    }

    @Test func theJSONReportEscapesWhatJSONMust() throws {
        let hostile = "x\n\n<script>\u{1B}]0;t\u{07}\"\\\u{0}\u{85}"
        let text = try ReportFormat.json.render(Self.summary(hostile))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != " " })
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let back = try decoder.decode(RunSummary.self, from: Data(text.utf8))
        #expect(back.dataset.textColumn == hostile)
        #expect(back.examples.first?.highest.first?.id == hostile)
    }
}
