import Foundation
import Testing

@testable import TaskFlowREPL

/// `report … --by COL`: the column views built from the records the session holds agree with
/// those the run built.
@Suite struct ReportCommandTests {
    /// The text of section `title` (up to the next `## `).
    func section(_ md: String, _ title: String) -> String? {
        guard let start = md.range(of: "## \(title)\n") else { return nil }
        let rest = md[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)])
    }

    @Test func byColumnsAreBuiltFromTheRecordsInMemoryAndAgreeWithTheRun() async throws {
        let h = try ReplHarness()
        try await h.setUp(["load \(ReplHarness.feedback)", "run"])
        let plain = await h.run("report")
        #expect(plain.status == .ok)
        #expect(!plain.out.contains("## By product"))
        let by = await h.run("report --by product --by=channel")
        #expect(by.status == .ok, "\(by.err)")
        let product = try #require(section(by.out, "By product"))
        #expect(product.contains("| Pulse Band | 88 |"))
        #expect(section(by.out, "By channel") != nil)
        // The trend and the rating view the run built, built again from memory: the same.
        for title in ["Over time", "Rating and sentiment"] {
            let run = try #require(section(plain.out, title), "the run's report lacks \(title)")
            #expect(section(by.out, title) == run)
        }
        let monthly = await h.run("report --by product --period month --rating none")
        #expect(monthly.out.contains("Records per month") && !monthly.out.contains("## Rating and sentiment"))
    }

    @Test func anUnknownColumnNamesTheColumns() async throws {
        let h = try ReplHarness()
        try await h.setUp(["load \(ReplHarness.feedback)", "run"])
        let o = await h.run("report --by prodcut")
        #expect(o.status != .ok)
        #expect(o.err.contains("no column \"prodcut\""))
        #expect(o.err.contains("product, channel, rating, created"))
        let period = await h.run("report --by product --period year")
        #expect(period.err.contains("'year' is not a period"))
        let missing = await h.run("report --by")
        #expect(missing.err.contains("--by needs a column"))
    }

    @Test func anHTMLReportAndAComparisonWithAStoredRun() async throws {
        let h = try ReplHarness()
        try await h.setUp(["load \(ReplHarness.feedback)", "run", "run"])
        let html = await h.run("report \(h.path("r.html"))")
        #expect(html.status == .ok, "\(html.err)")
        let page = try String(contentsOfFile: h.path("r.html"), encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<svg") && page.contains("Sentiment"))
        let compare = await h.run("report compare 1")
        #expect(compare.status == .ok, "\(compare.err)")
        #expect(compare.out.contains("# TaskFlow: run #2 compared with run #1") && compare.out.contains("+0.0 pp"))
        let written = await h.run("report compare 1 \(h.path("c.html"))")
        #expect(written.status == .ok, "\(written.err)")
        #expect(try String(contentsOfFile: h.path("c.html"), encoding: .utf8).contains("compared with run #1"))
        let unknown = await h.run("report compare 9")
        #expect(unknown.status != .ok && unknown.err.contains("no run '9'"))
        let bad = await h.run("report compare 1 \(h.path("c.pdf"))")
        #expect(bad.status != .ok && bad.err.contains("unknown report type '.pdf'"))
    }
}
