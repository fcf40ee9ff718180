import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
@testable import TaskFlowReporting

/// The hostile run summary the HTML and Markdown escaping tests share.
enum HostileSummary {
    /// A summary where every string a report shows is `hostile` and every section has data;
    /// the agent's section body is `agentBody` (Markdown that agents write goes in as it is).
    static func make(_ hostile: String, agentBody: String) -> RunSummary {
        var read = ReadReport(records: 2, malformedCount: 2)
        read.malformed = [MalformedRow(line: 3, reason: hostile), MalformedRow(line: 9, reason: "ok")]
        var s = RunSummary(
            runID: 7, databasePath: "/db/" + hostile,
            dataset: DatasetFacts(path: "/data/" + hostile + ".csv", format: hostile, textColumn: hostile, idColumn: hostile, bytes: 10, read: read),
            status: .failed, device: hostile, threads: 1, batchSize: 2,
            tools: [ToolFacts(id: hostile, task: hostile, version: hostile, backend: hostile, options: "{}")],
            recordsDone: 2, batchesDone: 1, wallSeconds: 1,
            timings: [AnalyzerTiming(id: hostile, records: 2, batchSeconds: [0.1])],
            distributions: [
                LabelDistribution(task: "sentiment", analyzer: hostile, counts: [LabelCount(label: hostile, count: 2), LabelCount(label: "positive", count: 1)], meanScore: 0),
                LabelDistribution(task: hostile, analyzer: hostile, counts: [LabelCount(label: hostile, count: 2)], meanScore: 0.5),
            ],
            examples: [
                ExtremeExamples(
                    task: "sentiment", highest: [Example(id: hostile, text: hostile, label: hostile, score: 1)],
                    lowest: [Example(id: hostile, text: hostile, label: hostile, score: -1)])
            ],
            error: hostile)
        s.histograms = [ScoreHistogram(task: "sentiment", analyzer: hostile, low: -1, high: 1, counts: [1, 0, 2, 5])]
        s.cacheMode = .on
        s.cache = [CacheUsage(analyzer: hostile, hits: 1, misses: 1, cacheSeconds: 0, savedSeconds: 0)]
        s.failures = [AnalyzerFailure(analyzer: hostile, batch: 0, records: 2, message: hostile)]
        s.features = [FeatureUsage(feature: hostile, analyzers: [hostile], records: 2, seconds: 0.1, cacheHits: 0, cacheSeconds: 0)]
        s.agents = [
            AgentFindings(
                agent: hostile, version: hostile, status: .done,
                sections: [ReportSection(title: hostile, body: agentBody)],
                notes: [hostile], model: hostile, llmCalls: 1, inputTokens: 10, outputTokens: 5)
        ]
        s.corpus = [CorpusFindings(analyzer: hostile, summary: "{}", reportSection: "## " + hostile + "\n\n" + hostile, seconds: 0)]
        let example = TopicExample(id: hostile, text: hostile, score: 0.9)
        s.topics = TopicTable(
            model: hostile, method: hostile, k: 1, chosenBy: hostile, seed: 1, candidates: [], records: 2, outliers: 1,
            topics: [
                TopicRow(
                    id: 0, label: hostile, keywords: [hostile, "b"], size: 1, share: 0.5,
                    sentiment: TopicSentiment(mean: 0.1, positive: 0.5, neutral: 0.25, negative: 0.25), emotion: hostile,
                    representatives: [example], centroid: nil),
                TopicRow(id: -1, label: hostile, keywords: [], size: 1, share: 0.5, sentiment: nil, emotion: nil, representatives: [], centroid: nil),
            ])
        s.terms = [
            TermFindings(
                task: "keyphrases", analyzer: hostile, records: 2, distinct: 1,
                top: [TermCount(text: hostile, label: nil, count: 2, examples: [TermExample(id: hostile, text: hostile)])]),
            TermFindings(
                task: "entities", analyzer: hostile, records: 2, distinct: 1,
                top: [TermCount(text: hostile, label: hostile, count: 2, examples: [TermExample(id: hostile, text: hostile)])],
                labels: [TermLabel(label: hostile, records: 2, top: [TermCount(text: hostile, label: hostile, count: 2, examples: [])])]),
        ]
        s.crossTabs = [
            LabelCrossTab(
                rowTask: hostile, rowAnalyzer: hostile, columnTask: hostile, columnAnalyzer: hostile, columnLabels: [hostile, "x"],
                rows: [LabelCrossTab.Row(label: hostile, records: 2, meanScore: 0.2, counts: [1, 1])])
        ]
        let labels = [GroupLabels(task: "sentiment", analyzer: hostile, scored: 2, counts: [LabelCount(label: hostile, count: 2)], meanScore: 0.3)]
        let group = GroupFigures(key: hostile, records: 2, labels: labels, terms: [GroupTerms(task: hostile, analyzer: hostile, kind: hostile, top: [LabelCount(label: hostile, count: 1)])])
        s.trend = TimeTrend(column: hostile, named: false, period: .day, periods: [group, GroupFigures(key: "2026-01-02", records: 0)], noTime: 1)
        s.breakdowns = [ColumnBreakdown(column: hostile, distinctValues: 2, rows: [group], other: group)]
        let row = RatingRow(rating: hostile, records: 2, counts: [LabelCount(label: hostile, count: 2)], meanScore: 0.1)
        s.rating = RatingAgreement(
            column: hostile, named: false, analyzer: hostile, low: 1, high: 5, rows: [row], other: row, noRating: 1, noSentiment: 1,
            disagreements: [Disagreement(id: hostile, rating: hostile, label: hostile, score: 0.5, expected: -1, text: hostile)])
        return s
    }
}
