import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// The report formats `--report PATH` writes, chosen by the file's extension.
public enum ReportFormat: String, Sendable, CaseIterable {
    case markdown = "md"
    case json
    case html

    /// The version of the JSON report's layout (`schemaVersion` in it; `Docs/report.schema.json`
    /// documents it). Raised when a field changes meaning or goes away; new optional fields keep it.
    public static let schemaVersion = 1

    /// The format for a path's extension.
    public static func forPath(_ path: String) throws -> ReportFormat {
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "md", "markdown": return .markdown
        case "json": return .json
        case "html", "htm": return .html
        default:
            throw TaskFlowFailure(
                "report-format", "cannot write a report to '\(path)': unknown report type '.\(ext)'",
                hint: "end the path with .html (a page with charts), .md (Markdown) or .json", exitCode: 2)
        }
    }

    /// The report text for a run.
    public func render(_ summary: RunSummary) throws -> String {
        switch self {
        case .markdown: return MarkdownReportRenderer().render(summary)
        case .html: return HTMLReportRenderer().render(summary)
        case .json: return try Self.json(JSONReport(summary: summary, comparison: nil))
        }
    }

    /// The report of `run` next to `baseline`: the differences (label shares, topic sizes,
    /// keyphrases) and each run's facts.
    public func render(_ run: RunSummary, comparedWith baseline: RunSummary) throws -> String {
        let comparison = RunComparison(run: run, baseline: baseline)
        switch self {
        case .markdown: return MarkdownReportRenderer().render(comparison)
        case .html: return HTMLReportRenderer().render(comparison)
        case .json: return try Self.json(JSONReport(summary: run, comparison: comparison))
        }
    }

    static func json(_ report: JSONReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}

/// The JSON report: the run's summary with `schemaVersion` beside its fields and, for a
/// comparison, a `comparison` object.
struct JSONReport: Encodable {
    var summary: RunSummary
    var comparison: RunComparison?

    private enum Keys: String, CodingKey { case schemaVersion, comparison }

    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(ReportFormat.schemaVersion, forKey: .schemaVersion)
        try c.encodeIfPresent(comparison, forKey: .comparison)
    }
}
