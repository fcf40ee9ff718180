import TaskFlowCore
import TaskFlowPluginAPI

/// Accumulates label distributions, extreme examples and the column views (breakdowns, trend,
/// rating agreement) as batches finish.
struct SummaryBuilder {
    static let exampleCount = 5
    static let exampleLength = 280

    private var tools: [ToolFacts]
    private var counts: [[String: Int]]
    private var order: [[String]]
    private var scoreSums: [Double]
    private var scored: [Int]
    private var highest: [[Example]]
    private var lowest: [[Example]]
    /// Per analyzer slot, how its scores spread.
    private var bins: [ScoreHistogram]
    private var slotOf: [String: Int]
    /// The column views, once the columns are known (after the first batch).
    var columns: ColumnAggregates?
    /// Per analyzer slot that returns keyphrases or entities, their counts.
    private var terms: [Int: TermTally] = [:]
    /// Sentiment by emotion: the first emotion and the first sentiment analyzer, when both run.
    private var sentimentByEmotion: (emotion: Int, sentiment: Int, tally: LabelCrossTally)?

    init(tools: [ToolFacts]) {
        self.tools = tools
        counts = Array(repeating: [:], count: tools.count)
        order = Array(repeating: [], count: tools.count)
        scoreSums = Array(repeating: 0, count: tools.count)
        scored = Array(repeating: 0, count: tools.count)
        highest = Array(repeating: [], count: tools.count)
        lowest = Array(repeating: [], count: tools.count)
        bins = tools.map { ScoreHistogram(task: $0.task, analyzer: $0.id) }
        slotOf = Dictionary(tools.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        if let e = tools.firstIndex(where: { $0.task == "emotion" }), let s = tools.firstIndex(where: { $0.task == "sentiment" }) {
            sentimentByEmotion = (
                e, s,
                LabelCrossTally(rowTask: "emotion", rowAnalyzer: tools[e].id, columnTask: "sentiment", columnAnalyzer: tools[s].id)
            )
        }
    }

    /// Counts a batch's values; results of an analyzer that failed on the batch are left out.
    mutating func add(records: [Record], results: [ToolResults]) {
        columns?.add(records: records, results: results)
        if let (e, s, _) = sentimentByEmotion,
            let emotions = results.first(where: { $0.tool.id == tools[e].id && $0.failure == nil }),
            let sentiments = results.first(where: { $0.tool.id == tools[s].id && $0.failure == nil })
        {
            for i in records.indices where i < emotions.values.count && i < sentiments.values.count {
                guard case .classification(let emotion) = emotions.values[i], case .classification(let sentiment) = sentiments.values[i]
                else { continue }
                sentimentByEmotion!.tally.add(row: emotion.label, column: sentiment.label, score: sentiment.score)
            }
        }
        // By id, not position: a failed analyzer's results are missing from the list.
        for result in results where result.failure == nil {
            guard let t = slotOf[result.tool.id] else { continue }
            for (i, value) in result.values.enumerated() where i < records.count {
                switch value {
                case .keyphrases, .spans:
                    terms[t, default: TermTally(task: tools[t].task, analyzer: tools[t].id)].add(value, record: records[i])
                    continue
                default: break
                }
                guard case .classification(let c) = value else { continue }
                if counts[t][c.label] == nil { order[t].append(c.label) }
                counts[t][c.label, default: 0] += 1
                scoreSums[t] += c.score
                scored[t] += 1
                bins[t].add(c.score)
                let record = records[i]
                // Empty texts say nothing; keep them out of the examples.
                if record.text.allSatisfy(\.isWhitespace) { continue }
                let n = Self.exampleCount
                if highest[t].count < n || c.score > highest[t][n - 1].score {
                    insert(Self.example(record, c), into: &highest[t], by: >)
                }
                if lowest[t].count < n || c.score < lowest[t][n - 1].score {
                    insert(Self.example(record, c), into: &lowest[t], by: <)
                }
            }
        }
    }

    private func insert(_ e: Example, into list: inout [Example], by better: (Double, Double) -> Bool) {
        let at = list.firstIndex(where: { better(e.score, $0.score) }) ?? list.count
        list.insert(e, at: at)
        if list.count > Self.exampleCount { list.removeLast() }
    }

    private static func example(_ r: Record, _ c: Classification) -> Example {
        var text = r.text
        if text.count > exampleLength { text = String(text.prefix(exampleLength - 1)) + "…" }
        return Example(id: r.id, text: text, label: c.label, score: c.score)
    }

    var distributions: [LabelDistribution] {
        tools.indices.compactMap { t in
            guard scored[t] > 0 else { return nil }
            let list = order[t].map { LabelCount(label: $0, count: counts[t][$0] ?? 0) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }
            return LabelDistribution(
                task: tools[t].task, analyzer: tools[t].id, counts: list, meanScore: scoreSums[t] / Double(scored[t]))
        }
    }

    /// Per classification analyzer that scored records, its score histogram.
    var histograms: [ScoreHistogram] {
        tools.indices.compactMap { t in scored[t] > 0 ? bins[t] : nil }
    }

    /// Sentiment by emotion, when both ran.
    var crossTabs: [LabelCrossTab] {
        sentimentByEmotion?.tally.table.map { [$0] } ?? []
    }

    /// The most frequent keyphrases and entities, in the order of the tools.
    var termFindings: [TermFindings] {
        terms.sorted { $0.key < $1.key }.compactMap { $0.value.findings }
    }

    var examples: [ExtremeExamples] {
        tools.indices.compactMap { t in
            guard scored[t] > 0 else { return nil }
            return ExtremeExamples(task: tools[t].task, highest: highest[t], lowest: lowest[t])
        }
    }
}
