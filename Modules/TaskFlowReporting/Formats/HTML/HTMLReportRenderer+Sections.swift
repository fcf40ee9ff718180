import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// The sections of what the analyzers found: label distributions with score histograms and
/// extreme records, sentiment by emotion, keyphrases and entities.
extension HTMLReportRenderer {
    func distributionSections(_ s: RunSummary, _ charts: inout SVGChart) -> String {
        var h = ""
        for d in s.distributions {
            let task = d.task.capitalized
            h += "<section class=\"distribution\">\n<h2>\(HTML.text(task, limit: 60)) (<code>\(HTML.text(d.analyzer, limit: 100))</code>)</h2>\n"
            let total = max(1, d.total)
            let counts = Array(d.counts.prefix(Self.topN))
            h += "<figure>" + charts.bars(
                title: "\(task): records per label",
                items: counts.map { ($0.label, Double($0.count), "\($0.count) (\(HTML.percent(Double($0.count) / Double(total))))") })
            h += HTML.table(
                ["label", "records", "share"],
                counts.map { [HTML.text($0.label, limit: 100), String($0.count), HTML.percent(Double($0.count) / Double(total))] },
                numeric: [1, 2]) + "</figure>\n"
            if d.counts.count > counts.count { h += "<p class=\"muted\">\(d.counts.count - counts.count) more labels not shown.</p>\n" }
            h += "<p>Mean score: \(String(format: "%.4f", d.meanScore))" + (d.task == "sentiment" ? " (compound, from −1 to +1)" : "") + "</p>\n"
            if let hist = s.histograms.first(where: { $0.analyzer == d.analyzer }), hist.total > 0 {
                h += "<h3>Scores</h3>\n<figure>" + charts.histogram(
                    title: "\(task): records per score, \(HTML.num(hist.low)) to \(HTML.num(hist.high))", counts: hist.counts, low: hist.low, high: hist.high)
                h += "<details><summary>The numbers</summary>" + HTML.table(
                    ["score from", "to", "records"],
                    hist.counts.enumerated().map { i, n in
                        [String(format: "%.2f", hist.low + Double(i) * hist.binWidth), String(format: "%.2f", hist.low + Double(i + 1) * hist.binWidth), String(n)]
                    }, numeric: [0, 1, 2]) + "</details></figure>\n"
            }
            if let ex = s.examples.first(where: { $0.task == d.task }) {
                let (hi, lo) = d.task == "sentiment" ? ("Most positive", "Most negative") : ("Highest score", "Lowest score")
                h += "<div class=\"cols\"><div><h3>\(hi)</h3>\n" + examples(ex.highest) + "</div>"
                h += "<div><h3>\(lo)</h3>\n" + examples(ex.lowest) + "</div></div>\n"
            }
            h += "</section>\n"
        }
        return h
    }

    /// Sentiment by emotion: a heat map of each emotion's sentiment shares, and the table.
    func crossTabSections(_ s: RunSummary, _ charts: inout SVGChart) -> String {
        var h = ""
        for t in s.crossTabs where !t.rows.isEmpty {
            let rows = Array(t.rows.prefix(Self.topN))
            let title = "\(t.columnTask.capitalized) by \(t.rowTask)"
            h += "<section class=\"crosstab\">\n<h2>\(HTML.text(title, limit: 100)) (<code>\(HTML.text(t.columnAnalyzer, limit: 100))</code> × "
            h += "<code>\(HTML.text(t.rowAnalyzer, limit: 100))</code>)</h2>\n"
            let shares = rows.map { r in r.counts.map { r.records > 0 ? Double($0) / Double(r.records) : 0 } }
            h += "<figure>" + charts.heatMap(title: "\(title): share of each \(t.columnTask) label per \(t.rowTask)",
                rows: rows.map(\.label), columns: t.columnLabels, values: shares)
            h += HTML.table(
                [HTML.text(t.rowTask, limit: 40), "records", "mean \(HTML.text(t.columnTask, limit: 40))"] + t.columnLabels.map { HTML.text($0, limit: 40) },
                rows.enumerated().map { i, r in
                    [HTML.text(r.label, limit: 100), String(r.records), HTML.signed(r.meanScore)] + shares[i].map(HTML.percent)
                }, numeric: Set(1..<(3 + t.columnLabels.count))) + "</figure>\n</section>\n"
        }
        return h
    }

    /// Keyphrases and entities: the most frequent, with counts and an example record.
    func termSections(_ s: RunSummary, _ charts: inout SVGChart) -> String {
        var h = ""
        for f in s.terms {
            let title = f.task == "entities" ? "Entities" : f.task == "keyphrases" ? "Keyphrases" : f.task.capitalized
            h += "<section class=\"terms\">\n<h2>\(HTML.text(title, limit: 60)) (<code>\(HTML.text(f.analyzer, limit: 100))</code>)</h2>\n"
            let share = s.recordsDone > 0 ? " (\(HTML.percent(Double(f.records) / Double(s.recordsDone))))" : ""
            h += "<p>\(f.records) of \(s.recordsDone) records have one\(share); \(f.distinct) distinct. Counts are records.</p>\n"
            let top = Array(f.top.prefix(Self.topN))
            if !top.isEmpty {
                h += "<figure>" + charts.bars(title: "\(title): the most frequent, by records", items: top.map { ($0.text, Double($0.count), String($0.count)) })
                let labelled = top.contains { $0.label != nil }
                h += HTML.table(
                    [labelled ? "entity" : "keyphrase"] + (labelled ? ["label"] : []) + ["records", "example"],
                    top.map { t in
                        let example = t.examples.first.map { "<code>\(HTML.text($0.id, limit: 80))</code>: " + HTML.text($0.text, limit: Self.textLength) } ?? ""
                        return [HTML.text(t.text, limit: 100)] + (labelled ? [HTML.text(t.label ?? "", limit: 40)] : []) + [String(t.count), example]
                    }, numeric: [labelled ? 2 : 1]) + "</figure>\n"
            }
            if !f.labels.isEmpty {
                h += "<h3>By label</h3>\n" + HTML.table(
                    ["label", "records", "most frequent"],
                    f.labels.prefix(20).map { l in
                        [HTML.text(l.label, limit: 60), String(l.records),
                         l.top.prefix(4).map { "\(HTML.text($0.text, limit: 60)) (\($0.count))" }.joined(separator: ", ")]
                    }, numeric: [1])
            }
            h += "</section>\n"
        }
        return h
    }
}
