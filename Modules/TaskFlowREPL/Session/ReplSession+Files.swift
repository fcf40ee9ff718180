import Foundation
import TaskFlowPluginAPI

extension ReplSession {
    /// Writes `text` to `given` (after `~`), creating or replacing the file.
    ///
    /// - Throws: `TaskFlowFailure` naming a missing folder, a folder in the way, or the reason.
    func writeFile(_ text: String, to original: String) throws {
        let path = resolveOutputPath(original)
        let given = ReplArguments.briefPath(original)
        let folder = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw TaskFlowFailure("cannot-write", "cannot write \(given): folder \(ReplArguments.briefPath(folder)) does not exist", hint: "create the folder or choose another path")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw TaskFlowFailure("is-a-folder", "\(given) is a folder", hint: "give a file name, e.g. \(given)/out.md")
        }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw ReplFailure.cannotWrite(original, reason: (error as NSError).localizedFailureReason ?? "permission denied?")
        }
    }
}
