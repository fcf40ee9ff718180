import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// The report formats `--report PATH` writes, chosen by the file's extension.
public enum ReportFormat: String, Sendable, CaseIterable {
    case markdown = "md"
    case json

    /// The format for a path's extension.
    public static func forPath(_ path: String) throws -> ReportFormat {
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "md", "markdown": return .markdown
        case "json": return .json
        default:
            throw TaskFlowFailure(
                "report-format", "cannot write a report to '\(path)': unknown report type '.\(ext)'",
                hint: "end the path with .md (Markdown) or .json", exitCode: 2)
        }
    }

    /// The report text for a run.
    public func render(_ summary: RunSummary) throws -> String {
        switch self {
        case .markdown: return MarkdownReportRenderer().render(summary)
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            return String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n"
        }
    }
}
