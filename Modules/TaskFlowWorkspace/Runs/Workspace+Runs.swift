import Foundation
import TaskFlowAnalyzers
import TaskFlowCore
import TaskFlowEngine
import TaskFlowLLM
import TaskFlowPluginAPI
import TaskFlowStorage

extension Workspace {
    /// The selections a request's tools and options resolve to, in pipeline order.
    ///
    /// - Throws: for an unknown tool or option (with "did you mean"), or an empty list.
    public func resolve(tools: [String], options: [String: [String: String]] = [:]) throws -> [ToolSelection] {
        try registry.resolve(tools: tools, options: options)
    }

    /// Parses `TOOL.OPTION=VALUE` assignments (`--set`), checking each tool and option name.
    ///
    /// TOOL may itself hold dots (`sentiment.vader.threshold=0.3`) or a plugin's namespace.
    /// - Returns: overrides keyed by the tool's registered id.
    public func parseAssignments(_ assignments: [String]) throws -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for text in assignments {
            guard let eq = text.firstIndex(of: "=") else {
                throw TaskFlowFailure(
                    "bad-assignment", "'\(text)' is not TOOL.OPTION=VALUE", fix: Fix(.toolOption, example: "sentiment.threshold=0.3"),
                    exitCode: 2)
            }
            let name = String(text[..<eq])
            if name.hasPrefix("llm.") {
                // The run's language-model settings, not a tool's.
                let option = String(name.dropFirst(4))
                let value = String(text[text.index(after: eq)...])
                guard option == "semantic-cache" else {
                    throw TaskFlowFailure(
                        "unknown-option", "llm has no option '\(option)'", fix: Fix(.toolOption, example: "llm.semantic-cache=0.95"),
                        hint: "the run's language-model option is semantic-cache (a similarity from 0 to 1)", exitCode: 2)
                }
                guard let v = Double(value), v > 0, v <= 1 else {
                    throw TaskFlowFailure(
                        "bad-option", "llm.semantic-cache must be a similarity above 0 and at most 1, not '\(value)'",
                        fix: Fix(.toolOption, example: "llm.semantic-cache=0.95"), exitCode: 2)
                }
                out["llm", default: [:]][option] = String(v)
                continue
            }
            let (entry, option) = try optionTarget(name)
            var values = out[entry.id] ?? [:]
            values[option] = String(text[text.index(after: eq)...])
            _ = try entry.effectiveOptions(overrides: values)
            out[entry.id] = values
        }
        return out
    }

    /// The tool and option a `TOOL.OPTION` name means; the tool part may hold dots.
    ///
    /// - Throws: for a name without a dot, an unknown tool or an unknown option.
    public func optionTarget(_ name: String) throws -> (tool: ToolEntry, option: String) {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !parts.contains(where: \.isEmpty) else {
            let example = registry.tools.first { !$0.options.isEmpty }.map { "\($0.task).\($0.options[0].name)" }
            throw TaskFlowFailure(
                "bad-option-name", "'\(name)' is not TOOL.OPTION",
                fix: Fix(.toolOption, example: (example ?? "sentiment.threshold") + "=VALUE"), exitCode: 2)
        }
        for k in stride(from: parts.count - 1, to: 0, by: -1) {
            let tool = parts[..<k].joined(separator: ".")
            if let entry = try? registry.entry(named: tool) {
                let option = parts[k...].joined(separator: ".")
                _ = try entry.effectiveOptions(overrides: [option: entry.options.first { $0.name == option }?.defaultValue.description ?? ""])
                return (entry, option)
            }
        }
        _ = try registry.entry(named: parts[0])
        throw TaskFlowFailure("unknown-tool", "unknown tool in '\(name)'", fix: Fix(.listTools), exitCode: 2)
    }

    /// The language model for a provider name (`none`, `mock`, …), or nil for none.
    ///
    /// - Throws: for an unknown or unusable provider.
    public func languageModel(_ name: String?, model: String? = nil) throws -> (any LanguageModel)? {
        let chosen = name ?? configuration.environment["TF_LLM"] ?? "none"
        let provider = try LLMProvider.parse(chosen)
        var replay: (@Sendable (String) async throws -> LLMCallRecord?)?
        if provider == .replay {
            let store = try store()
            let run = configuration.environment["TF_LLM_REPLAY_RUN"].flatMap { Int64($0) }
            replay = { hash in try await store.llmCall(promptHash: hash, runID: run) }
        }
        return try provider.makeClient(environment: configuration.environment, model: model, replay: replay)
    }

    /// Embeds prompts for the semantic cache with the shared all-MiniLM-L6-v2.
    ///
    /// - Throws: when the model is not installed (naming how to install it).
    func promptEmbedder(threads: Int?) throws -> SemanticLLMCache.Embedder {
        let context = AnalyzerContext(device: "cpu", threads: max(1, min(threads ?? 1, Device.defaultThreads)), homeDirectory: home.path)
        let extractor = try EmbeddingFeatureExtractor(model: TopicClusterAnalyzer.defaultModel, context: context)
        return { texts in
            try await extractor.extract(texts.enumerated().map { Record(id: String($0.offset), text: $0.element) }, context: context).map {
                guard case .embedding(let v) = $0 else { return [] }
                return v
            }
        }
    }

    /// The provider names `--llm` and `set llm` accept.
    public static var languageModelProviders: [String] { LLMProvider.allCases.map(\.rawValue) }

    /// The canonical provider name for what a user typed.
    ///
    /// - Throws: for an unknown provider, listing them.
    public func languageModelName(_ name: String) throws -> String {
        let provider = try LLMProvider.parse(name)
        _ = try languageModel(provider.rawValue)
        return provider.rawValue
    }

    /// The device a run with these settings would use.
    ///
    /// - Throws: for a device that is not a device or is not present (never a silent fallback).
    public func device(_ text: String, threads: Int?) throws -> Device {
        let device = try Device.parse(text, threads: threads).resolved(threads: threads)
        if let threads, threads > device.threads, case .cpu = device {
            configuration.warn("\(threads) threads asked for, but this machine has \(Device.defaultThreads) cores; using \(device.threads)")
        }
        return device
    }

    /// Starts a run: resolves the tools, opens the store and cache, and returns its events.
    ///
    /// Every tool, option, device and language model is checked before the run is recorded, so
    /// a mistake leaves nothing behind.
    public func start(_ request: RunRequest) throws -> RunHandle {
        guard request.batchSize > 0 else {
            throw TaskFlowFailure("bad-batch-size", "batch size must be at least 1", fix: Fix(.batchSize, example: "256"), exitCode: 2)
        }
        var toolOptions = request.options
        let llmOptions = toolOptions.removeValue(forKey: "llm") ?? [:]
        var selections = try resolve(tools: request.tools, options: toolOptions)
        let stall = StallHook.fromEnvironment(configuration.environment)
        if let stall, let first = selections.firstIndex(where: { $0.kind == .analyzer }) {
            selections[first] = try stall.wrap(selections[first])
        }
        var spec = PipelineSpec(
            source: request.source, tools: selections, device: try device(request.device, threads: request.threads),
            batchSize: request.batchSize, cacheMode: request.cacheMode,
            cacheCheapAnalyzers: configuration.environment["TF_CACHE_CHEAP"] == "1",
            featureExtractors: registry.featureExtractors.byKind, columnViews: request.columnViews)
        if request.budget.map({ !($0 > 0) || !$0.isFinite }) == true {
            throw TaskFlowFailure("bad-budget", "a budget must be a positive number of dollars", hint: "e.g. --budget 0.50", exitCode: 2)
        }
        if selections.contains(where: { $0.kind == .agent }) {
            spec.languageModel = try languageModel(request.llm, model: request.llmModel)
            let llm = request.llm
            let llmModel = request.llmModel
            spec.languageModelFactory = { [self] provider, model in
                try languageModel(provider ?? llm, model: model ?? llmModel)
            }
            spec.llmBudget = request.budget
            spec.llmPrices = try LLMPriceTable.load(home: home)
            if let t = llmOptions["semantic-cache"].flatMap(Double.init) {
                spec.semanticCacheThreshold = t
                spec.semanticEmbedder = try promptEmbedder(threads: request.threads)
            }
        }
        let engine = Engine(
            home: home, store: try store(), cache: request.cacheMode == .off ? nil : try cache())
        guard let stall else { return engine.start(spec) }
        return stall.run { engine.start(spec) }
    }
}
