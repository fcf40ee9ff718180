import Foundation
import TaskFlowCore

/// The one-paragraph summary printed on stderr after a run, its control characters neutralised.
public enum RunSummaryLine {
    public static func render(_ s: RunSummary) -> String {
        let rate = s.wallSeconds > 0 ? Double(s.recordsDone) / s.wallSeconds : 0
        let mark: String
        switch s.status {
        case .completed: mark = "done"
        case .cancelled: mark = "cancelled"
        case .failed: mark = "failed"
        case .running: mark = "running"
        case .interrupted: mark = "interrupted"
        }
        var line = "\(mark): \(s.recordsDone) records in \(String(format: "%.2f", s.wallSeconds)) s"
        line += " (\(MarkdownReportRenderer.rate(rate)) records/s)"
        line += s.tools.isEmpty ? " with no per-record analyzers" : " with " + s.tools.map(\.id).joined(separator: ", ")
        if !s.corpus.isEmpty { line += (s.tools.isEmpty ? "; " : ", ") + s.corpus.map(\.analyzer).joined(separator: ", ") }
        if let id = s.runID { line += "; run #\(id)" + (s.databasePath.map { " in \($0)" } ?? "") }
        if s.status == .cancelled || s.status == .interrupted { line += "; finished batches are kept" }
        // Shared features (embeddings) are cached like analyzer outputs and count the same way.
        let features = s.cacheMode == .off ? [] : s.features
        let hits = s.cache.reduce(0) { $0 + $1.hits } + features.reduce(0) { $0 + $1.cacheHits }
        let lookups = s.cache.reduce(0) { $0 + $1.hits + $1.misses } + features.reduce(0) { $0 + $1.cacheHits + $1.records }
        if lookups > 0 {
            let saved = s.cache.reduce(0) { $0 + $1.savedSeconds }
            line += String(format: "; cache %.0f%% hits", Double(hits) / Double(lookups) * 100)
            if saved > 0 { line += String(format: " (saved %.2f s)", saved) }
        }
        var lines = [line]
        let r = s.dataset.read
        if r.malformedCount > 0 {
            let shown = r.malformed.prefix(10).map { String($0.line) }.joined(separator: ", ")
            let more = r.malformedCount > 10 ? ", …" : ""
            lines.append(
                "warning: skipped \(r.malformedCount) malformed row\(r.malformedCount == 1 ? "" : "s") (line\(r.malformedCount == 1 ? "" : "s") \(shown)\(more)); "
                    + "--report FILE.md lists them, --strict stops at the first")
            for m in r.malformed.prefix(3) { lines.append("  line \(m.line): \(m.reason)") }
        }
        if !s.failures.isEmpty {
            let byAnalyzer = Dictionary(grouping: s.failures, by: \.analyzer)
            for (analyzer, list) in byAnalyzer.sorted(by: { $0.key < $1.key }) {
                let records = list.reduce(0) { $0 + $1.records }
                lines.append("warning: \(analyzer) failed on \(list.count) batch\(list.count == 1 ? "" : "es") (\(records) records have no \(analyzer) values): \(list[0].message)")
            }
        }
        for f in s.features where f.truncated > 0 {
            let texts = f.truncated == 1 ? "1 text was" : "\(f.truncated) texts were"
            lines.append("note: \(texts) longer than the window of \(f.feature) and cut to it (for \(f.analyzers.joined(separator: ", ")))")
        }
        for t in s.terms where !t.top.isEmpty {
            var line = "\(t.analyzer): top \(t.task): "
            line += t.top.prefix(6).map { "\($0.text)\($0.label.map { " [\($0)]" } ?? "") (\($0.count))" }.joined(separator: ", ")
            lines.append(line.count > 200 ? String(line.prefix(199)) + "…" : line)
        }
        for c in s.corpus {
            if let table = TopicTable(findings: c) {
                var line = "\(c.analyzer): \(table.k) topic\(table.k == 1 ? "" : "s") (\(table.chosenBy == "silhouette" ? "k by silhouette" : table.chosenBy), seed \(table.seed)), \(table.outliers) outliers: "
                line += table.topics.filter { $0.id >= 0 }.prefix(6).map { "\($0.id) \($0.label) (\($0.size))" }.joined(separator: ", ")
                lines.append(line.count > 200 ? String(line.prefix(199)) + "…" : line)
                continue
            }
            lines.append("\(c.analyzer): \(c.summary.count > 160 ? String(c.summary.prefix(159)) + "…" : c.summary)")
        }
        for a in s.agents {
            switch a.status {
            case .done:
                var line = "\(a.agent): \(a.sections.count) report section\(a.sections.count == 1 ? "" : "s")"
                if let model = a.model, a.llmCalls > 0 {
                    line += " (\(model), \(a.llmCalls) call\(a.llmCalls == 1 ? "" : "s"), \(a.inputTokens + a.outputTokens) tokens"
                    line += a.cost.map { String(format: ", $%.4f", $0) } ?? ""
                    line += (a.cacheHits ?? 0) > 0 ? ", \(a.cacheHits!) cached" : ""
                    line += ")"
                }
                lines.append(line)
                for note in a.notes { lines.append("note: \(a.agent): \(note)") }
            case .skipped:
                for note in a.notes { lines.append("warning: skipped \(a.agent): \(note)") }
            case .failed:
                break  // listed with the run's failures
            }
        }
        if r.invalidUTF8 > 0 {
            lines.append("warning: \(r.invalidUTF8) text\(r.invalidUTF8 == 1 ? "" : "s") had invalid UTF-8, replaced with U+FFFD")
        }
        for warning in r.idAndColumnWarnings { lines.append("warning: \(warning)") }
        if r.nulReplaced > 0 {
            lines.append("warning: \(r.nulReplaced) text\(r.nulReplaced == 1 ? "" : "s") had NUL characters, replaced with U+FFFD")
        }
        if r.emptyTexts > 0 {
            lines.append("note: \(r.emptyTexts) empty text\(r.emptyTexts == 1 ? "" : "s") (neutral results)")
        }
        // Messages, paths and names in it come from data: no control sequence reaches the terminal.
        return lines.map { TerminalSafe.neutralise($0) }.joined(separator: "\n") + "\n"
    }
}
