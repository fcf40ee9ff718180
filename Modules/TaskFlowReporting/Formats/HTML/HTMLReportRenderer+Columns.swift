import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// The column views: sentiment over time, a breakdown per `--by` column, rating against
/// sentiment.
extension HTMLReportRenderer {
    /// Periods shown over time (the latest ones).
    static let periods = 120

    func columnSections(_ s: RunSummary, _ charts: inout SVGChart) -> String {
        var h = s.trend.map { trendSection($0, &charts) } ?? ""
        for b in s.breakdowns { h += breakdownSection(b) }
        h += s.rating.map(ratingSection) ?? ""
        return h
    }

    func trendSection(_ t: TimeTrend, _ charts: inout SVGChart) -> String {
        var h = "<section id=\"trend\">\n<h2>Over time</h2>\n"
        let column = "<code>\(HTML.text(t.column, limit: 100))</code>"
        guard !t.periods.isEmpty else {
            return h + "<p>Records by \(column): none has a date or time in it (\(t.noTime) without).</p>\n</section>\n"
        }
        let periods = Array(t.periods.suffix(Self.periods))
        h += "<p>Records per \(t.period.rawValue) by \(column)" + (t.named ? "" : " (detected)")
        h += t.periods.count > periods.count ? "; the latest \(periods.count) of \(t.periods.count).</p>\n" : ".</p>\n"
        let keys = periods.map(\.key)
        h += "<figure>"
        if periods.contains(where: { $0.sentiment != nil }) {
            h += charts.line(
                title: "Mean sentiment per \(t.period.rawValue), −1 to +1", keys: keys, values: periods.map { $0.sentiment?.meanScore }, range: -1...1)
        }
        h += charts.histogram(
            title: "Records per \(t.period.rawValue)", counts: periods.map(\.records), low: 0, high: Double(periods.count), edges: keys)
        let sentimentLabels = GroupColumns.order(Array(Set(periods.flatMap { $0.sentiment?.counts.map(\.label) ?? [] })).sorted())
        h += "<details><summary>The numbers</summary>" + HTML.table(
            [t.period.rawValue, "records", "mean sentiment"] + sentimentLabels.map { HTML.text($0, limit: 30) },
            periods.map { p in
                [HTML.text(p.key, limit: 40), String(p.records), p.sentiment.map { HTML.signed($0.meanScore) } ?? ""]
                    + sentimentLabels.map { l in p.sentiment.map { HTML.percent($0.share(l)) } ?? "" }
            }, numeric: Set(1..<(3 + sentimentLabels.count))) + "</details></figure>\n"
        if t.noTime > 0 { h += "<p class=\"muted\">\(t.noTime) records have no date or time and are left out.</p>\n" }
        return h + "</section>\n"
    }

    func breakdownSection(_ b: ColumnBreakdown) -> String {
        var h = "<section class=\"breakdown\">\n<h2>By \(HTML.text(b.column, limit: 100))</h2>\n"
        let groups = b.rows.map { ($0.key.isEmpty ? "(empty)" : HTML.text($0.key, limit: 100), $0) } + (b.other.map { [("other", $0)] } ?? [])
        guard !groups.isEmpty else { return h + "<p>No records.</p>\n</section>\n" }
        let total = groups.reduce(0) { $0 + $1.1.records }
        let classifiers = Array(Set(groups.flatMap { $0.1.labels.map(\.task) })).sorted()
        h += HTML.table(
            ["value", "records", "share"] + classifiers.flatMap { ["top \(HTML.text($0, limit: 30))", "mean \(HTML.text($0, limit: 30))"] },
            groups.map { key, g in
                [key, String(g.records), HTML.percent(total > 0 ? Double(g.records) / Double(total) : 0)]
                    + classifiers.flatMap { task -> [String] in
                        guard let l = g.labels.first(where: { $0.task == task }), let top = l.top else { return ["", ""] }
                        return ["\(HTML.text(top.label, limit: 40)) \(HTML.percent(l.share(top.label)))", HTML.signed(l.meanScore)]
                    }
            }, numeric: [1, 2])
        return h + "</section>\n"
    }

    func ratingSection(_ r: RatingAgreement) -> String {
        var h = "<section id=\"rating\">\n<h2>Rating and sentiment</h2>\n"
        h += "<p>Ratings in <code>\(HTML.text(r.column, limit: 100))</code> against the sentiment of <code>\(HTML.text(r.analyzer, limit: 100))</code>.</p>\n"
        let rows = r.rows + (r.other.map { [$0] } ?? [])
        guard !rows.isEmpty else { return h + "<p>No record has both a numeric rating and a sentiment label.</p>\n</section>\n" }
        let labels = GroupColumns.order(Array(Set(rows.flatMap { $0.counts.map(\.label) })).sorted())
        h += HTML.table(
            [HTML.text(r.column, limit: 60), "records"] + labels.map { HTML.text($0, limit: 30) } + ["mean sentiment"],
            rows.map { row in
                [HTML.text(row.rating, limit: 40), String(row.records)]
                    + labels.map { l in HTML.percent(row.records > 0 ? Double(row.count(l)) / Double(row.records) : 0) } + [HTML.signed(row.meanScore)]
            }, numeric: Set(1..<(3 + labels.count)))
        if !r.disagreements.isEmpty {
            h += "<h3>Where rating and sentiment disagree most</h3>\n<ol class=\"examples\">"
            h += r.disagreements.prefix(Self.topN).map { d in
                "<li><strong>\(HTML.text(d.rating, limit: 40))</strong>, \(HTML.text(d.label, limit: 40)) \(HTML.signed(d.score)) · "
                    + "<code>\(HTML.text(d.id, limit: 80))</code>: \(HTML.text(d.text, limit: Self.textLength))</li>"
            }.joined() + "</ol>\n"
        }
        return h + "</section>\n"
    }
}
