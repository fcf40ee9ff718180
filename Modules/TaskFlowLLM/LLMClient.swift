import TaskFlowCore
import TaskFlowPluginAPI

/// A client for one language-model provider.
///
/// It is the `LanguageModel` agents receive, plus what the host needs to know about it. The
/// `mock` provider is a deterministic in-process double for tests and demos; network providers
/// conform the same way.
public protocol LLMClient: LanguageModel {
    var provider: LLMProvider { get }
    /// The model's name at the provider (`gpt-4o-mini`, `echo`).
    var model: String { get }

    /// One call, with what it cost beside the answer; with `onDelta` the answer is streamed.
    func call(_ request: LanguageModelRequest, onDelta: (@Sendable (LanguageModelDelta) -> Void)?) async throws -> LLMCallResult
}

extension LLMClient {
    public var model: String { name.split(separator: "/", maxSplits: 1).last.map(String.init) ?? name }

    /// For clients that answer in one piece: `complete`, timed, its text as one delta; a
    /// structured answer is parsed and checked as a network client's is.
    public func call(_ request: LanguageModelRequest, onDelta: (@Sendable (LanguageModelDelta) -> Void)?) async throws -> LLMCallResult {
        let clock = ContinuousClock()
        let t0 = clock.now
        var reply = try await complete(request)
        if let schema = request.responseSchema, reply.json == nil {
            guard let value = try? JSONParser.parse(reply.text) else {
                throw TaskFlowFailure("llm-schema", "\(name): the structured answer is not JSON: \(String(reply.text.prefix(80)))")
            }
            let violations = JSONSchemaValidator(schema: schema).violations(of: value)
            guard violations.isEmpty else {
                throw TaskFlowFailure(
                    "llm-schema", "\(name): the answer breaks the requested schema: " + violations.prefix(3).map(\.description).joined(separator: "; "))
            }
            reply.json = value
        }
        onDelta?(LanguageModelDelta(text: reply.text))
        let s = (clock.now - t0).inSeconds
        return LLMCallResult(reply: reply, firstTokenSeconds: s, seconds: s)
    }
}

/// The providers `--llm` and `TF_LLM` name.
public enum LLMProvider: String, Sendable, CaseIterable {
    case none, mock, openai, anthropic, replay

    /// Parses `--llm`; the error lists the providers.
    public static func parse(_ text: String) throws -> LLMProvider {
        if let p = LLMProvider(rawValue: text.lowercased()) { return p }
        throw TaskFlowFailure(
            "unknown-llm", "unknown language-model provider '\(text)'",
            fix: Fix(.languageModel, example: "mock"), hint: "the providers are: " + allCases.map(\.rawValue).joined(separator: ", "),
            exitCode: 2)
    }

    /// The client for this provider, or nil for `none`.
    ///
    /// - Parameters:
    ///   - environment: the process environment (`TF_LLM_MOCK_SCRIPT` for the mock; keys,
    ///     endpoints and tuning for the network providers, see `ProviderSettings`).
    ///   - model: the model to use (`--llm-model`, an agent's `model`); nil for the default.
    public func makeClient(
        environment: [String: String], model: String? = nil, replay: (@Sendable (String) async throws -> LLMCallRecord?)? = nil
    ) throws -> (any LLMClient)? {
        switch self {
        case .none:
            return nil
        case .mock:
            if let path = environment["TF_LLM_MOCK_SCRIPT"], !path.isEmpty {
                return try MockLLMClient(scriptAt: path)
            }
            return MockLLMClient()
        case .openai, .anthropic:
            return HTTPLanguageModel(settings: try ProviderSettings.from(provider: self, environment: environment, model: model))
        case .replay:
            guard let replay else {
                throw TaskFlowFailure(
                    "llm-replay-no-store", "the replay provider answers from a store's call log, and this run has none",
                    fix: Fix(.database), hint: "run with a results store (the default one, or --db PATH)", exitCode: 2)
            }
            let run = environment["TF_LLM_REPLAY_RUN"].flatMap { Int64($0) }
            return ReplayLLMClient(runID: run) { hash in try await replay(hash) }
        }
    }
}
