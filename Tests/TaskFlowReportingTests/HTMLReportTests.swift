import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

@testable import TaskFlowReporting

/// The HTML report: each section when its data exists, and hostile text through every one of
/// them proves that no element, attribute or URL comes from data.
@Suite struct HTMLReportTests {
    static let elements: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "main", "footer", "section", "h1", "h2", "h3", "h4", "h5", "h6", "p",
        "div", "b", "strong", "em", "code", "pre", "blockquote", "table", "caption", "thead", "tbody", "tr", "th", "td", "ul", "ol",
        "li", "a", "span", "figure", "details", "summary", "hr", "svg", "text", "rect", "line", "path", "circle",
    ]
    static let attributes: Set<String> = [
        "lang", "charset", "name", "content", "class", "id", "role", "aria-labelledby", "viewbox", "width", "height", "xmlns", "x",
        "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "d", "text-anchor", "fill-opacity", "href", "rel",
    ]
    /// What an attribute value the renderer writes itself is made of.
    static let valueCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;/=#%-_".unicodeScalars)

    /// The links the hostile agent Markdown has that are allowed through.
    static let allowedLinks: Set<String> = ["https://example.com/a?b=1&amp;c=2", "mailto:team@example.com"]

    static let agentMarkdown = """
        # Heading <script>alert(1)</script>
        Text with <img src=x onerror=alert(1)> and </style><script>alert(2)</script> and "onerror="alert(3)
        [bad](javascript:alert(4)) [bad2](JaVaScRiPt:alert(5)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:x)
        [ok](https://example.com/a?b=1&c=2) [mail](mailto:team@example.com) [quote](https://e.com/"onmouseover="x)
        [spaced](https://e.com/ x) [rtl](https://e.com/\u{202E}x)
        - item **bold <b>** *em* `code <i>`
        1. one
        > quote <iframe src="https://evil.example">
        | a | b<script> |
        |---|---:|
        | <svg onload=alert(6)> | 1 |
        ```
        </pre><script>alert(7)</script>
        ```
        &lt;script&gt;alert(8)&lt;/script&gt; &#60;img src=x&#62; &#x3C;b&#x3E;
        """

    /// A summary where every string the page shows is `hostile`, and every section has data.
    static func summary(_ hostile: String) -> RunSummary { HostileSummary.make(hostile, agentBody: agentMarkdown + "\n\n" + hostile) }

    /// Whatever is wrong with a page: tags or attributes off the whitelist, attribute values
    /// with data in them, links not allowed, controls or bidi overrides, a changed style sheet.
    static func problems(_ html: String, allowedLinks: Set<String> = allowedLinks) -> [String] {
        let tokens = HTMLTokens(html)
        var problems = tokens.problems
        for tag in tokens.tags {
            if !elements.contains(tag.name) { problems.append("element <\(tag.name)>") }
            for (name, value) in tag.attributes {
                if !attributes.contains(name) { problems.append("attribute \(name) on <\(tag.name)>") }
                if name == "href" {
                    if tag.name != "a" || !allowedLinks.contains(value) { problems.append("link \(value.debugDescription) on <\(tag.name)>") }
                } else if !value.unicodeScalars.allSatisfy({ valueCharacters.contains($0) }) {
                    problems.append("attribute \(name)=\(value.debugDescription) on <\(tag.name)>")
                } else if ["javascript", "data:", "onerror", "script", "alert"].contains(where: { value.lowercased().contains($0) }) {
                    problems.append("attribute \(name)=\(value.debugDescription) on <\(tag.name)>")
                }
            }
        }
        if tokens.styles.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) != [HTMLStyle.css] { problems.append("the style sheet was changed") }
        for text in tokens.texts {
            for scalar in text.unicodeScalars {
                let v = scalar.value
                if (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F..<0xA0).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                    problems.append("character U+\(String(v, radix: 16)) in text")
                }
            }
        }
        return problems
    }

    static let hostileStrings = [
        "<script>alert(1)</script>", "</style><script>alert(2)</script>", "\"onerror=alert(3) x=\"", "' onerror='alert(3)",
        "[x](javascript:alert(4))", "[x](data:text/html,<b>)", "javascript:alert(5)", "\u{202E}gnp.exe", "a\u{0}b\u{1B}[2J\u{7}\u{9B}c\u{2066}",
        "]]></svg><svg onload=alert(6)>", "<!-- x -->", "&lt;script&gt;", "&#60;script&#62;", "\n\n# h\n- l\n",
        String(repeating: "x<", count: 50_000),
    ]

    @Test(arguments: hostileStrings.indices)
    func hostileTextInEverySectionStaysText(index: Int) {
        let hostile = Self.hostileStrings[index]
        let html = HTMLReportRenderer().render(Self.summary(hostile))
        #expect(Self.problems(html) == [])
        // Every section is there.
        for id in ["overview", "topics", "trend", "rating", "timing", "cache", "llm", "failures", "malformed"] {
            #expect(html.contains("<section id=\"\(id)\">"), "\(id)")
        }
        #expect(html.contains("<svg"))
        #expect(!html.lowercased().contains("<script"))
    }

    @Test func hostileStringsFromTheMarkdownTestsToo() {
        for hostile in HostileStrings(seed: 23, count: 150) {
            let problems = Self.problems(HTMLReportRenderer().render(Self.summary(hostile)))
            #expect(problems == [], "\(hostile.debugDescription)")
            if !problems.isEmpty { break }
        }
    }

    @Test func aHundredKilobyteLineIsCutAndRendersQuickly() throws {
        let line = String(repeating: "**[a](javascript:x)*_`<", count: 100_000 / 20)
        let started = Date()
        let html = HTMLReportRenderer().render(Self.summary(line))
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(Self.problems(html) == [])
        #expect(html.utf8.count < 1_500_000)
    }

    @Test func agentMarkdownKeepsItsStructureButNoRawHTML() {
        let html = SafeMarkdown.render(Self.agentMarkdown)
        #expect(Self.problems("<style>\(HTMLStyle.css)</style>" + html) == [])
        let tokens = HTMLTokens(html)
        let names = Set(tokens.tags.map(\.name))
        for expected in ["h3", "p", "ul", "ol", "li", "strong", "em", "code", "blockquote", "table", "pre", "a"] {
            #expect(names.contains(expected), "\(expected)")
        }
        let links = tokens.tags.filter { $0.name == "a" && !$0.closing }.compactMap { $0.attributes.first { $0.name == "href" }?.value }
        #expect(Set(links) == Self.allowedLinks)
        #expect(html.contains("&lt;script&gt;alert(8)&lt;/script&gt;"))
        #expect(html.contains("&lt;img src=x&gt;"))
        #expect(!html.contains("javascript:alert(4)\""))
    }

    @Test func onlyHTTPAndMailLinksAreAllowed() {
        #expect(SafeMarkdown.allowedURL("https://a.example/x") == "https://a.example/x")
        #expect(SafeMarkdown.allowedURL("HTTP://a.example") != nil)
        #expect(SafeMarkdown.allowedURL("mailto:a@b.c") != nil)
        for bad in ["javascript:alert(1)", " javascript:x", "data:text/html,x", "vbscript:x", "//evil.example", "file:///etc/passwd",
                    "https://a\"b", "https://a b", "https://a\u{0}b", "https://a\u{202E}b", "https://a<b", ""] {
            #expect(SafeMarkdown.allowedURL(bad) == nil, "\(bad)")
        }
    }

    @Test func sectionsAppearOnlyWithTheirData() {
        let s = RunSummary(
            dataset: DatasetFacts(path: "a.csv", format: "csv", textColumn: "text", idColumn: nil, bytes: 1, read: ReadReport(records: 1, malformedCount: 0)),
            status: .completed, device: "cpu", threads: 1, batchSize: 1, tools: [], recordsDone: 1)
        let html = HTMLReportRenderer().render(s)
        #expect(Self.problems(html) == [])
        #expect(html.contains("<section id=\"overview\">") && html.contains("<section id=\"timing\">"))
        for id in ["topics", "trend", "rating", "llm", "failures", "malformed"] { #expect(!html.contains("id=\"\(id)\""), "\(id)") }
        #expect(!html.contains("<svg"))
    }

    @Test func everyChartHasATitleAndItsNumbersAsATable() {
        let html = HTMLReportRenderer().render(Self.summary("plain"))
        let tokens = HTMLTokens(html)
        let svgs = tokens.tags.filter { $0.name == "svg" && !$0.closing }
        #expect(svgs.count >= 6)
        for svg in svgs {
            let id = svg.attributes.first { $0.name == "aria-labelledby" }?.value
            #expect(id != nil && html.contains("<title id=\"\(id!)\">"))
        }
        // Each <figure> holds a table of the chart's numbers.
        for figure in html.components(separatedBy: "<figure>").dropFirst() {
            let body = figure.components(separatedBy: "</figure>")[0]
            if body.contains("<svg") { #expect(body.contains("<table>")) }
        }
    }

    @Test func htmlIsAReportFormat() throws {
        #expect(try ReportFormat.forPath("r.html") == .html)
        #expect(try ReportFormat.forPath("R.HTM") == .html)
        let html = try ReportFormat.html.render(Self.summary("plain"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("prefers-color-scheme:dark") && html.contains("@media print"))
    }

    @Test func theMarkdownReportHasTheSameSections() {
        let s = Self.summary("plain")
        let md = MarkdownReportRenderer().render(s)
        let html = HTMLReportRenderer().render(s)
        for (markdown, page) in [
            ("## Run", "<h2>Run</h2>"), ("## Sentiment (", "<h2>Sentiment ("), ("Records per score, -1 to 1 in 4 bins", "Scores</h3>"),
            ("### Most positive", "<h3>Most positive</h3>"), ("## Plain by plain", "<h2>Plain by plain"),
            ("## Keyphrases (", "<h2>Keyphrases ("), ("## Entities (", "<h2>Entities ("), ("## Over time", "<h2>Over time</h2>"),
            ("## By plain", "<h2>By plain</h2>"), ("## Rating and sentiment", "<h2>Rating and sentiment</h2>"), ("## Timing", "<h2>Timing</h2>"),
            ("## Cache", "<h2>Cache</h2>"), ("## Agents", "<h2>Agents: LLM calls"), ("## Analyzer failures", "<h2>Analyzer failures</h2>"),
            ("## Malformed rows", "<h2>Malformed rows</h2>"),
        ] {
            #expect(md.contains(markdown), "Markdown lacks \(markdown)")
            #expect(html.contains(page), "HTML lacks \(page)")
        }
    }
}

/// The inline rules of the agents' Markdown.
@Suite struct SafeMarkdownTests {
    @Test func inlineMarkup() {
        #expect(SafeMarkdown.inline("**bold** and *em* and `a<b`") == "<strong>bold</strong> and <em>em</em> and <code>a&lt;b</code>")
        #expect(SafeMarkdown.inline("snake_case_name") == "snake_case_name")
        #expect(SafeMarkdown.inline("_em_ \\*not\\*") == "<em>em</em> *not*")
        #expect(SafeMarkdown.inline("[a [b](https://x.example)](https://y.example)").components(separatedBy: "<a ").count == 2)
        #expect(SafeMarkdown.inline("[x](javascript:alert(1))") == "x")
        #expect(SafeMarkdown.inline("&lt;b&gt; &amp; &#0; &#x202E;") == "&lt;b&gt; &amp; &amp;#0; \u{FFFD}")
    }

    @Test func blocks() {
        let html = SafeMarkdown.render("# T\n\npara\nline\n\n- a\n- b\n\n1. one\n\n---\n\n> q\n\n```\n<x>\n```\n")
        #expect(html == "<h3>T</h3>\n<p>para line</p>\n<ul><li>a</li><li>b</li></ul>\n<ol><li>one</li></ol>\n<hr>\n"
            + "<blockquote><p>q</p></blockquote>\n<pre><code>&lt;x&gt;</code></pre>\n")
        #expect(SafeMarkdown.render("## Section", firstHeading: 1) == "<h2>Section</h2>\n")
    }
}

/// The score histogram the run summary keeps.
@Suite struct ScoreHistogramTests {
    @Test func scoresFallInTheirBinsAndTheEdgesInTheEndBins() {
        var h = ScoreHistogram(task: "sentiment", analyzer: "s")
        #expect(h.low == -1 && h.high == 1 && h.counts.count == ScoreHistogram.bins)
        for score in [-1, -0.95, 0, 0.04, 0.999, 1, 7, -3, .nan, .infinity] { h.add(score) }
        #expect(h.counts[0] == 3 && h.counts[10] == 2 && h.counts[19] == 3 && h.total == 8)
        var e = ScoreHistogram(task: "emotion", analyzer: "e")
        e.add(0.5)
        #expect(e.low == 0 && e.counts[10] == 1)
    }

    @Test func aSummaryStoredBeforeHistogramsDecodesWithoutThem() throws {
        let json = try ReportFormat.json.render(HTMLReportTests.summary("plain"))
        var object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["histograms"] != nil)
        object["histograms"] = nil
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let s = try decoder.decode(RunSummary.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(s.histograms.isEmpty)
        #expect(!HTMLReportRenderer().render(s).contains("<h3>Scores</h3>"))
    }
}
