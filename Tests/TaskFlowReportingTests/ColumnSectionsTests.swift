import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

@testable import TaskFlowReporting

/// The report's sections on the records' columns: over time, by column, rating and sentiment.
@Suite struct ColumnSectionsTests {
    static func labels(_ counts: [(String, Int)], mean: Double, analyzer: String = "sentiment.vader") -> GroupLabels {
        GroupLabels(
            task: "sentiment", analyzer: analyzer, scored: counts.reduce(0) { $0 + $1.1 },
            counts: counts.map { LabelCount(label: $0.0, count: $0.1) }, meanScore: mean)
    }

    /// A summary whose column views show `value` as a column value, column name, id, label and text.
    static func summary(_ value: String) -> RunSummary {
        var s = MarkdownEscapingTests.summary("plain")
        s.distributions = [
            LabelDistribution(
                task: "sentiment", analyzer: "sentiment.vader",
                counts: [LabelCount(label: "positive", count: 3), LabelCount(label: value, count: 1)], meanScore: 0.1)
        ]
        let group = GroupFigures(
            key: value, records: 4, labels: [labels([("positive", 3), (value, 1)], mean: 0.25)],
            terms: [GroupTerms(task: "keyphrases", analyzer: "yake", kind: "keyphrases", top: [LabelCount(label: value, count: 2)])])
        var plainGroup = group
        plainGroup.key = "Pulse Band"
        s.breakdowns = [
            ColumnBreakdown(
                column: value, distinctValues: 13, rows: [plainGroup, group],
                other: GroupFigures(key: "other", records: 2, labels: [labels([("positive", 2)], mean: 0.5)]))
        ]
        s.trend = TimeTrend(
            column: value, named: false, period: .week,
            periods: [
                GroupFigures(key: "2026-03-02", records: 3, labels: [labels([("positive", 2), ("negative", 1)], mean: 0.2)]),
                GroupFigures(key: "2026-03-09", records: 0),
                GroupFigures(key: value, records: 1, labels: [labels([(value, 1)], mean: -0.9)]),
            ],
            noTime: 2)
        s.rating = RatingAgreement(
            column: value, named: true, analyzer: "sentiment.vader", low: 1, high: 5,
            rows: [
                RatingRow(rating: "1", records: 2, counts: [LabelCount(label: "positive", count: 1), LabelCount(label: value, count: 1)], meanScore: 0.1),
                RatingRow(rating: value, records: 1, counts: [LabelCount(label: "positive", count: 1)], meanScore: 0.6),
            ],
            other: nil, noRating: 1, noSentiment: 0,
            disagreements: [Disagreement(id: value, rating: value, label: value, score: 0.9, expected: -1, text: value)])
        return s
    }

    @Test func theSectionsShowTablesSharesAndASparkline() {
        let md = MarkdownReportRenderer().render(Self.summary("negative"))
        #expect(markupProblems(md) == [])
        for part in [
            "## Over time", "## By negative", "## Rating and sentiment", "### Where rating and sentiment disagree most",
            "| week (from Monday) | records | negative | positive | mean sentiment | top keyphrases |",
            "| Pulse Band | 4 | 40.0% | 25.0% | 75.0% | +0.2500 | `negative` 2 |",
            "| _other (11 values)_ | 2 | 20.0% | 0.0% | 100.0% | +0.5000 |  |",
            "| 2026-03-09 | 0 |  |  |  |  |",
            "2 records have no date or time",
            "| 1 | 2 | 1 (50.0%) | 1 (50.0%) | +0.1000 |",
            "Left out: 1 without a numeric rating.",
        ] {
            #expect(md.contains(part), "report lacks \(part)")
        }
        // The mean per week on −1…+1: +0.2 is a middle-high block, the empty week a space, −0.9 the lowest.
        #expect(md.contains("on −1…+1: `▅ ▁`"))
        // Order: over time, then the breakdowns, then rating; all before the timing table.
        let order = ["## Over time", "## By negative", "## Rating and sentiment", "## Timing"].compactMap { md.range(of: $0)?.lowerBound }
        #expect(order.count == 4 && order == order.sorted())
    }

    @Test func aHostileColumnValueStaysText() {
        let hostile = "<script>alert(1)</script>|x\n\n# Heading\n| a | b |"
        let md = MarkdownReportRenderer().render(Self.summary(hostile))
        #expect(markupProblems(md) == [])
        // Outside code spans `<` is an entity: no tag reaches the page.
        let outsideCode = md.split(separator: "`").enumerated().filter { $0.offset % 2 == 0 }.map(\.element).joined()
        #expect(!outsideCode.contains("<script>"))
        #expect(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;\\|x  \\# Heading \\| a \\| b \\|"))
        // The breakdown's rows keep their cells: one value per column.
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("| Pulse Band |") }
        #expect(rows.count == 1)
        #expect(InlineScan.cells(rows[0]).count == 7)
    }

    @Test func hostileStringsInTheColumnViewsLeaveTheStructureAlone() {
        let plainLines = MarkdownReportRenderer().render(Self.summary("plain")).split(separator: "\n", omittingEmptySubsequences: false).count
        for hostile in HostileStrings(seed: 29, count: 300) {
            let md = MarkdownReportRenderer().render(Self.summary(hostile))
            let problems = markupProblems(md)
            #expect(problems == [], "\(hostile.debugDescription)")
            #expect(md.split(separator: "\n", omittingEmptySubsequences: false).count == plainLines, "\(hostile.debugDescription)")
            if !problems.isEmpty { break }
        }
    }

    @Test func theJSONReportCarriesTheColumnViews() throws {
        let json = try ReportFormat.json.render(Self.summary("plain"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let breakdowns = try #require(object["breakdowns"] as? [[String: Any]])
        #expect(breakdowns.first?["column"] as? String == "plain")
        let trend = try #require(object["trend"] as? [String: Any])
        #expect(trend["period"] as? String == "week")
        #expect((trend["periods"] as? [Any])?.count == 3)
        let rating = try #require(object["rating"] as? [String: Any])
        #expect((rating["disagreements"] as? [Any])?.count == 1)
    }

    @Test func aReportWithoutColumnViewsHasNoSuchSections() {
        var s = MarkdownEscapingTests.summary("plain")
        s.trend = nil
        s.breakdowns = []
        s.rating = nil
        let md = MarkdownReportRenderer().render(s)
        #expect(!md.contains("## Over time") && !md.contains("## By ") && !md.contains("## Rating and sentiment"))
    }
}
