import TaskFlowPluginAPI

/// Reads an architecture's tensors by name from a safetensors file, under a name prefix.
///
/// Checkpoints with a head store the encoder under `bert.`/`roberta.`/`distilbert.` and the head
/// at top level; bare encoders have no prefix. A missing tensor or a wrong shape is an error
/// that says the weights do not match the architecture config.json names, and what the
/// weights look like instead.
final class WeightReader {
    let file: SafetensorsFile
    let prefix: String
    let architecture: String
    let configPath: String

    init(file: SafetensorsFile, architecture: String, prefixes: [String], probe: String, configPath: String) throws {
        self.file = file
        self.architecture = architecture
        self.configPath = configPath
        guard let p = prefixes.first(where: { file.tensors[$0 + probe] != nil }) else {
            throw Self.mismatch(file: file, architecture: architecture, missing: (prefixes.first ?? "") + probe, configPath: configPath)
        }
        prefix = p
    }

    /// A tensor of the encoder (under the prefix) with the shape it must have.
    func tensor(_ name: String, shape: [Int]) throws -> Tensor {
        try tensor([name], shape: shape)
    }

    /// The first of `names` present (under the prefix), with the shape it must have.
    func tensor(_ names: [String], shape: [Int]) throws -> Tensor {
        guard let name = names.first(where: { file.tensors[prefix + $0] != nil }) else {
            throw Self.mismatch(file: file, architecture: architecture, missing: prefix + names[0], configPath: configPath)
        }
        return try checked(prefix + name, shape: shape)
    }

    /// A top-level tensor (a head), with its shape.
    func headTensor(_ name: String, shape: [Int]) throws -> Tensor {
        guard file.tensors[name] != nil else {
            throw Self.mismatch(file: file, architecture: architecture, missing: name, configPath: configPath)
        }
        return try checked(name, shape: shape)
    }

    /// Whether a top-level tensor exists.
    func hasHead(_ name: String) -> Bool { file.tensors[name] != nil }

    private func checked(_ full: String, shape: [Int]) throws -> Tensor {
        let t = try file.tensor(full)
        guard t.shape == shape else {
            throw TaskFlowFailure(
                "weights-mismatch",
                "\(file.path): tensor '\(full)' has shape \(t.shape), but \(configPath) implies \(shape)",
                hint: "config.json and model.safetensors come from different models; \(InferenceFailure.repairHint(model: file.modelName))")
        }
        return t
    }

    /// The error for weights that lack what the configured architecture needs.
    static func mismatch(file: SafetensorsFile, architecture: String, missing: String, configPath: String) -> TaskFlowFailure {
        let names = file.tensors.keys
        let looksLike: String?
        if names.contains(where: { $0.hasPrefix("distilbert.") || $0.contains("transformer.layer.") }) {
            looksLike = "distilbert"
        } else if names.contains(where: { $0.hasPrefix("roberta.") }) {
            looksLike = "roberta"
        } else if names.contains(where: { $0.hasPrefix("bert.") || $0.hasPrefix("encoder.layer.") }) {
            looksLike = "bert"
        } else {
            looksLike = nil
        }
        var description = "\(file.path) has no tensor '\(missing)', which a \(architecture) model needs"
        if let looksLike, looksLike != architecture {
            description += "; the weights look like a \(looksLike) model"
        }
        return TaskFlowFailure(
            "weights-mismatch", description,
            hint: "\(configPath) names architecture '\(architecture)'; use the config.json that came with these weights, or \(InferenceFailure.repairHint(model: file.modelName))")
    }
}
