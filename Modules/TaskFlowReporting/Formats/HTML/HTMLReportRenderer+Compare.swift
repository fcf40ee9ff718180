import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// The comparison page: the two runs side by side and what changed between them.
extension HTMLReportRenderer {
    public func render(_ c: RunComparison) -> String {
        var charts = SVGChart()
        let (r, b) = (c.run, c.baseline)
        var body = "<h1>TaskFlow: \(HTML.text(r.name)) compared with \(HTML.text(b.name))</h1>\n"
        body += "<section id=\"runs\">\n<h2>The runs</h2>\n" + HTML.table(
            ["", HTML.text(b.name) + " (baseline)", HTML.text(r.name), "change"],
            [
                ["Dataset", "<code>\(HTML.text(b.dataset, limit: 300))</code>", "<code>\(HTML.text(r.dataset, limit: 300))</code>", ""],
                ["Records", String(b.records), String(r.records), Self.signedInt(r.records - b.records)],
                ["Status", b.status.rawValue, r.status.rawValue, ""],
                ["Started", HTML.text(b.startedAt.formatted(.iso8601)), HTML.text(r.startedAt.formatted(.iso8601)), ""],
                ["Wall time (s)", HTML.seconds(b.wallSeconds), HTML.seconds(r.wallSeconds), HTML.signed(r.wallSeconds - b.wallSeconds)],
                ["Tools", b.tools.map { "<code>\(HTML.text($0, limit: 100))</code>" }.joined(separator: ", "),
                 r.tools.map { "<code>\(HTML.text($0, limit: 100))</code>" }.joined(separator: ", "), ""],
            ]) + "</section>\n"
        for task in c.meanScores.map(\.task) {
            let rows = c.labels.filter { $0.task == task }.prefix(Self.topN)
            let mean = c.meanScores.first { $0.task == task }!
            body += "<section class=\"compare\">\n<h2>\(HTML.text(task.capitalized, limit: 60))</h2>\n"
            body += "<p>Mean score \(String(format: "%.4f", mean.baseline)) → \(String(format: "%.4f", mean.run)) (\(Self.change(mean.delta, digits: 4))).</p>\n"
            body += "<figure>" + charts.bars(
                title: "\(task.capitalized): share of each label in \(r.name)",
                items: rows.map { ($0.label, $0.runShare, "\(HTML.percent($0.runShare)) (\(Self.points($0.delta)))") })
            body += HTML.table(
                ["label", HTML.text(b.name), HTML.text(r.name), "change"],
                rows.map { d in
                    [HTML.text(d.label, limit: 100), "\(d.baselineCount) (\(HTML.percent(d.baselineShare)))", "\(d.runCount) (\(HTML.percent(d.runShare)))",
                     Self.change(d.delta * 100, digits: 1, unit: " pp")]
                }, numeric: [1, 2, 3]) + "</figure>\n</section>\n"
        }
        if let t = c.topics {
            body += "<section id=\"topics\">\n<h2>Topics</h2>\n<p>Topics carried over (\(HTML.text(t.carriedFrom, limit: 40))): the same ids in both runs.</p>\n"
            body += HTML.table(
                ["topic", "label", HTML.text(b.name), HTML.text(r.name), "change"],
                t.rows.prefix(Self.topN + 1).map { row in
                    [row.id < 0 ? "−1" : String(row.id), HTML.text(row.label, limit: 100), "\(row.baselineSize) (\(HTML.percent(row.baselineShare)))",
                     "\(row.runSize) (\(HTML.percent(row.runShare)))", Self.change(row.delta * 100, digits: 1, unit: " pp")]
                }, numeric: [0, 2, 3, 4]) + "</section>\n"
        }
        if let k = c.keyphrases {
            body += "<section id=\"keyphrases\">\n<h2>Keyphrases</h2>\n<div class=\"cols\">"
            for (title, list) in [("New in \(r.name)", k.new), ("Gone since \(b.name)", k.vanished)] {
                body += "<div><h3>\(HTML.text(title))</h3>"
                body += list.isEmpty ? "<p class=\"muted\">none</p>" : "<ul>" + list.map { "<li>\(HTML.text($0.label, limit: 100)) (\($0.count))</li>" }.joined() + "</ul>"
                body += "</div>"
            }
            body += "</div>\n</section>\n"
        }
        if c.meanScores.isEmpty && c.topics == nil && c.keyphrases == nil {
            body += "<p>The runs have no analysis in common to compare.</p>\n"
        }
        return Self.page(title: "TaskFlow: \(r.name) compared with \(b.name)", body: body)
    }

    static func signedInt(_ n: Int) -> String { n > 0 ? "+\(n)" : n < 0 ? "−\(-n)" : "0" }

    static func points(_ delta: Double) -> String { String(format: "%+.1f pp", delta.isFinite ? delta * 100 : 0) }

    /// A change, coloured by its sign.
    static func change(_ x: Double, digits: Int, unit: String = "") -> String {
        let text = String(format: "%+.\(digits)f", x.isFinite ? x : 0) + unit
        return x > 0 ? "<span class=\"up\">\(text)</span>" : x < 0 ? "<span class=\"down\">\(text)</span>" : text
    }
}
