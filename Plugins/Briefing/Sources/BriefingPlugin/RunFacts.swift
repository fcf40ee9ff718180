import TaskFlowPluginAPI

/// The run's headline figures, read from its summary.
///
/// Generic over tasks and labels: every `distributions` entry becomes a line, every corpus
/// finding with `clusters` and `records_in_clusters` another. Anything missing is left out.
struct RunFacts: Sendable, Hashable {
    struct LabelCount: Sendable, Hashable {
        var label: String
        var count: Int
    }

    /// One task's label counts, most frequent first.
    struct Distribution: Sendable, Hashable {
        var task: String
        var analyzer: String
        var labels: [LabelCount]

        var total: Int { labels.reduce(0) { $0 + $1.count } }

        func percent(_ count: Int) -> Double { total > 0 ? 100 * Double(count) / Double(total) : 0 }
    }

    /// A corpus analyzer's clusters, e.g. near-duplicates.
    struct Clusters: Sendable, Hashable {
        var analyzer: String
        var clusters: Int
        var records: Int
    }

    var records: Int
    var distributions: [Distribution] = []
    var clusters: [Clusters] = []
    var failures = 0
    /// The analyzers that failed, each once, in order.
    var failedAnalyzers: [String] = []

    /// Reads `summary`; `records` stands in when it has no `recordsDone`.
    init(summary: JSONValue, records fallback: Int) {
        records = summary["recordsDone"]?.intValue ?? fallback
        for d in summary["distributions"]?.arrayValue ?? [] {
            guard let task = d["task"]?.stringValue else { continue }
            let counts = (d["counts"]?.arrayValue ?? []).compactMap { c -> LabelCount? in
                guard let label = c["label"]?.stringValue, let n = c["count"]?.intValue else { return nil }
                return LabelCount(label: label, count: n)
            }
            let ranked = counts.enumerated().sorted { ($0.element.count, $1.offset) > ($1.element.count, $0.offset) }
            distributions.append(Distribution(task: task, analyzer: d["analyzer"]?.stringValue ?? "", labels: ranked.map(\.element)))
        }
        for entry in summary["corpus"]?.arrayValue ?? [] {
            var found = entry["summary"]
            if let text = found?.stringValue { found = try? JSONParser.parse(text) }
            if let c = found?["clusters"]?.intValue, let r = found?["records_in_clusters"]?.intValue {
                clusters.append(Clusters(analyzer: entry["analyzer"]?.stringValue ?? "", clusters: c, records: r))
            }
        }
        let failed = summary["failures"]?.arrayValue ?? []
        failures = failed.count
        for f in failed {
            if let a = f["analyzer"]?.stringValue, !failedAnalyzers.contains(a) { failedAnalyzers.append(a) }
        }
    }

    /// One plain-text line per fact, for the report and the model.
    ///
    /// A two-label task names only its rarer label (`toxicity: 5 toxic (1.4%)`); others list
    /// every label (`sentiment: 53% positive (186), 25% neutral (89), 22% negative (76)`).
    var lines: [String] {
        var out = [Self.count(records, "record") + " analysed"]
        for d in distributions where !d.labels.isEmpty {
            if d.labels.count == 2, d.labels[1].count < d.labels[0].count {
                let rare = d.labels[1]
                out.append("\(d.task): \(rare.count) \(rare.label) (\(Self.percentText(d.percent(rare.count))))")
            } else {
                let parts = d.labels.map { "\(Self.percentText(d.percent($0.count))) \($0.label) (\($0.count))" }
                out.append("\(d.task): " + parts.joined(separator: ", "))
            }
        }
        for c in clusters {
            let kind = c.analyzer.contains("duplicate") ? "near-duplicate cluster" : "cluster"
            let prefix = kind == "cluster" ? "\(c.analyzer): " : ""
            out.append(prefix + (c.clusters == 0
                ? "no \(kind)s"
                : Self.count(c.clusters, kind) + " covering " + Self.count(c.records, "record")))
        }
        out.append(failures == 0
            ? "no analyzer failures"
            : Self.count(failures, "analyzer failure") + " (" + failedAnalyzers.joined(separator: ", ") + ")")
        return out
    }

    /// The check for a model's prose about these facts and the quoted comments.
    func figureCheck(quoting quotes: [String]) -> FigureCheck {
        var counts: Set<Int> = [records, failures]
        var totals: Set<Int> = [records]
        for d in distributions {
            totals.insert(d.total)
            counts.insert(d.total)
            for l in d.labels { counts.insert(l.count) }
        }
        for c in clusters {
            counts.insert(c.clusters)
            counts.insert(c.records)
        }
        return FigureCheck(counts: counts, totals: totals, quoted: Set(quotes.flatMap(FigureCheck.numbers(in:))))
    }

    /// The facts as JSON, for the agent's findings.
    var json: JSONValue {
        .object([
            JSONField("records", .int(records)),
            JSONField("tasks", .array(distributions.map { d in
                .object([
                    JSONField("task", .string(d.task)), JSONField("analyzer", .string(d.analyzer)),
                    JSONField("total", .int(d.total)),
                    JSONField("labels", .array(d.labels.map { l in
                        .object([
                            JSONField("label", .string(l.label)), JSONField("count", .int(l.count)),
                            JSONField("percent", .double((d.percent(l.count) * 100).rounded() / 100)),
                        ])
                    })),
                ])
            })),
            JSONField("clusters", .array(clusters.map { c in
                .object([
                    JSONField("analyzer", .string(c.analyzer)), JSONField("clusters", .int(c.clusters)),
                    JSONField("records", .int(c.records)),
                ])
            })),
            JSONField("failures", .int(failures)),
        ])
    }

    /// A percentage as a reader wants it: whole from 10% (`53%`), one decimal below (`1.4%`).
    static func percentText(_ p: Double) -> String {
        if p <= 0 { return "0%" }
        if p >= 9.95 { return "\(Int(p.rounded()))%" }
        let tenths = Int((p * 10).rounded())
        return tenths == 0 ? "<0.1%" : "\(tenths / 10).\(tenths % 10)%"
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
