import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

/// Records with product, created and rating columns, and values of fake analyzers: the column
/// views built from them.
@Suite struct ColumnAggregatesTests {
    static let names = ColumnNames(["product", "created", "rating"])
    static let sentiment = ToolFacts(id: "test.sentiment", task: "sentiment", version: "1", backend: "none", options: "{}")
    static let emotion = ToolFacts(id: "test.emotion", task: "emotion", version: "1", backend: "none", options: "{}")
    static let phrases = ToolFacts(id: "test.phrases", task: "keyphrases", version: "1", backend: "none", options: "{}")
    static let topics = ToolFacts(id: "test.topics", task: "topic", version: "1", backend: "none", options: "{}")

    static func record(_ id: Int, _ product: ColumnValue, _ created: ColumnValue, _ rating: ColumnValue, text: String = "t") -> Record {
        Record(id: String(id), text: text, columns: RecordColumns(names: names, values: [product, created, rating]))
    }

    static func sentimentValue(_ score: Double) -> AnalysisValue {
        let label = score > 0.05 ? "positive" : score < -0.05 ? "negative" : "neutral"
        return .classification(Classification(label: label, score: score, scores: [ScoredLabel("compound", score)]))
    }

    static func emotionValue(_ label: String) -> AnalysisValue {
        .classification(Classification(label: label, score: 0.9, scores: [ScoredLabel(label, 0.9)]))
    }

    static func plan(by: [String] = [], time: String? = nil, rating: String? = nil, period: TimePeriod? = nil) -> ColumnViewPlan {
        ColumnViewPlan(by: by, time: time, timeNamed: time != nil, rating: rating, ratingNamed: rating != nil, period: period)
    }

    @Test func aBreakdownCountsRecordsSharesAndMeansPerValue() {
        var a = ColumnAggregates(plan: Self.plan(by: ["product"]), tools: [Self.sentiment, Self.emotion])
        let records = [
            Self.record(1, .text("Band"), .null, .null), Self.record(2, .text("Band"), .null, .null),
            Self.record(3, .text("Band"), .null, .null), Self.record(4, .text("Speaker"), .null, .null),
            Self.record(5, .null, .null, .null),
        ]
        a.add(records: records, values: [
            (Self.sentiment, [Self.sentimentValue(0.5), Self.sentimentValue(-0.5), Self.sentimentValue(0.8), Self.sentimentValue(0), nil]),
            (Self.emotion, ["joy", "anger", "joy", "sadness", "joy"].map(Self.emotionValue)),
        ])
        let b = try! #require(a.breakdowns.first)
        #expect(b.column == "product")
        #expect(b.distinctValues == 3)
        #expect(b.rows.map(\.key) == ["Band", "", "Speaker"])
        #expect(b.rows.map(\.records) == [3, 1, 1])
        #expect(b.other == nil)
        let band = b.rows[0]
        let s = try! #require(band.sentiment)
        #expect(s.scored == 3)
        #expect(abs(s.meanScore - 0.8 / 3) < 1e-12)
        #expect(abs(s.share("positive") - 2.0 / 3) < 1e-12)
        #expect(s.share("negative") > 0.33 && s.share("neutral") == 0)
        #expect(band.labels(of: "test.emotion")?.top == LabelCount(label: "joy", count: 2))
        // The record without a sentiment value is still counted, with no label.
        #expect(b.rows[1].records == 1 && b.rows[1].sentiment == nil)
    }

    @Test func theLargestTenValuesThenOtherAndMemoryIsCappedPerColumn() {
        var a = ColumnAggregates(plan: Self.plan(by: ["product"]), tools: [Self.sentiment])
        // Value k has k+1 records, for k in 0..<15.
        var records: [Record] = []
        for k in 0..<15 { for _ in 0...k { records.append(Self.record(records.count, .text("p\(k)"), .null, .null)) } }
        a.add(records: records, values: [(Self.sentiment, records.map { _ in Self.sentimentValue(0.1) })])
        let b = a.breakdowns[0]
        #expect(b.rows.count == 10)
        #expect(b.rows.first?.key == "p14" && b.rows.last?.key == "p5")
        #expect(b.other?.key == "other")
        #expect(b.other?.records == (1 + 2 + 3 + 4 + 5))
        #expect(b.otherValues == 5)
        #expect(b.capped == false)

        // Past `trackedValues` distinct values, new values go to other only.
        var wide = ColumnAggregates(plan: Self.plan(by: ["product"]), tools: [])
        let many = (0..<(ColumnAggregates.trackedValues + 50)).map { Self.record($0, .int($0), .null, .null) }
        wide.add(records: many, values: [])
        let w = wide.breakdowns[0]
        #expect(w.capped)
        #expect(w.rows.count == 10)
        #expect(w.rows.reduce(0) { $0 + $1.records } + (w.other?.records ?? 0) == many.count)
    }

    @Test func termsOfKeyphrasesTopicsAndEntitiesAreCountedPerGroup() {
        var a = ColumnAggregates(plan: Self.plan(by: ["product"]), tools: [Self.phrases])
        let records = (0..<3).map { Self.record($0, .text("Band"), .null, .null) }
        a.add(records: records, values: [(Self.phrases, [
            .keyphrases([Keyphrase(text: "Battery life", score: 0.1), Keyphrase(text: "battery life", score: 0.2)]),
            .keyphrases([Keyphrase(text: "battery life", score: 0.1), Keyphrase(text: "strap", score: 0.3)]),
            .spans([Span(text: "Pulse", label: "PRODUCT", start: 0, end: 5, score: 1)]),
        ])])
        // Topics arrive after the last batch, for records already counted.
        a.addLate(records: records, tool: Self.topics, values: [
            .topic(TopicAssignment(id: 1, label: "battery", score: 0.9)), .topic(TopicAssignment(id: 1, label: "battery", score: 0.8)), nil,
        ])
        let band = a.breakdowns[0].rows[0]
        #expect(band.records == 3)
        let phrases = try! #require(band.terms.first { $0.analyzer == "test.phrases" })
        // Counted once per record, case folded.
        #expect(phrases.top.first == LabelCount(label: "battery life", count: 2))
        #expect(phrases.top.contains(LabelCount(label: "Pulse", count: 1)))
        let topics = try! #require(band.terms.first { $0.analyzer == "test.topics" })
        #expect(topics.kind == "topics")
        #expect(topics.top == [LabelCount(label: "battery", count: 2)])
    }

    @Test func aTrendFillsEmptyPeriodsAndCountsRecordsWithoutTime() {
        var a = ColumnAggregates(plan: Self.plan(time: "created"), tools: [Self.sentiment])
        let records = [
            Self.record(1, .null, .time("2026-03-02T10:00:00Z"), .null), Self.record(2, .null, .time("2026-03-02"), .null),
            Self.record(3, .null, .time("2026-03-05T23:59:59+02:00"), .null), Self.record(4, .null, .text("yesterday"), .null),
            Self.record(5, .null, .null, .null),
        ]
        a.add(records: records, values: [(Self.sentiment, [0.5, -0.5, 0.9, 0, 0].map { Optional(Self.sentimentValue($0)) })])
        let t = try! #require(a.trend)
        #expect(t.period == .day)
        #expect(t.periods.map(\.key) == ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"])
        #expect(t.periods.map(\.records) == [2, 0, 0, 1])
        #expect(t.periods[0].sentiment?.meanScore == 0)
        #expect(t.periods[1].sentiment == nil)
        #expect(t.noTime == 2)

        // Over a year, by month; a fixed period wins.
        var long = ColumnAggregates(plan: Self.plan(time: "created"), tools: [])
        long.add(records: [Self.record(1, .null, .time("2025-01-31"), .null), Self.record(2, .null, .time("2026-04-01"), .null)], values: [])
        #expect(long.trend?.period == .month)
        #expect(long.trend?.periods.count == 16)
        var weekly = ColumnAggregates(plan: Self.plan(time: "created", period: .week), tools: [])
        weekly.add(records: [Self.record(1, .null, .time("2026-03-04"), .null), Self.record(2, .null, .time("2026-03-16"), .null)], values: [])
        #expect(weekly.trend?.periods.map(\.key) == ["2026-03-02", "2026-03-09", "2026-03-16"])
    }

    @Test func aDetectedTimeColumnWithoutTimesGivesNoTrend() {
        var a = ColumnAggregates(plan: ColumnViewPlan(time: "created"), tools: [])
        a.add(records: [Self.record(1, .null, .text("soon"), .null)], values: [])
        #expect(a.trend == nil)
        var named = ColumnAggregates(plan: Self.plan(time: "created"), tools: [])
        named.add(records: [Self.record(1, .null, .text("soon"), .null)], values: [])
        #expect(named.trend?.periods == [])
        #expect(named.trend?.noTime == 1)
    }

    @Test func ratingAgreementCrossTabulatesAndListsTheWorstDisagreements() {
        var a = ColumnAggregates(plan: Self.plan(rating: "rating"), tools: [Self.sentiment])
        let long = String(repeating: "sarcasm ", count: 100)
        let rows: [(ColumnValue, Double, String)] = [
            (.int(1), -0.8, "awful"), (.int(1), 0.9, long), (.int(5), 0.7, "great"), (.int(5), -0.6, "great, broke twice"),
            (.int(3), 0.0, "fine"), (.text("n/a"), 0.5, "no rating"), (.int(5), 0.8, "   "),
        ]
        let records = rows.enumerated().map { Self.record($0.offset, .null, .null, $0.element.0, text: $0.element.2) }
        a.add(records: records, values: [(Self.sentiment, rows.map { Self.sentimentValue($0.1) })])
        let r = try! #require(a.ratingAgreement)
        #expect(r.column == "rating" && r.analyzer == "test.sentiment")
        #expect(r.low == 1 && r.high == 5)
        #expect(r.rows.map(\.rating) == ["1", "3", "5"])
        #expect(r.rows[0].count("negative") == 1 && r.rows[0].count("positive") == 1)
        #expect(r.rows[2].records == 3)
        #expect(r.noRating == 1)
        // Rating 1 is −1 and 5 is +1: +0.9 on a 1 is furthest off, then −0.6 on a 5.
        #expect(r.disagreements.map(\.id) == ["1", "3", "2", "0", "4"])
        #expect(abs(r.disagreements[0].difference - 1.9) < 1e-12)
        #expect(r.disagreements[0].text.count == 200 && r.disagreements[0].text.hasSuffix("…"))
        // A blank text is not listed.
        #expect(!r.disagreements.contains { $0.text.allSatisfy(\.isWhitespace) })
    }

    @Test func noRatingViewWithoutASentimentAnalyzer() {
        var a = ColumnAggregates(plan: Self.plan(rating: "rating"), tools: [Self.emotion])
        a.add(records: [Self.record(1, .null, .null, .int(4))], values: [(Self.emotion, [Self.emotionValue("joy")])])
        #expect(a.ratingAgreement == nil)
    }

    @Test func theRequestIsSettledAgainstTheColumnsAsRead() throws {
        let facts = [
            ColumnFacts(name: "Product", type: "text", counts: ["text": 3]),
            ColumnFacts(name: "created", type: "time", counts: ["time": 3]),
            ColumnFacts(name: "stars", type: "integer", counts: ["integer": 3]),
            ColumnFacts(name: "channel", type: "text", counts: ["text": 3]),
        ]
        let plan = try ColumnViewRequest(by: ["product", "PRODUCT", "channel"]).resolve(in: facts)
        #expect(plan.by == ["Product", "channel"])
        #expect(plan.time == "created" && !plan.timeNamed)
        #expect(plan.rating == "stars" && !plan.ratingNamed)
        let off = try ColumnViewRequest(time: "none", rating: "none").resolve(in: facts)
        #expect(off.isEmpty)

        let unknown = #expect(throws: TaskFlowFailure.self) { try ColumnViewRequest(by: ["prodcut"]).resolve(in: facts) }
        #expect(unknown?.exitCode == 2)
        #expect(unknown?.description.contains("Product, created, stars, channel") == true)
        #expect(unknown?.hint?.contains("did you mean Product?") == true)
        let none = #expect(throws: TaskFlowFailure.self) { try ColumnViewRequest(by: ["product"]).checkNames(in: []) }
        #expect(none?.description.contains("carry no other columns") == true)
        let notNumbers = #expect(throws: TaskFlowFailure.self) { try ColumnViewRequest(rating: "channel").resolve(in: facts) }
        #expect(notNumbers?.description.contains("not numbers") == true)
        let notTimes = #expect(throws: TaskFlowFailure.self) { try ColumnViewRequest(time: "channel").resolve(in: facts) }
        #expect(notTimes?.description.contains("not ISO-8601") == true)
    }

    @Test func aSummaryStoredBeforeColumnViewsStillDecodes() throws {
        var s = RunSummary(
            dataset: DatasetFacts(path: "/d.csv", format: "csv", textColumn: "text", idColumn: nil, bytes: 1, read: ReadReport()),
            status: .completed, device: "cpu", threads: 1, batchSize: 1, tools: [])
        s.breakdowns = [ColumnBreakdown(column: "product", distinctValues: 1, rows: [GroupFigures(key: "a", records: 1)], other: nil)]
        s.trend = TimeTrend(column: "created", named: false, period: .week, periods: [], noTime: 0)
        let encoder = JSONEncoder()
        let full = try JSONSerialization.jsonObject(with: try encoder.encode(s)) as! [String: Any]
        #expect(full["breakdowns"] != nil && full["trend"] != nil && full["rating"] == nil)
        let old = full.filter { !["breakdowns", "trend", "rating"].contains($0.key) }
        let decoded = try JSONDecoder().decode(RunSummary.self, from: try JSONSerialization.data(withJSONObject: old))
        #expect(decoded.breakdowns.isEmpty && decoded.trend == nil && decoded.rating == nil)
        let round = try JSONDecoder().decode(RunSummary.self, from: try encoder.encode(s))
        #expect(round.breakdowns == s.breakdowns && round.trend == s.trend)
    }
}
