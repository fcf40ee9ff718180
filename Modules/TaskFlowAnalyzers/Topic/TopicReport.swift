import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// The Markdown section of a topic table: one row per topic, then each topic's records.
enum TopicReport {
    static func markdown(_ table: TopicTable) -> String {
        guard !table.topics.isEmpty else { return "## Topics\n\nNo record had an embedding to group.\n\n" }
        let how =
            table.chosenBy == "silhouette"
            ? "k = \(table.k) chosen by silhouette"
            : table.chosenBy.hasPrefix("run ") ? "topics of \(table.chosenBy)" : "k = \(table.k) (\(table.chosenBy))"
        var md = "## Topics\n\n"
        md += "\(table.k) topics in \(table.records) records (\(Markdown.text(table.method)) on \(Markdown.text(table.model)) embeddings, "
        md += "\(Markdown.text(how)), seed \(table.seed)); \(table.outliers) outliers.\n\n"
        let hasSentiment = table.topics.contains { $0.sentiment != nil }
        let hasEmotion = table.topics.contains { $0.emotion != nil }
        md += "| id | topic | records | share |" + (hasSentiment ? " sentiment | positive | negative |" : "") + (hasEmotion ? " emotion |" : "") + "\n"
        md += "|---:|---|---:|---:|" + (hasSentiment ? "---:|---:|---:|" : "") + (hasEmotion ? "---|" : "") + "\n"
        for t in table.topics {
            md += "| \(t.id) | \(Markdown.text(t.label)) | \(t.size) | \(percent(t.share)) |"
            if hasSentiment {
                if let s = t.sentiment {
                    md += " \(signed(s.mean)) | \(percent(s.positive)) | \(percent(s.negative)) |"
                } else {
                    md += " | | |"
                }
            }
            if hasEmotion { md += " \(Markdown.text(t.emotion ?? "")) |" }
            md += "\n"
        }
        md += "\n"
        for t in table.topics where t.id >= 0 {
            md += "- **\(t.id) \(Markdown.text(t.label))** — \(Markdown.text(t.keywords.joined(separator: ", ")))\n"
            for e in t.representatives.prefix(2) {
                md += "  - \(Markdown.code(e.id)) \(Markdown.text(e.text))\n"
            }
        }
        return md + "\n"
    }

    private static func percent(_ x: Double) -> String {
        String(format: "%.1f%%", x * 100)
    }

    private static func signed(_ x: Double) -> String {
        String(format: "%+.2f", x)
    }
}
