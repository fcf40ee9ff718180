import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

extension ModelStore {
    /// Installs a trained head as `name`: `write` fills a staging folder, which must then read
    /// back as a head; it is hashed into a manifest and moved into place like any model.
    ///
    /// - Throws: when the name is taken (without `force`) or invalid, or the head does not read back.
    @discardableResult
    public func installHead(name: String, force: Bool = false, source: String, write: (String) throws -> Void) throws -> ModelManifest {
        try Self.validate(name: name)
        if isInstalled(name) && !force {
            throw TaskFlowFailure(
                "model-exists", "model '\(name)' is already installed at \(directory(for: name))",
                hint: "pass --force to replace it, or choose another name")
        }
        sweepLeftovers(temporary: nil)
        let staging = try makeStaging(name)
        do {
            try write(staging)
            return try install(staging: staging, name: name, source: source) { _ = try HeadFile.read($0) }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    /// The head installed as `nameOrPath` (or the head folder at that path), checked against its
    /// manifest's file hashes like a model.
    ///
    /// - Throws: `not-a-head` when it is an encoder or something else.
    public func head(_ nameOrPath: String) throws -> (head: ClassifierHead, manifest: HeadManifest, resolved: ResolvedModel) {
        let resolved = try resolve(nameOrPath)
        guard HeadFile.isHead(resolved.directory) else {
            throw TaskFlowFailure(
                "not-a-head", "'\(nameOrPath)' (\(resolved.directory)) is not a trained head: it has no \(HeadFile.manifestFile)",
                hint: "train one with tf train NAME --data FILE --text COL --label COL; tf models list shows what is installed")
        }
        try ModelVerifier.verify(resolved)
        let (head, manifest) = try HeadFile.read(resolved.directory)
        return (head, manifest, resolved)
    }
}
