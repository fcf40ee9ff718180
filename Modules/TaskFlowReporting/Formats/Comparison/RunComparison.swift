import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// One run against a baseline run: how the share of each label moved, how topics the run
/// carried over from the baseline grew or shrank, and which frequent keyphrases are new or
/// gone. Every delta is the run's figure minus the baseline's.
public struct RunComparison: Sendable, Encodable {
    /// Keyphrases listed as new or vanished, at most.
    static let termLimit = 15

    public var run: RunFacts
    public var baseline: RunFacts
    /// Per classification task both runs have (sentiment, emotion, …), each label's share.
    public var labels: [LabelShareDelta]
    /// Per classification task both runs have, the mean score.
    public var meanScores: [MeanScoreDelta]
    /// The topic sizes, when the run's topics came from the baseline (or the baseline's from the run).
    public var topics: TopicDeltas?
    /// Frequent keyphrases of one run that are not among the other's, when both found keyphrases.
    public var keyphrases: KeyphraseDeltas?

    public init(run: RunSummary, baseline: RunSummary) {
        self.run = RunFacts(run)
        self.baseline = RunFacts(baseline)
        labels = []
        meanScores = []
        for d in run.distributions {
            guard let b = baseline.distributions.first(where: { $0.task == d.task }) else { continue }
            meanScores.append(MeanScoreDelta(task: d.task, run: d.meanScore, baseline: b.meanScore))
            var order = d.counts.map(\.label)
            for c in b.counts where !order.contains(c.label) { order.append(c.label) }
            for label in GroupColumns.order(order) {
                let rc = d.counts.first { $0.label == label }?.count ?? 0
                let bc = b.counts.first { $0.label == label }?.count ?? 0
                labels.append(
                    LabelShareDelta(
                        task: d.task, label: label, runCount: rc, baselineCount: bc,
                        runShare: d.total > 0 ? Double(rc) / Double(d.total) : 0,
                        baselineShare: b.total > 0 ? Double(bc) / Double(b.total) : 0))
            }
        }
        topics = TopicDeltas(run: run, baseline: baseline)
        keyphrases = KeyphraseDeltas(run: run, baseline: baseline)
    }
}

/// What identifies a run in a comparison.
public struct RunFacts: Sendable, Encodable {
    public var runID: Int64?
    public var dataset: String
    public var records: Int
    public var status: RunStatus
    public var startedAt: Date
    public var wallSeconds: Double
    public var tools: [String]

    init(_ s: RunSummary) {
        runID = s.runID
        dataset = s.dataset.path
        records = s.recordsDone
        status = s.status
        startedAt = s.startedAt
        wallSeconds = s.wallSeconds
        tools = s.tools.map(\.id)
    }

    /// `run #12` or `the run` when it was not stored.
    var name: String { runID.map { "run #\($0)" } ?? "the run" }
}

public struct LabelShareDelta: Sendable, Encodable {
    public var task: String
    public var label: String
    public var runCount: Int
    public var baselineCount: Int
    public var runShare: Double
    public var baselineShare: Double
    public var delta: Double

    init(task: String, label: String, runCount: Int, baselineCount: Int, runShare: Double, baselineShare: Double) {
        self.task = task
        self.label = label
        self.runCount = runCount
        self.baselineCount = baselineCount
        self.runShare = runShare
        self.baselineShare = baselineShare
        delta = runShare - baselineShare
    }
}

public struct MeanScoreDelta: Sendable, Encodable {
    public var task: String
    public var run: Double
    public var baseline: Double
    public var delta: Double

    init(task: String, run: Double, baseline: Double) {
        self.task = task
        self.run = run
        self.baseline = baseline
        delta = run - baseline
    }
}

/// Topic sizes in both runs, matched by id: only meaningful when one run's topics were carried
/// over from the other (`--topics-from`), which keeps the ids.
public struct TopicDeltas: Sendable, Encodable {
    public struct Row: Sendable, Encodable {
        public var id: Int
        public var label: String
        public var runSize: Int
        public var baselineSize: Int
        public var runShare: Double
        public var baselineShare: Double
        public var delta: Double
    }

    /// `run 7`: which run the topics came from.
    public var carriedFrom: String
    public var rows: [Row]

    init?(run: RunSummary, baseline: RunSummary) {
        guard let r = run.topics, let b = baseline.topics else { return nil }
        func from(_ t: TopicTable, _ other: RunSummary) -> Bool {
            guard let id = other.runID else { return false }
            return t.chosenBy == "run \(id)" || t.chosenBy == "run #\(id)"
        }
        guard from(r, baseline) || from(b, run) else { return nil }
        carriedFrom = from(r, baseline) ? r.chosenBy : b.chosenBy
        var ids = r.topics.map(\.id)
        for t in b.topics where !ids.contains(t.id) { ids.append(t.id) }
        rows = ids.map { id in
            let rt = r.topics.first { $0.id == id }
            let bt = b.topics.first { $0.id == id }
            let rs = rt?.share ?? 0
            let bs = bt?.share ?? 0
            return Row(
                id: id, label: rt?.label ?? bt?.label ?? "topic \(id)", runSize: rt?.size ?? 0, baselineSize: bt?.size ?? 0,
                runShare: rs, baselineShare: bs, delta: rs - bs)
        }
    }
}

/// The keyphrases among one run's most frequent that are not among the other's.
public struct KeyphraseDeltas: Sendable, Encodable {
    public var new: [LabelCount]
    public var vanished: [LabelCount]

    init?(run: RunSummary, baseline: RunSummary) {
        guard let r = run.terms.first(where: { $0.task == "keyphrases" }), let b = baseline.terms.first(where: { $0.task == "keyphrases" })
        else { return nil }
        let rk = Set(r.top.map { $0.text.lowercased() })
        let bk = Set(b.top.map { $0.text.lowercased() })
        new = r.top.filter { !bk.contains($0.text.lowercased()) }.prefix(RunComparison.termLimit).map { LabelCount(label: $0.text, count: $0.count) }
        vanished = b.top.filter { !rk.contains($0.text.lowercased()) }.prefix(RunComparison.termLimit).map { LabelCount(label: $0.text, count: $0.count) }
    }
}
