import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// Renders a run's summary as a Markdown report: run facts, label distributions, extreme
/// examples, the column views (over time, by column, rating and sentiment), the malformed-input
/// list and the timing table.
///
/// Every string that came from data, a file, a user or a plugin goes through `Markdown.text`
/// or `Markdown.code` for its place (a cell, a heading, a list item), so none of it can end a
/// row, open a link or reach the page as HTML. Sections that agents and corpus analyzers
/// return are their own Markdown and go in as they are.
public struct MarkdownReportRenderer: Sendable {
    public init() {}

    /// What each agent did: its model, calls, tokens, time and notes.
    func agentsSection(_ s: RunSummary) -> String {
        guard !s.agents.isEmpty else { return "" }
        var md = "## Agents\n\n| agent | status | language model | calls | tokens in / out | cost | cached | retries | seconds |\n"
        md += "|---|---|---|---:|---:|---:|---:|---:|---:|\n"
        for a in s.agents {
            md += "| \(cellCode(a.agent)) v\(text(a.version)) | \(a.status.rawValue) | \(a.model.map(text) ?? "none") | "
            md += "\(a.llmCalls) | \(a.inputTokens) / \(a.outputTokens) | \(a.cost.map { String(format: "$%.4f", $0) } ?? "–") | "
            md += "\(a.cacheHits ?? 0) | \(a.retries ?? 0) | \(String(format: "%.3f", a.seconds)) |\n"
        }
        let calls = s.agents.reduce(0) { $0 + $1.llmCalls }
        if calls > 0 {
            let cost = s.agents.compactMap(\.cost).reduce(0, +)
            let tokens = s.agents.reduce(0) { $0 + $1.inputTokens + $1.outputTokens }
            md += "| **total** | | | \(calls) | \(tokens) tokens | \(String(format: "$%.4f", cost)) | | | |\n"
        }
        let notes = s.agents.flatMap { a in a.notes.map { (a.agent, $0) } }
        if !notes.isEmpty {
            md += "\n"
            for (agent, note) in notes { md += "- \(Markdown.code(agent)): \(text(note))\n" }
        }
        return md + "\n"
    }

    public func render(_ s: RunSummary) -> String {
        var md = ""
        let name = (s.dataset.path as NSString).lastPathComponent
        md += "# TaskFlow report: \(text(name))\n\n"
        if s.status != .completed {
            md += "> **This run is \(s.status.rawValue)**"
            md += s.error.map { ": \(text($0))" } ?? ""
            md += ". Figures cover the \(s.recordsDone) records analysed before it stopped.\n\n"
        }
        // Agents' sections lead: they are written for whoever reads the report first.
        for a in s.agents {
            for section in a.sections {
                md += "## \(text(section.title))\n\n"
                let body = section.body.trimmingCharacters(in: .whitespacesAndNewlines)
                if !body.isEmpty { md += body + "\n\n" }
                md += "<sub>Written by \(Markdown.code(a.agent)) v\(text(a.version))"
                md += a.model.map { a.llmCalls > 0 ? " with \(text($0))" : "" } ?? ""
                md += ".</sub>\n\n"
            }
        }
        md += "## Run\n\n| | |\n|---|---|\n"
        md += "| Dataset | \(cellCode(s.dataset.path)) (\(text(s.dataset.format)), text column \(cellCode(s.dataset.textColumn))"
        md += s.dataset.idColumn.map { ", id column \(cellCode($0))" } ?? ", ids are record numbers"
        md += ", \(ByteCount.format(s.dataset.bytes))) |\n"
        md += "| Records | \(s.recordsDone) analysed in \(s.batchesDone) batch\(s.batchesDone == 1 ? "" : "es") of up to \(s.batchSize) |\n"
        let r = s.dataset.read
        var input: [String] = []
        if r.malformedCount > 0 { input.append("\(r.malformedCount) malformed row\(r.malformedCount == 1 ? "" : "s") skipped") }
        if r.invalidUTF8 > 0 { input.append("\(r.invalidUTF8) text\(r.invalidUTF8 == 1 ? "" : "s") with invalid UTF-8 (replaced with U+FFFD)") }
        if r.nulReplaced > 0 { input.append("\(r.nulReplaced) text\(r.nulReplaced == 1 ? "" : "s") with NUL characters (replaced with U+FFFD)") }
        if r.emptyTexts > 0 { input.append("\(r.emptyTexts) empty text\(r.emptyTexts == 1 ? "" : "s")") }
        // Header names come from the file: escaped for the cell.
        input += r.idAndColumnWarnings.map(text)
        md += "| Input issues | \(input.isEmpty ? "none" : input.joined(separator: "; ")) |\n"
        md += "| Tools | " + s.tools.map { "\(cellCode($0.id)) v\(text($0.version)) (\(text($0.backend)))" }.joined(separator: ", ") + " |\n"
        md += "| Device | \(text(s.device)), batch size \(s.batchSize) |\n"
        md += "| Status | \(s.status.rawValue), \(String(format: "%.3f", s.wallSeconds)) s wall, started \(s.startedAt.formatted(.iso8601)) |\n"
        if let id = s.runID {
            md += "| Stored | run #\(id)" + (s.databasePath.map { " in \(cellCode($0))" } ?? "") + " |\n"
        }
        md += "\n"

        for d in s.distributions {
            md += "## \(text(d.task.capitalized)) (\(Markdown.code(d.analyzer)))\n\n"
            md += "| label | records | share | |\n|---|---:|---:|---|\n"
            let total = max(1, d.total)
            for c in d.counts {
                let share = Double(c.count) / Double(total)
                md += "| \(text(c.label)) | \(c.count) | \(String(format: "%.1f%%", share * 100)) | \(Self.bar(share)) |\n"
            }
            md += "\nMean score: \(String(format: "%.4f", d.meanScore))"
            md += d.task == "sentiment" ? " (compound, from −1 to +1)\n\n" : "\n\n"
            if let h = s.histograms.first(where: { $0.analyzer == d.analyzer }), h.total > 0 {
                md += "Records per score, \(MarkdownReportRenderer.number(h.low)) to \(MarkdownReportRenderer.number(h.high)) "
                md += "in \(h.counts.count) bins: \(Markdown.code(Sparkline.render(h.counts.map { Double($0) }, range: 0...Double(max(1, h.counts.max() ?? 1)))))\n\n"
            }
            if let ex = s.examples.first(where: { $0.task == d.task }) {
                let (hi, lo) = d.task == "sentiment" ? ("Most positive", "Most negative") : ("Highest score", "Lowest score")
                md += "### \(hi)\n\n" + list(ex.highest) + "\n"
                md += "### \(lo)\n\n" + list(ex.lowest) + "\n"
            }
        }

        md += crossTabSections(s)
        md += termSections(s)
        md += columnSections(s)

        md += "## Timing\n\n| stage | records | total (s) | records/s | batch p50 (ms) | p95 (ms) | p99 (ms) |\n"
        md += "|---|---:|---:|---:|---:|---:|---:|\n"
        for t in s.timings {
            md += "| \(cellCode(t.id)) | \(t.records) | \(String(format: "%.4f", t.totalSeconds)) | \(Self.rate(t.recordsPerSecond)) | "
            md += "\(String(format: "%.2f", t.p50)) | \(String(format: "%.2f", t.p95)) | \(String(format: "%.2f", t.p99)) |\n"
        }
        for f in s.features {
            let rate = f.seconds > 0 ? Double(f.records) / f.seconds : 0
            let cut = f.truncated > 0 ? ", \(f.truncated) truncated to the model's window" : ""
            md += "| feature \(cellCode(f.feature)) (\(f.cacheHits) from the cache\(cut)) | \(f.records) | \(String(format: "%.4f", f.seconds)) | \(Self.rate(rate)) | | | |\n"
        }
        md += "| reading input | \(s.recordsDone) | \(String(format: "%.4f", s.readSeconds)) | | | | |\n"
        md += "| writing the store | \(s.recordsDone) | \(String(format: "%.4f", s.storeSeconds)) | | | | |\n"
        md += "| whole run | \(s.recordsDone) | \(String(format: "%.4f", s.wallSeconds)) | \(Self.rate(s.wallSeconds > 0 ? Double(s.recordsDone) / s.wallSeconds : 0)) | | | |\n\n"

        for finding in s.corpus where !finding.reportSection.isEmpty {
            md += finding.reportSection
            if !finding.reportSection.hasSuffix("\n\n") { md += "\n" }
        }

        md += cacheSection(s)
        md += agentsSection(s)

        if !s.failures.isEmpty {
            md += "## Analyzer failures\n\nThese batches have no values from the analyzer named; the run went on.\n\n"
            md += "| analyzer | batch | records | error |\n|---|---:|---:|---|\n"
            for f in s.failures.prefix(50) {
                md += "| \(cellCode(f.analyzer)) | \(f.batch < 0 ? "whole run" : String(f.batch + 1)) | \(f.records) | \(text(f.message)) |\n"
            }
            md += "\n"
        }

        if r.malformedCount > 0 {
            md += "## Malformed rows\n\nSkipped and not analysed (`--strict` makes them fatal):\n\n| line | problem |\n|---:|---|\n"
            for m in r.malformed { md += "| \(m.line) | \(text(m.reason)) |\n" }
            if r.malformedCount > r.malformed.count {
                md += "| … | \(r.malformedCount - r.malformed.count) more |\n"
            }
            md += "\n"
        }
        md += "_Generated by TaskFlow._\n"
        return md
    }

    private func cacheSection(_ s: RunSummary) -> String {
        switch s.cacheMode {
        case .off: return "## Cache\n\nOff for this run (`--no-cache`).\n\n"
        case .refresh, .on:
            var md = "## Cache\n\n"
            if s.cache.isEmpty {
                return md + "No analyzer in this run uses the cache: lexical ones recompute faster than a lookup.\n\n"
            }
            if s.cacheMode == .refresh { md += "Refreshed: every output was recomputed and stored again.\n\n" }
            md += "| analyzer | hits | misses | hit rate | cache time (s) | analysis time saved (s) |\n|---|---:|---:|---:|---:|---:|\n"
            for c in s.cache {
                md += "| \(cellCode(c.analyzer)) | \(c.hits) | \(c.misses) | \(String(format: "%.1f%%", c.hitRate * 100)) | "
                md += "\(String(format: "%.4f", c.cacheSeconds)) | \(String(format: "%.4f", c.savedSeconds)) |\n"
            }
            return md + "\n"
        }
    }

    private func list(_ examples: [Example]) -> String {
        if examples.isEmpty { return "_none_\n" }
        return examples.enumerated().map { i, e in
            "\(i + 1). **\(String(format: "%+.4f", e.score))** \(text(e.label)) · \(Markdown.code(e.id)): \(text(e.text))"
        }.joined(separator: "\n") + "\n"
    }

    /// Data as inline Markdown text (a cell, heading or list item).
    private func text(_ s: String) -> String { Markdown.text(s) }

    /// Data as a code span inside a table cell.
    private func cellCode(_ s: String) -> String { Markdown.code(s, inTable: true) }

    static func bar(_ share: Double) -> String {
        let eighths = Int((share * 24 * 8).rounded())
        let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + blocks[eighths % 8]
    }

    static func rate(_ r: Double) -> String {
        r >= 100 ? String(Int(r.rounded())) : String(format: "%.1f", r)
    }
}
