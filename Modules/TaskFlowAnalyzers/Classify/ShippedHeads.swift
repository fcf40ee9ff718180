import Foundation
import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// The heads TaskFlow ships, trained with `tf train` on public data by `Tools/train-heads`
/// (which also writes `ShippedHeads+Data.swift`): carried inside the binary and installed into
/// the model store on first use, like a pulled model.
enum ShippedHeads {
    /// A head's two files, as `Tools/train-heads` wrote them.
    struct Files: Sendable {
        var manifestBase64: String
        var weightsBase64: String
    }

    /// Installs `name` from the binary unless the store has it.
    ///
    /// - Throws: the store's errors (a read-only home), or `unknown-head` for a name the binary does not carry.
    static func ensureInstalled(_ name: String, home: TaskFlowHome) throws {
        let store = ModelStore(home: home)
        guard !store.isInstalled(name) else { return }
        guard let files = all[name], let weights = Data(base64Encoded: files.weightsBase64),
            let manifest = Data(base64Encoded: files.manifestBase64)
        else {
            throw TaskFlowFailure("unknown-head", "this build carries no head '\(name)'", hint: "tf models list shows the installed heads")
        }
        do {
            try store.installHead(name: name, force: false, source: "shipped:\(name)") { dir in
                try SafeFileWriter.write(weights, to: (dir as NSString).appendingPathComponent(HeadFile.weightsFile))
                try SafeFileWriter.write(manifest, to: (dir as NSString).appendingPathComponent(HeadFile.manifestFile))
            }
        } catch let f as TaskFlowFailure where f.code == "model-exists" {
            // Another process installed it meanwhile.
        }
    }
}
