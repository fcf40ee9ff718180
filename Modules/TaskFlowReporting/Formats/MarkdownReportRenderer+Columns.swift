import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// The sections on the records' columns: the trend over time, a breakdown per `--by` column,
/// and rating against sentiment.
///
/// Values, column names, labels, ids and texts all come from data: each goes through
/// `Markdown.text` or `Markdown.code` for its place, like everything else in the report.
extension MarkdownReportRenderer {
    /// Every column section of a summary, in report order.
    func columnSections(_ s: RunSummary) -> String {
        let columns = GroupColumns(s)
        var md = s.trend.map { trendSection($0, columns) } ?? ""
        for b in s.breakdowns { md += breakdownSection(b, columns) }
        md += s.rating.map { ratingSection($0, s) } ?? ""
        return md
    }

    func breakdownSection(_ b: ColumnBreakdown, _ columns: GroupColumns) -> String {
        let name = Markdown.text(b.column)
        let total = b.rows.reduce(0) { $0 + $1.records } + (b.other?.records ?? 0)
        var md = "## By \(name)\n\n"
        if b.rows.isEmpty { return md + "No records.\n\n" }
        let values = b.capped ? "more than \(b.distinctValues - 1)" : String(b.distinctValues)
        md += "\(total) record\(total == 1 ? "" : "s") with \(values) distinct value\(b.distinctValues == 1 ? "" : "s")"
        md += b.other == nil ? ".\n\n" : "; the largest \(b.rows.count), then the rest together.\n\n"
        md += columns.header(first: name, share: true)
        for row in b.rows {
            md += columns.row(row, first: row.key.isEmpty ? "_(empty)_" : Markdown.text(row.key), total: total)
        }
        if let other = b.other {
            let n = b.capped ? "\(b.otherValues)+ values" : "\(b.otherValues) value\(b.otherValues == 1 ? "" : "s")"
            md += columns.row(other, first: "_other (\(n))_", total: total)
        }
        if b.capped {
            md += "\nThe column has more than \(ColumnAggregates.trackedValues) distinct values: records with values past the first "
            md += "\(ColumnAggregates.trackedValues) are counted in _other_ only.\n"
        }
        return md + "\n"
    }

    func trendSection(_ t: TimeTrend, _ columns: GroupColumns) -> String {
        let name = Markdown.code(t.column)
        var md = "## Over time\n\n"
        let how = t.named ? "by \(name)" : "by \(name) (detected: its values are dates or times; `--time COL` names another, `--time none` leaves this out)"
        guard !t.periods.isEmpty else {
            return md + "Records \(how): none has a date or time in it (\(t.noTime) without).\n\n"
        }
        let unit = t.period == .week ? "week (from Monday)" : t.period.rawValue
        md += "Records per \(t.period.rawValue), \(how).\n\n"
        md += columns.header(first: unit, share: false)
        for p in t.periods { md += columns.row(p, first: Markdown.text(p.key), total: nil) }
        md += "\n"
        let range = "\(Markdown.text(t.periods.first?.key ?? "")) to \(Markdown.text(t.periods.last?.key ?? ""))"
        if let sentiment = columns.sentiment {
            let means = t.periods.map { p in p.labels(of: sentiment.analyzer).map(\.meanScore) }
            md += "Mean sentiment per \(t.period.rawValue), \(range), on −1…+1: \(Markdown.code(Sparkline.render(means, range: -1...1)))\n\n"
        }
        md += "Records per \(t.period.rawValue): \(Markdown.code(Sparkline.render(t.periods.map { Double($0.records) })))\n\n"
        if t.noTime > 0 {
            md += "\(t.noTime) record\(t.noTime == 1 ? " has" : "s have") no date or time in \(name) and \(t.noTime == 1 ? "is" : "are") left out.\n\n"
        }
        return md
    }

    func ratingSection(_ r: RatingAgreement, _ s: RunSummary) -> String {
        let column = Markdown.code(r.column)
        var md = "## Rating and sentiment\n\n"
        // A line never starts with data: a code span of backticks there would open a code block.
        md += "Ratings in \(column) against the sentiment of \(Markdown.code(r.analyzer))"
        md += r.named ? ".\n\n" : " (detected: a number column named like a rating; `--rating COL` names another, `--rating none` leaves this out).\n\n"
        let rows = r.rows.map { (Markdown.text($0.rating), $0) } + (r.other.map { [("_other_", $0)] } ?? [])
        guard !rows.isEmpty else {
            return md + "No record has both a numeric rating and a sentiment label.\n\n"
        }
        let labels = GroupColumns.order(
            s.distributions.first { $0.analyzer == r.analyzer }?.counts.map(\.label)
                ?? Array(Set(rows.flatMap { $0.1.counts.map(\.label) })).sorted())
        md += "| \(Markdown.text(r.column)) | records | " + labels.map(Markdown.text).joined(separator: " | ") + " | mean sentiment |\n"
        md += "|---:|---:|" + String(repeating: "---:|", count: labels.count) + "---:|\n"
        for (first, row) in rows {
            md += "| \(first) | \(row.records) | "
            md += labels.map { l in
                let n = row.count(l)
                return "\(n) (\(Self.percent(row.records > 0 ? Double(n) / Double(row.records) : 0)))"
            }.joined(separator: " | ")
            md += " | \(Self.signed(row.meanScore)) |\n"
        }
        md += "\n"
        var left: [String] = []
        if r.noRating > 0 { left.append("\(r.noRating) without a numeric rating") }
        if r.noSentiment > 0 { left.append("\(r.noSentiment) without a sentiment label") }
        if !left.isEmpty { md += "Left out: " + left.joined(separator: ", ") + ".\n\n" }
        if !r.disagreements.isEmpty {
            md += "### Where rating and sentiment disagree most\n\n"
            md += "Each rating is placed on −1…+1 between the lowest (\(Self.number(r.low))) and the highest (\(Self.number(r.high))) "
            md += "and compared with the sentiment score: these records are furthest apart — the sentiment model is wrong, "
            md += "or the customer is sarcastic.\n\n"
            for (i, d) in r.disagreements.enumerated() {
                md += "\(i + 1). **\(Markdown.text(r.column)) \(Markdown.text(d.rating))**, \(Markdown.text(d.label)) "
                md += "\(Self.signed(d.score)) (apart by \(String(format: "%.2f", d.difference))) · \(Markdown.code(d.id)): \(Markdown.text(d.text))\n"
            }
            md += "\n"
        }
        return md
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
    static func signed(_ score: Double) -> String { String(format: "%+.4f", score) }
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%g", x)
    }
}

/// The columns of the tables of groups (values of a column, periods): per classification
/// analyzer its label shares and mean (or its top label when it has many), per analyzer of
/// topics, keyphrases or entities its most frequent texts.
struct GroupColumns {
    /// A classification analyzer and its labels in column order; empty `labels`: show the top label.
    struct Classifier {
        var task: String
        var analyzer: String
        var labels: [String]
    }

    /// Analyzers with at most this many labels get a column per label.
    static let labelColumns = 4

    var classifiers: [Classifier] = []
    var termTools: [(analyzer: String, kind: String)] = []

    init(_ s: RunSummary) {
        var groups = s.breakdowns.flatMap { $0.rows + ($0.other.map { [$0] } ?? []) }
        groups += s.trend?.periods ?? []
        var seen = Set<String>()
        let known = s.distributions.map { ($0.task, $0.analyzer, $0.counts.map(\.label)) }
        let found = groups.flatMap { g in g.labels.map { ($0.task, $0.analyzer, $0.counts.map(\.label)) } }
        for (task, analyzer, labels) in known + found where seen.insert(analyzer).inserted {
            let all = Self.order(labels)
            classifiers.append(Classifier(task: task, analyzer: analyzer, labels: all.count <= Self.labelColumns ? all : []))
        }
        // Only analyzers some group has figures of.
        let present = Set(groups.flatMap { $0.labels.map(\.analyzer) })
        classifiers.removeAll { !present.contains($0.analyzer) }
        var seenTerms = Set<String>()
        for g in groups {
            for t in g.terms where seenTerms.insert(t.analyzer).inserted { termTools.append((t.analyzer, t.kind)) }
        }
    }

    /// The first sentiment analyzer.
    var sentiment: Classifier? { classifiers.first { $0.task == "sentiment" } }

    /// Sentiment labels from negative to positive; other labels as given.
    static func order(_ labels: [String]) -> [String] {
        let scale = ["negative", "mixed", "neutral", "positive"]
        guard !labels.isEmpty, labels.allSatisfy({ scale.contains($0) }) else { return labels }
        return scale.filter { labels.contains($0) }
    }

    /// Whether several classifiers share the table: their columns then say whose they are.
    private var prefixed: Bool { classifiers.count > 1 }

    func header(first: String, share: Bool) -> String {
        var names = [first, "records"]
        var align = ["---", "---:"]
        if share { names.append("share"); align.append("---:") }
        for c in classifiers {
            let who = prefixed ? Markdown.text(c.task) + " " : ""
            if c.labels.isEmpty {
                names.append("top \(Markdown.text(c.task))")
                align.append("---")
            } else {
                for l in c.labels {
                    names.append(who + Markdown.text(l))
                    align.append("---:")
                }
            }
            names.append("mean \(Markdown.text(c.task))")
            align.append("---:")
        }
        for t in termTools {
            names.append("top \(Markdown.text(t.kind))" + (termTools.count > 1 ? " (\(Markdown.code(t.analyzer, inTable: true)))" : ""))
            align.append("---")
        }
        return "| " + names.joined(separator: " | ") + " |\n|" + align.joined(separator: "|") + "|\n"
    }

    /// A row; `total` gives the share of the records when the table has that column.
    func row(_ g: GroupFigures, first: String, total: Int?) -> String {
        var cells = [first, String(g.records)]
        if let total { cells.append(MarkdownReportRenderer.percent(total > 0 ? Double(g.records) / Double(total) : 0)) }
        for c in classifiers {
            let l = g.labels(of: c.analyzer)
            if c.labels.isEmpty {
                if let l, let top = l.top {
                    cells.append("\(Markdown.text(top.label)) \(MarkdownReportRenderer.percent(l.share(top.label)))")
                } else {
                    cells.append("")
                }
            } else {
                for label in c.labels { cells.append(l.map { MarkdownReportRenderer.percent($0.share(label)) } ?? "") }
            }
            cells.append(l.map { MarkdownReportRenderer.signed($0.meanScore) } ?? "")
        }
        for t in termTools {
            let top = g.terms.first { $0.analyzer == t.analyzer }?.top.prefix(3) ?? []
            cells.append(top.map { "\(Markdown.code($0.label, inTable: true)) \($0.count)" }.joined(separator: ", "))
        }
        return "| " + cells.joined(separator: " | ") + " |\n"
    }
}
