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

    /// Installs `name` from the binary unless the store has it — or has an older shipped copy
    /// (installed from a binary, `shipped:` source, with another `head.json`), which is
    /// replaced so a new build's head takes effect. A head trained under that name is kept.
    ///
    /// - Throws: the store's errors (a read-only home), or `unknown-head` for a name the binary does not carry.
    static func ensureInstalled(_ name: String, home: TaskFlowHome) throws {
        let store = ModelStore(home: home)
        guard let files = all[name], let manifest = Data(base64Encoded: files.manifestBase64) else {
            throw TaskFlowFailure("unknown-head", "this build carries no head '\(name)'", hint: "tf models list shows the installed heads")
        }
        var replace = false
        if store.isInstalled(name) {
            guard isOlderShippedCopy(name, store: store, carried: manifest) else { return }
            replace = true
        }
        guard let weights = Data(base64Encoded: files.weightsBase64) else {
            throw TaskFlowFailure("unknown-head", "this build carries no head '\(name)'", hint: "tf models list shows the installed heads")
        }
        do {
            try store.installHead(name: name, force: replace, source: "shipped:\(name)") { dir in
                try SafeFileWriter.write(weights, to: (dir as NSString).appendingPathComponent(HeadFile.weightsFile))
                try SafeFileWriter.write(manifest, to: (dir as NSString).appendingPathComponent(HeadFile.manifestFile))
            }
        } catch let f as TaskFlowFailure where f.code == "model-exists" {
            // Another process installed it meanwhile.
        }
    }

    /// Whether the store's `name` came from a binary (`shipped:`) and differs from `carried`.
    static func isOlderShippedCopy(_ name: String, store: ModelStore, carried: Data) -> Bool {
        let dir = store.directory(for: name)
        guard let data = FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent(ModelManifest.fileName)),
            let installed = try? JSONDecoder().decode(ModelManifest.self, from: data), installed.source.hasPrefix("shipped:")
        else { return false }
        return FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent(HeadFile.manifestFile)) != carried
    }
}
