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
        try refuseTaken(name, force: force)
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

    /// Checks `name` is a valid name, free unless `force`.
    ///
    /// - Throws: `model-exists` for a name taken (without `force`); an invalid name.
    public func refuseTaken(_ name: String, force: Bool) throws {
        try Self.validate(name: name)
        if isInstalled(name) && !force {
            throw TaskFlowFailure(
                "model-exists", "model '\(name)' is already installed at \(directory(for: name))",
                hint: "pass --force to replace it, or choose another name")
        }
    }

    /// A trained head of `level` with the embedding model it was trained on, checked to be the
    /// same model still (its decisive files' fingerprint).
    ///
    /// - Throws: `wrong-head-level` naming what runs it instead, `head-stale` when the embedding
    ///   model changed since training, and `head(_:)`'s errors.
    public func trainedHead(_ name: String, level: HeadManifest.Level, tool: String, otherwise: String) throws
        -> (head: ClassifierHead, manifest: HeadManifest, resolved: ResolvedModel, embedding: ResolvedModel)
    {
        let (head, manifest, resolved) = try head(name)
        guard (manifest.level ?? .sequence) == level else {
            throw TaskFlowFailure(
                "wrong-head-level", "\(tool): head '\(name)' labels \(level == .tokens ? "whole texts, not tokens" : "tokens, not whole texts")",
                hint: otherwise)
        }
        let embedding = try resolve(manifest.embeddingModel)
        let fingerprint = HeadManifest.embeddingFingerprint(of: embedding.manifest)
        guard fingerprint == manifest.embeddingFingerprint else {
            throw TaskFlowFailure(
                "head-stale",
                "head '\(name)' was trained on \(manifest.embeddingModel) with fingerprint \(manifest.embeddingFingerprint.prefix(12)), "
                    + "but the installed \(manifest.embeddingModel) has \(fingerprint.prefix(12)): its vectors differ",
                hint: "retrain it: tf train \(manifest.name) \(level == .tokens ? "--task tokens --data FILE.conll" : "--data FILE --text COL --label COL") --force")
        }
        return (head, manifest, resolved, embedding)
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
