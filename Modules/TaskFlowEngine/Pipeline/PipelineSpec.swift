import TaskFlowCore
import TaskFlowLLM
import TaskFlowPluginAPI

/// What a run does: which data, which analyzers, on which device, in which batches.
public struct PipelineSpec: Sendable {
    public var source: DatasetSource
    /// The tools of every kind, in the order given: per-batch analyzers run on each batch,
    /// corpus analyzers after the last batch of a completed run, then agents in order.
    public var tools: [ToolSelection]
    /// The language model agents may call (`--llm`), or nil.
    public var languageModel: (any LanguageModel)?
    /// Makes the client for an agent that names its own provider or model (its `llm` and
    /// `model` options); nil arguments mean the run's.
    public var languageModelFactory: (@Sendable (_ provider: String?, _ model: String?) throws -> (any LanguageModel)?)?
    /// Dollars the run's language-model calls may cost (`--budget`), or nil for no limit.
    public var llmBudget: Double?
    /// What the run's language-model calls cost per token.
    public var llmPrices: LLMPriceTable = .shipped
    /// The semantic cache's similarity threshold (`--set llm.semantic-cache=0.95`), or nil for none.
    public var semanticCacheThreshold: Double?
    /// Embeds prompts for the semantic cache.
    public var semanticEmbedder: SemanticLLMCache.Embedder?
    public var device: Device
    public var batchSize: Int
    /// How many analyzers of one batch may run at the same time.
    public var maxConcurrentAnalyzers: Int
    /// Whether to read and write the engine's content cache.
    public var cacheMode: CacheMode
    /// Cache even analyzers whose descriptor says recomputing is cheaper (for measurements).
    public var cacheCheapAnalyzers: Bool
    /// The feature extractor of each kind the analyzers may ask for (`embedding`), usually
    /// `ToolRegistry.featureExtractors.byKind`. A run whose analyzers need a kind missing here
    /// stops before it is recorded.
    public var featureExtractors: [String: any FeatureExtractor.Type]
    /// The views of the records' columns the summary carries: breakdowns (`--by`), the trend
    /// (`--time`) and rating agreement (`--rating`). The columns are checked against the
    /// dataset's after its first batch at the latest (before any record is read when a CSV
    /// header names them); the time and rating columns are detected when not named.
    public var columnViews: ColumnViewRequest

    public init(
        source: DatasetSource, tools: [ToolSelection], device: Device = .auto, batchSize: Int = 256,
        maxConcurrentAnalyzers: Int = 4, cacheMode: CacheMode = .on, cacheCheapAnalyzers: Bool = false,
        featureExtractors: [String: any FeatureExtractor.Type] = [:], columnViews: ColumnViewRequest = ColumnViewRequest()
    ) {
        self.columnViews = columnViews
        self.featureExtractors = featureExtractors
        self.cacheCheapAnalyzers = cacheCheapAnalyzers
        self.cacheMode = cacheMode
        self.source = source
        self.tools = tools
        self.device = device
        self.batchSize = batchSize
        self.maxConcurrentAnalyzers = maxConcurrentAnalyzers
    }
}

extension PipelineSpec {
    /// The per-batch analyzers, in pipeline order.
    var analyzers: [ToolSelection] { tools.filter { $0.kind == .analyzer } }
    /// The corpus analyzers, in pipeline order.
    var corpusTools: [ToolSelection] { tools.filter { $0.kind == .corpus } }
    /// The agents, in pipeline order.
    var agents: [ToolSelection] { tools.filter { $0.kind == .agent } }
}

extension ToolSelection {
    /// A new instance of the per-batch analyzer.
    func makeAnalyzer(context: AnalyzerContext) throws -> any Analyzer {
        guard case .analyzer(let t) = entry.type else { throw Self.wrongKind(id) }
        return try t.init(options: options, context: context)
    }

    /// A new instance of the corpus analyzer.
    func makeCorpusAnalyzer(context: AnalyzerContext) throws -> any CorpusAnalyzer {
        guard case .corpus(let t) = entry.type else { throw Self.wrongKind(id) }
        return try t.init(options: options, context: context)
    }

    /// A new instance of the agent.
    func makeAgent(context: AgentContext) throws -> any Agent {
        guard case .agent(let t) = entry.type else { throw Self.wrongKind(id) }
        return try t.init(options: options, context: context)
    }

    private static func wrongKind(_ id: String) -> TaskFlowFailure {
        TaskFlowFailure("internal", "\(id) was asked to run as another kind of tool", hint: "report this as a bug")
    }
}
