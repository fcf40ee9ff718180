import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// What the run cost: timings with batch percentiles, the cache, language-model use; and what
/// went wrong: analyzer failures and malformed rows.
extension HTMLReportRenderer {
    func timingSection(_ s: RunSummary) -> String {
        var rows: [[String]] = s.timings.map { t in
            ["<code>\(HTML.text(t.id, limit: 100))</code>", String(t.records), String(format: "%.4f", t.totalSeconds),
             MarkdownReportRenderer.rate(t.recordsPerSecond), String(format: "%.2f", t.p50), String(format: "%.2f", t.p95), String(format: "%.2f", t.p99)]
        }
        for f in s.features {
            let rate = f.seconds > 0 ? Double(f.records) / f.seconds : 0
            let cut = f.truncated > 0 ? ", \(f.truncated) truncated to the model's window" : ""
            rows.append([
                "feature <code>\(HTML.text(f.feature, limit: 100))</code> (\(f.cacheHits) from the cache\(cut))", String(f.records),
                String(format: "%.4f", f.seconds), MarkdownReportRenderer.rate(rate), "", "", "",
            ])
        }
        rows.append(["reading input", String(s.recordsDone), String(format: "%.4f", s.readSeconds), "", "", "", ""])
        rows.append(["writing the store", String(s.recordsDone), String(format: "%.4f", s.storeSeconds), "", "", "", ""])
        rows.append([
            "whole run", String(s.recordsDone), String(format: "%.4f", s.wallSeconds),
            MarkdownReportRenderer.rate(s.wallSeconds > 0 ? Double(s.recordsDone) / s.wallSeconds : 0), "", "", "",
        ])
        return "<section id=\"timing\">\n<h2>Timing</h2>\n" + HTML.table(
            ["stage", "records", "total (s)", "records/s", "batch P50 (ms)", "P95 (ms)", "P99 (ms)"], rows, numeric: [1, 2, 3, 4, 5, 6])
            + "</section>\n"
    }

    func cacheSection(_ s: RunSummary) -> String {
        var h = "<section id=\"cache\">\n<h2>Cache</h2>\n"
        switch s.cacheMode {
        case .off: return h + "<p>Off for this run (<code>--no-cache</code>).</p>\n</section>\n"
        case .on, .refresh:
            if s.cache.isEmpty { return h + "<p>No analyzer in this run uses the cache.</p>\n</section>\n" }
            if s.cacheMode == .refresh { h += "<p>Refreshed: every output was recomputed and stored again.</p>\n" }
            h += HTML.table(
                ["analyzer", "hits", "misses", "hit rate", "cache time (s)", "analysis time saved (s)"],
                s.cache.map { c in
                    ["<code>\(HTML.text(c.analyzer, limit: 100))</code>", String(c.hits), String(c.misses), HTML.percent(c.hitRate),
                     String(format: "%.4f", c.cacheSeconds), String(format: "%.4f", c.savedSeconds)]
                }, numeric: [1, 2, 3, 4, 5])
            return h + "</section>\n"
        }
    }

    /// LLM calls, tokens and time per agent, as the summary's agents record them.
    func llmSection(_ s: RunSummary) -> String {
        guard !s.agents.isEmpty else { return "" }
        var h = "<section id=\"llm\">\n<h2>Agents: LLM calls, tokens and cost</h2>\n"
        h += HTML.table(
            ["agent", "status", "language model", "calls", "tokens in", "tokens out", "cost ($)", "cached", "retries", "seconds"],
            s.agents.map { a in
                ["<code>\(HTML.text(a.agent, limit: 100))</code> v\(HTML.text(a.version, limit: 40))", a.status.rawValue,
                 a.model.map { HTML.text($0, limit: 100) } ?? "none", String(a.llmCalls), String(a.inputTokens), String(a.outputTokens),
                 a.cost.map { String(format: "%.4f", $0) } ?? "–", String(a.cacheHits ?? 0), String(a.retries ?? 0), HTML.seconds(a.seconds)]
            }, numeric: [3, 4, 5, 6, 7, 8, 9])
        let calls = s.agents.reduce(0) { $0 + $1.llmCalls }
        let tokens = s.agents.reduce(0) { $0 + $1.inputTokens + $1.outputTokens }
        let cost = s.agents.compactMap(\.cost).reduce(0, +)
        h += "<p>\(calls) call\(calls == 1 ? "" : "s"), \(tokens) tokens, \(String(format: "$%.4f", cost)) in all.</p>\n"
        let notes = s.agents.flatMap { a in a.notes.prefix(10).map { (a.agent, $0) } }
        if !notes.isEmpty {
            h += "<ul>" + notes.map { "<li><code>\(HTML.text($0.0, limit: 100))</code>: \(HTML.text($0.1, limit: 500))</li>" }.joined() + "</ul>\n"
        }
        return h + "</section>\n"
    }

    func problemSections(_ s: RunSummary) -> String {
        var h = ""
        if !s.failures.isEmpty {
            h += "<section id=\"failures\">\n<h2>Analyzer failures</h2>\n<p>These batches have no values from the analyzer named; the run went on.</p>\n"
            h += HTML.table(
                ["analyzer", "batch", "records", "error"],
                s.failures.prefix(50).map { f in
                    ["<code>\(HTML.text(f.analyzer, limit: 100))</code>", f.batch < 0 ? "whole run" : String(f.batch + 1), String(f.records),
                     HTML.text(f.message, limit: 500)]
                }, numeric: [1, 2]) + "</section>\n"
        }
        let r = s.dataset.read
        if r.malformedCount > 0 {
            h += "<section id=\"malformed\">\n<h2>Malformed rows</h2>\n<p>Skipped and not analysed (<code>--strict</code> makes them fatal).</p>\n"
            var rows = r.malformed.prefix(100).map { [String($0.line), HTML.text($0.reason, limit: 300)] }
            if r.malformedCount > rows.count { rows.append(["…", "\(r.malformedCount - rows.count) more"]) }
            h += HTML.table(["line", "problem"], rows, numeric: [0]) + "</section>\n"
        }
        return h
    }
}
