import Foundation
import TaskFlowCache
import TaskFlowCore
import TaskFlowPluginAPI

/// Everything a run settles before its first batch: the device, every tool and feature
/// extractor made, the fixed part of every cache key.
///
/// Immutable, so the stages that run in other tasks (reading ahead, storing behind, analyzers
/// in parallel) share it freely.
struct RunPlan: Sendable {
    let spec: PipelineSpec
    let device: Device
    let context: AnalyzerContext
    /// The per-batch analyzers, in pipeline order, with what the run records about each.
    let analyzers: [any Analyzer]
    let tools: [ToolFacts]
    /// Per analyzer, the maker of its cache keys; nil when it is not cached.
    let keyMakers: [CacheKeyMaker?]
    /// The shared features some analyzer consumes, each computed once per batch.
    let features: [PlannedFeature]
    /// Per analyzer, the indexes in `features` of those it consumes.
    private(set) var featuresOf: [[Int]]
    let corpusAnalyzers: [any CorpusAnalyzer]
    /// The indexes in `features` that some corpus analyzer consumes: computed for every record
    /// and kept in the corpus.
    let corpusFeatures: [Int]
    let agents: [any Agent]
    /// The content cache, or nil when the run does not use it.
    let cache: TieredCache?
    let clock = ContinuousClock()
    /// When the run started (before its tools were made), on `clock` and on the calendar.
    let startedAt: ContinuousClock.Instant
    let startDate: Date

    /// Makes every tool of `spec`, in pipeline order, and one extractor per feature they need.
    ///
    /// - Throws: a tool's or an extractor's refusal (bad options, a missing model), or a
    ///   `TaskFlowFailure` for a feature no extractor computes.
    init(
        spec: PipelineSpec, device: Device, home: TaskFlowHome, cache: TieredCache?,
        startedAt: (ContinuousClock.Instant, Date) = (ContinuousClock.now, Date())
    ) throws {
        (self.startedAt, startDate) = startedAt
        self.spec = spec
        self.device = device
        self.cache = cache
        let context = AnalyzerContext(device: device.name, threads: device.threads, homeDirectory: home.path)
        self.context = context
        let selections = spec.analyzers
        let analyzers = try selections.map { try $0.makeAnalyzer(context: context) }
        self.analyzers = analyzers
        corpusAnalyzers = try spec.corpusTools.map { try $0.makeCorpusAnalyzer(context: context) }
        let agentContext = AgentContext(analyzer: context, languageModel: spec.languageModel)
        agents = try spec.agents.map { try $0.makeAgent(context: agentContext) }
        // A trained head names its own task.
        tools = zip(selections, analyzers).map { selection, analyzer in
            var facts = selection.facts
            if let named = analyzer as? any AnalyzerTaskNaming, !named.task.isEmpty { facts.task = named.task }
            return facts
        }
        keyMakers = zip(selections, analyzers).map { selection, analyzer in
            let d = selection.entry.analyzerDescriptor
            guard cache != nil, d.cacheable || spec.cacheCheapAnalyzers else { return nil }
            return CacheKeyMaker(descriptor: d, options: selection.options, fingerprints: analyzer.fingerprints)
        }
        let corpusRequests = corpusAnalyzers.map(\.features)
        (features, featuresOf) = try Self.planFeatures(
            requests: analyzers.map(\.features) + corpusRequests, ids: selections.map(\.id) + spec.corpusTools.map(\.id),
            extractors: spec.featureExtractors, context: context, cached: cache != nil)
        // Corpus analyzers' lists follow the analyzers' in `featuresOf`.
        corpusFeatures = Array(Set(featuresOf[analyzers.count...].joined())).sorted()
        featuresOf.removeLast(corpusRequests.count)
    }

    var refresh: Bool { spec.cacheMode == .refresh }
    /// Per planned feature, its request when a corpus analyzer consumes it, else nil.
    var corpusFeatureSlots: [FeatureRequest?] {
        features.indices.map { corpusFeatures.contains($0) ? features[$0].request : nil }
    }
    /// Whether the run keeps every record and value for corpus analyzers and agents.
    var keepCorpus: Bool { !corpusAnalyzers.isEmpty || !agents.isEmpty }

    /// One planned feature per distinct request, in the order tools ask; per tool (`asked`,
    /// one list per tool, ids alike), the indexes of its features.
    private static func planFeatures(
        requests asked: [[FeatureRequest]], ids: [String], extractors: [String: any FeatureExtractor.Type],
        context: AnalyzerContext, cached: Bool
    ) throws -> ([PlannedFeature], [[Int]]) {
        var requests: [FeatureRequest] = []
        var featuresOf: [[Int]] = []
        for wanted in asked {
            var mine: [Int] = []
            for request in wanted {
                let f = requests.firstIndex(of: request) ?? requests.count
                if f == requests.count { requests.append(request) }
                if !mine.contains(f) { mine.append(f) }
            }
            featuresOf.append(mine)
        }
        let planned = try requests.enumerated().map { f, request in
            let consumers = ids.indices.filter { featuresOf[$0].contains(f) }.map { ids[$0] }
            guard let type = extractors[request.kind] else {
                let known = extractors.keys.sorted()
                throw TaskFlowFailure(
                    "unknown-feature",
                    "\(consumers.joined(separator: ", ")) needs the feature \(request), and no feature extractor computes '\(request.kind)'",
                    hint: known.isEmpty
                        ? "load the plugin that provides it (none is registered)"
                        : "load the plugin that provides it; registered kinds: " + known.joined(separator: ", "))
            }
            let extractor = try type.init(model: request.model, context: context)
            let keyMaker =
                cached
                ? CacheKeyMaker(
                    id: request.cacheID, version: type.version, options: AnalyzerOptions(["model": .string(request.model)]),
                    fingerprints: extractor.fingerprints)
                : nil
            return PlannedFeature(request: request, extractor: extractor, keyMaker: keyMaker, consumers: consumers)
        }
        return (planned, featuresOf)
    }
}

/// A shared feature a run computes: what was asked, the extractor made for it (once per run)
/// and the fixed part of its cache keys.
struct PlannedFeature: Sendable {
    let request: FeatureRequest
    let extractor: any FeatureExtractor
    /// Nil when the run does not use the cache.
    let keyMaker: CacheKeyMaker?
    /// The ids of the analyzers that consume it, in pipeline order.
    let consumers: [String]
}

extension FeatureRequest {
    /// The id its values are cached under, like an analyzer's: `feature:embedding`.
    var cacheID: String { "feature:" + kind }
}
