import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// The Keyphrases and Entities sections: the most frequent terms of the run, with the records
/// that mention them.
extension MarkdownReportRenderer {
    /// Terms shown per table.
    static let termRows = 15

    func termSections(_ s: RunSummary) -> String {
        var md = ""
        for f in s.terms {
            let title = f.task == "entities" ? "Entities" : f.task == "keyphrases" ? "Keyphrases" : f.task.capitalized
            md += "## \(Markdown.text(title)) (\(Markdown.code(f.analyzer)))\n\n"
            let share = s.recordsDone > 0 ? String(format: " (%.1f%%)", Double(f.records) / Double(s.recordsDone) * 100) : ""
            md += "\(f.records) of \(s.recordsDone) records have one\(share); \(f.distinct) distinct"
            md += " (spellings that differ in case or plural count as one). Counts are records.\n\n"
            if !f.labels.isEmpty {
                md += "| label | records | most frequent |\n|---|---:|---|\n"
                for l in f.labels.prefix(20) {
                    let top = l.top.prefix(4).map { "\(Markdown.text($0.text)) (\($0.count))" }.joined(separator: ", ")
                    md += "| \(Markdown.text(l.label)) | \(l.records) | \(top) |\n"
                }
                md += "\n"
            }
            let labelled = f.top.contains { $0.label != nil }
            md += labelled ? "| entity | label | records | example |\n|---|---|---:|---|\n" : "| keyphrase | records | example |\n|---|---:|---|\n"
            for t in f.top.prefix(Self.termRows) {
                let example = t.examples.first.map { "\(Markdown.code($0.id, inTable: true)): \(Markdown.text($0.text))" } ?? ""
                md += "| \(Markdown.text(t.text)) | " + (labelled ? "\(Markdown.text(t.label ?? "")) | " : "")
                md += "\(t.count) | \(example) |\n"
            }
            md += "\n"
        }
        return md
    }
}
