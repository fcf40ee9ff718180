import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting

extension Workspace {
    /// Checks, before a run, that a report can be written to `path`: a known format and an
    /// existing folder (so a mistake costs nothing).
    public func checkReportPath(_ path: String) throws {
        _ = try ReportFormat.forPath(path)
        let folder = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw TaskFlowFailure(
                "report-unwritable", "cannot write the report to \(path): folder \(folder) does not exist",
                hint: "create the folder or choose another path", exitCode: 2)
        }
    }

    /// The report of a run, in the format its path's extension names.
    public func renderReport(_ summary: RunSummary, for path: String) throws -> String {
        try ReportFormat.forPath(path).render(summary)
    }

    /// Writes a run's report to `path` (`.md` or `.json`).
    ///
    /// - Throws: for an unknown extension or a failed write, naming the path.
    public func writeReport(_ summary: RunSummary, to path: String) throws {
        let text = try renderReport(summary, for: path)
        do {
            // Atomically for regular files; devices and pipes (/dev/stdout) are written in place.
            var isRegular = true
            if let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType {
                isRegular = type == .typeRegular
            }
            try text.write(toFile: path, atomically: isRegular, encoding: .utf8)
        } catch {
            throw TaskFlowFailure(
                "report-unwritable", "cannot write the report to \(path): \(error.localizedDescription)",
                hint: "check that the folder exists and is writable")
        }
    }
}
