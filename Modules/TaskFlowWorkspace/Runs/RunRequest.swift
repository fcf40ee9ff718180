import TaskFlowCore
import TaskFlowPluginAPI

/// What a front end asks to run: a dataset, tools as a person names them, their options and
/// the run's settings.
public struct RunRequest: Sendable {
    public var source: DatasetSource
    /// Tool names as typed: ids, tasks, corpus analyzers, agents (`sentiment,duplicates`).
    public var tools: [String]
    /// Option overrides per tool name (`["sentiment": ["threshold": "0.3"]]`), as typed.
    public var options: [String: [String: String]]
    /// `auto`, `cpu`, `gpu` or `gpu:N`.
    public var device: String
    /// CPU threads; nil means every core.
    public var threads: Int?
    public var batchSize: Int
    public var cacheMode: CacheMode
    /// The language model agents may call: `none`, `mock`, … (nil: `$TF_LLM`, else none).
    public var llm: String?
    /// The model agents ask (`--llm-model`); nil: `$TF_LLM_MODEL`, else the provider's default.
    public var llmModel: String?
    /// Dollars the run's language-model calls may cost at most (`--budget`); nil: no limit.
    public var budget: Double?
    /// Breakdowns, trend and rating views of the records' columns for the summary and reports
    /// (`--by`, `--time`, `--rating`, `--period`).
    public var columnViews: ColumnViewRequest

    public init(
        source: DatasetSource, tools: [String], options: [String: [String: String]] = [:], device: String = "auto",
        threads: Int? = nil, batchSize: Int = 256, cacheMode: CacheMode = .on, llm: String? = nil,
        columnViews: ColumnViewRequest = ColumnViewRequest()
    ) {
        self.columnViews = columnViews
        self.source = source
        self.tools = tools
        self.options = options
        self.device = device
        self.threads = threads
        self.batchSize = batchSize
        self.cacheMode = cacheMode
        self.llm = llm
    }
}
