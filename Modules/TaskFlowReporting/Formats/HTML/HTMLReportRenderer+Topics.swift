import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// The topics section: sizes as bars, a table of each topic's keywords, sentiment and emotion,
/// a topic × sentiment heat map, and each topic's representative records.
extension HTMLReportRenderer {
    func topicSection(_ s: RunSummary, _ charts: inout SVGChart) -> String {
        guard let t = s.topics, !t.topics.isEmpty else { return "" }
        let rows = Array(t.topics.prefix(Self.topN + 1))
        var h = "<section id=\"topics\">\n<h2>Topics</h2>\n"
        h += "<p>\(t.k) topic\(t.k == 1 ? "" : "s") in \(t.records) records by \(HTML.text(t.method, limit: 60)) over <code>\(HTML.text(t.model, limit: 100))</code>"
        h += " (k chosen by \(HTML.text(t.chosenBy, limit: 60)), seed \(t.seed)); \(t.outliers) record\(t.outliers == 1 ? "" : "s") in no topic.</p>\n"
        func name(_ r: TopicRow) -> String { r.id < 0 ? "outliers" : "\(r.id): \(r.label)" }
        h += "<figure>" + charts.bars(title: "Topics: records per topic", items: rows.map { (name($0), Double($0.size), "\($0.size) (\(HTML.percent($0.share)))") })
        h += HTML.table(
            ["topic", "label", "records", "share", "mean sentiment", "emotion", "keywords"],
            rows.map { r in
                [r.id < 0 ? "−1" : String(r.id), HTML.text(r.label, limit: 100), String(r.size), HTML.percent(r.share),
                 r.sentiment.map { HTML.signed($0.mean) } ?? "", HTML.text(r.emotion ?? "", limit: 40),
                 r.keywords.prefix(8).map { HTML.text($0, limit: 40) }.joined(separator: ", ")]
            }, numeric: [0, 2, 3, 4]) + "</figure>\n"
        if t.topics.count > rows.count { h += "<p class=\"muted\">\(t.topics.count - rows.count) smaller topics not shown.</p>\n" }
        let felt = rows.filter { $0.sentiment != nil }
        if !felt.isEmpty {
            let columns = ["negative", "neutral", "positive"]
            let values = felt.map { r in [r.sentiment!.negative, r.sentiment!.neutral, r.sentiment!.positive] }
            h += "<h3>Topic × sentiment</h3>\n<figure>" + charts.heatMap(
                title: "Topics: share of negative, neutral and positive records per topic", rows: felt.map(name), columns: columns, values: values)
            h += "<details><summary>The numbers</summary>" + HTML.table(
                ["topic"] + columns,
                felt.enumerated().map { i, r in [HTML.text(name(r), limit: 100)] + values[i].map(HTML.percent) },
                numeric: [1, 2, 3]) + "</details></figure>\n"
        }
        let shown = rows.filter { !$0.representatives.isEmpty }
        if !shown.isEmpty {
            h += "<h3>Representative records</h3>\n"
            for r in shown {
                h += "<p><strong>\(HTML.text(name(r), limit: 100))</strong></p><ul class=\"examples\">"
                h += r.representatives.prefix(3).map { e in
                    "<li><code>\(HTML.text(e.id, limit: 80))</code>: \(HTML.text(e.text, limit: Self.textLength))</li>"
                }.joined() + "</ul>\n"
            }
        }
        return h + "</section>\n"
    }
}
