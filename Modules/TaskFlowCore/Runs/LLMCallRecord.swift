import Foundation

/// One language-model call of a run, as the `llm_call` table keeps it: who asked, what it
/// cost, how it went. Keys never reach it; prompts and answers do (they are the run's data),
/// so `tf logs` can show them and the `replay` provider can answer from them.
public struct LLMCallRecord: Sendable, Codable, Hashable {
    /// Where a call's answer came from.
    public enum CacheHit: String, Sendable, Codable, Hashable {
        /// From the provider.
        case none
        /// From the exact response cache (same provider, model, parameters, messages, schema).
        case exact
        /// From the semantic cache (a close enough earlier prompt).
        case semantic
        /// From the call log of an earlier run (the `replay` provider).
        case replay
    }

    public var id: Int64?
    public var runID: Int64?
    /// The agent that called (`writer`), or what else did (`tf`).
    public var agent: String
    public var provider: String
    public var model: String
    /// SHA-256 (hex) of the request without provider and model: system, messages, schema,
    /// token limit and temperature. The `replay` provider finds answers by it.
    public var promptHash: String
    public var inputTokens: Int
    public var outputTokens: Int
    /// The provider sent no token counts; they are estimates.
    public var tokensEstimated: Bool
    public var seconds: Double
    /// Until the first piece of the answer.
    public var firstTokenSeconds: Double?
    /// Dollars; nil when the price table has no price for the model.
    public var cost: Double?
    public var cache: CacheHit
    /// Tries after the first.
    public var retries: Int
    /// Tries that got a 429.
    public var rateLimited: Int
    /// `ok`, or the error's code (`llm-timeout`, `llm-budget`, …).
    public var outcome: String
    public var error: String?
    /// The request as JSON (`system`, `messages`, `schema`, `maxTokens`, `temperature`).
    public var request: String
    /// The answer text, when there is one.
    public var response: String?
    public var createdAt: Date

    public init(
        id: Int64? = nil, runID: Int64?, agent: String, provider: String, model: String, promptHash: String, inputTokens: Int = 0,
        outputTokens: Int = 0, tokensEstimated: Bool = false, seconds: Double = 0, firstTokenSeconds: Double? = nil,
        cost: Double? = nil, cache: CacheHit = .none, retries: Int = 0, rateLimited: Int = 0, outcome: String = "ok",
        error: String? = nil, request: String, response: String? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.runID = runID
        self.agent = agent
        self.provider = provider
        self.model = model
        self.promptHash = promptHash
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.tokensEstimated = tokensEstimated
        self.seconds = seconds
        self.firstTokenSeconds = firstTokenSeconds
        self.cost = cost
        self.cache = cache
        self.retries = retries
        self.rateLimited = rateLimited
        self.outcome = outcome
        self.error = error
        self.request = request
        self.response = response
        self.createdAt = createdAt
    }
}
