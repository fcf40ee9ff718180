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
        // Regular files atomically, symlinks written through, devices and pipes in place.
        try SafeFileWriter.write(text, to: path)
    }
}
