import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

extension ReplSession {
    /// Writes `text` to `given` (after `~`) through `SafeFileWriter`: a regular file is
    /// replaced atomically, a symlink written through, a device written in place.
    ///
    /// - Throws: `TaskFlowFailure` naming a missing folder, a folder in the way, or the reason
    ///   (a full disk: `save /dev/full` fails and leaves `/dev/full` alone).
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
        try SafeFileWriter.write(text, to: path, name: given)
    }
}
