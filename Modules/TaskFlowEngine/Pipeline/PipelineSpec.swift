import TaskFlowCore
import TaskFlowPluginAPI

/// One analyzer of a pipeline, with its effective options.
public struct ToolSelection: Sendable {
    public var type: any Analyzer.Type
    /// The descriptor the analyzer is registered under (a plugin's id carries its namespace).
    public var descriptor: AnalyzerDescriptor
    public var options: AnalyzerOptions

    public init(type: any Analyzer.Type, options: AnalyzerOptions) {
        self.type = type
        self.descriptor = type.descriptor
        self.options = options
    }

    /// The analyzer with its declared defaults.
    public init(type: any Analyzer.Type) throws {
        try self.init(entry: RegisteredAnalyzer(type: type))
    }

    /// A registered analyzer with its declared defaults, or with `options`.
    public init(entry: RegisteredAnalyzer, options: AnalyzerOptions? = nil) throws {
        self.type = entry.type
        self.descriptor = entry.descriptor
        self.options = try options ?? AnalyzerRegistry.effectiveOptions(for: entry.descriptor)
    }

    var facts: ToolFacts {
        let d = descriptor
        return ToolFacts(id: d.id, task: d.task, version: d.version, backend: d.backend, options: options.canonicalJSON)
    }
}

/// A corpus analyzer of a pipeline, with its effective options.
public struct CorpusSelection: Sendable {
    public var type: any CorpusAnalyzer.Type
    public var descriptor: AnalyzerDescriptor
    public var options: AnalyzerOptions

    /// A registered corpus analyzer with its declared defaults, or with `options`.
    public init(entry: RegisteredCorpusAnalyzer, options: AnalyzerOptions? = nil) throws {
        type = entry.type
        descriptor = entry.descriptor
        self.options = try options ?? AnalyzerRegistry.effectiveOptions(for: entry.descriptor)
    }
}

/// An agent of a pipeline, with its effective options.
public struct AgentSelection: Sendable {
    public var type: any Agent.Type
    public var descriptor: AgentDescriptor
    public var options: AnalyzerOptions

    /// A registered agent with its declared defaults, or with `options`.
    public init(entry: RegisteredAgent, options: AnalyzerOptions? = nil) throws {
        type = entry.type
        descriptor = entry.descriptor
        self.options = try options ?? AnalyzerRegistry.effectiveOptions(for: entry.descriptor)
    }
}

/// What a run does: which data, which analyzers, on which device, in which batches.
public struct PipelineSpec: Sendable {
    public var source: DatasetSource
    public var tools: [ToolSelection]
    /// Whole-run analyzers, run after the last batch of a completed run.
    public var corpusTools: [CorpusSelection] = []
    /// Agents, run in order after the corpus analyzers of a completed run.
    public var agents: [AgentSelection] = []
    /// The language model agents may call (`--llm`), or nil.
    public var languageModel: (any LanguageModel)?
    public var device: Device
    public var batchSize: Int
    /// How many analyzers of one batch may run at the same time.
    public var maxConcurrentAnalyzers: Int
    /// Test hook: after this many committed batches the run waits until cancelled or killed.
    public var stallAfterBatches: Int?
    /// Whether to read and write the engine's content cache.
    public var cacheMode: CacheMode
    /// Cache even analyzers whose descriptor says recomputing is cheaper (for measurements).
    public var cacheCheapAnalyzers: Bool

    public init(
        source: DatasetSource, tools: [ToolSelection], device: Device = .auto, batchSize: Int = 256,
        maxConcurrentAnalyzers: Int = 4, stallAfterBatches: Int? = nil, cacheMode: CacheMode = .on,
        cacheCheapAnalyzers: Bool = false
    ) {
        self.cacheCheapAnalyzers = cacheCheapAnalyzers
        self.cacheMode = cacheMode
        self.source = source
        self.tools = tools
        self.device = device
        self.batchSize = batchSize
        self.maxConcurrentAnalyzers = maxConcurrentAnalyzers
        self.stallAfterBatches = stallAfterBatches
    }
}
