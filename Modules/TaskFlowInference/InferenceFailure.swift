import TaskFlowPluginAPI

/// The failures TaskFlowInference reports, each naming the file or value involved and the fix.
///
/// They are plain `TaskFlowFailure`s (a stable `code`, a one-line description and a hint), made
/// here so the wording stays consistent across the loader, the tokenizers and the encoders.
enum InferenceFailure {
    /// The hint for a broken model file: pull it again when `tf models pull` knows it, else
    /// install it again from its folder.
    static func repairHint(model: String?) -> String {
        guard let model else {
            return "re-download or re-export the model (for a model in the store: tf models pull NAME --force)"
        }
        if ModelCatalog.entry(model) != nil { return "re-download it: tf models pull \(model) --force" }
        return "install it again from its folder: tf models add \(model) DIR --force"
    }

    /// A model file that is missing, truncated or malformed.
    static func corruptFile(_ path: String, _ detail: String, model: String?) -> TaskFlowFailure {
        TaskFlowFailure("corrupt-model-file", "\(path): \(detail)", hint: repairHint(model: model))
    }

    /// A required file that is absent.
    static func missingFile(_ path: String, _ what: String, model: String?) -> TaskFlowFailure {
        TaskFlowFailure("missing-model-file", "\(path) is missing (\(what))", hint: repairHint(model: model))
    }

    /// A file that exists but cannot be read.
    static func unreadable(_ path: String, _ reason: String) -> TaskFlowFailure {
        TaskFlowFailure("unreadable-model-file", "cannot read \(path): \(reason)", hint: "check the path and its permissions")
    }

    /// A model whose forward pass gave NaN or infinite values: damaged weights, or numbers in
    /// config.json no model can use. Nothing it computed may be kept.
    static func nonFinite(model: EncoderModel, texts: Int, of total: Int) -> TaskFlowFailure {
        let label = model.name.map { "model '\($0)' (\(model.directory))" } ?? "the model at \(model.directory)"
        return TaskFlowFailure(
            "non-finite-output",
            "\(label) gave NaN or infinite values for \(texts) of \(total) texts: its weights are damaged or its config.json holds numbers no model can use",
            hint: repairHint(model: model.name))
    }

    /// Something the model or tokenizer files ask for that this build does not implement.
    static func unsupported(_ what: String, hint: String) -> TaskFlowFailure {
        TaskFlowFailure("unsupported-model", what, hint: hint)
    }
}
