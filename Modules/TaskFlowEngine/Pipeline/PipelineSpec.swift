import TaskFlowCore
import TaskFlowPluginAPI

/// One analyzer of a pipeline, with its effective options.
public struct ToolSelection: Sendable {
    public var type: any Analyzer.Type
    public var options: AnalyzerOptions

    public init(type: any Analyzer.Type, options: AnalyzerOptions) {
        self.type = type
        self.options = options
    }

    /// The analyzer with its declared defaults.
    public init(type: any Analyzer.Type) throws {
        self.type = type
        self.options = try AnalyzerRegistry.effectiveOptions(for: type.descriptor)
    }

    var facts: ToolFacts {
        let d = type.descriptor
        return ToolFacts(id: d.id, task: d.task, version: d.version, backend: d.backend, options: options.canonicalJSON)
    }
}

/// What a run does: which data, which analyzers, on which device, in which batches.
public struct PipelineSpec: Sendable {
    public var source: DatasetSource
    public var tools: [ToolSelection]
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
