import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// How long a call may take, in seconds.
public struct LLMTimeouts: Sendable, Hashable {
    /// To open the connection.
    public var connect: Double
    /// With nothing read: before the first byte of the answer, and between pieces of a stream.
    public var firstByte: Double
    /// One attempt from start to last byte.
    public var total: Double

    public init(connect: Double = 10, firstByte: Double = 60, total: Double = 300) {
        self.connect = connect
        self.firstByte = firstByte
        self.total = total
    }
}

/// Everything a network client needs to reach one provider's model.
///
/// Read from the environment: `OPENAI_API_KEY`/`OPENAI_BASE_URL`,
/// `ANTHROPIC_API_KEY`/`ANTHROPIC_BASE_URL`, `TF_LLM_MODEL`, and the tuning variables
/// `TF_LLM_TIMEOUT` (seconds per attempt), `TF_LLM_FIRST_BYTE_TIMEOUT`, `TF_LLM_RETRIES`,
/// `TF_LLM_CONCURRENCY` and `TF_LLM_MAX_RATE` (calls per second).
public struct ProviderSettings: Sendable {
    public var provider: LLMProvider
    public var model: String
    /// The API root: `https://api.openai.com/v1` or `https://api.anthropic.com` by default.
    public var baseURL: String
    public var key: APIKey?
    public var timeouts: LLMTimeouts
    public var retry: RetryPolicy
    public var maxConcurrent: Int
    public var maxRate: Double

    public init(
        provider: LLMProvider, model: String, baseURL: String, key: APIKey?, timeouts: LLMTimeouts = LLMTimeouts(),
        retry: RetryPolicy = RetryPolicy(), maxConcurrent: Int = 16, maxRate: Double = 1000
    ) {
        self.provider = provider
        self.model = model
        self.baseURL = baseURL
        self.key = key
        self.timeouts = timeouts
        self.retry = retry
        self.maxConcurrent = maxConcurrent
        self.maxRate = maxRate
    }

    /// The default model of a network provider.
    public static func defaultModel(for provider: LLMProvider) -> String {
        switch provider {
        case .anthropic: return "claude-haiku-4-5"
        default: return "gpt-4o-mini"
        }
    }

    /// The variable holding a provider's key.
    public static func keyVariable(for provider: LLMProvider) -> String {
        provider == .anthropic ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY"
    }

    /// The variable holding a provider's API root.
    public static func baseURLVariable(for provider: LLMProvider) -> String {
        provider == .anthropic ? "ANTHROPIC_BASE_URL" : "OPENAI_BASE_URL"
    }

    /// Settings from the environment; `model` (from `--llm-model` or an agent's `model`
    /// option) wins over `TF_LLM_MODEL`.
    ///
    /// - Throws: when the provider's own service is addressed without a key (a server of your
    ///   own at `*_BASE_URL` may need none), or a setting is not a number or a URL.
    public static func from(provider: LLMProvider, environment env: [String: String], model: String? = nil) throws -> ProviderSettings {
        let keyVar = keyVariable(for: provider)
        let urlVar = baseURLVariable(for: provider)
        let official = provider == .anthropic ? "https://api.anthropic.com" : "https://api.openai.com/v1"
        var base = env[urlVar].map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        if base.isEmpty { base = official }
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw TaskFlowFailure(
                "llm-base-url", "\(urlVar) is not an http(s) URL: '\(String(base.prefix(80)))'",
                hint: "set \(urlVar) to the API root, e.g. http://127.0.0.1:11434/v1 for a local server, or unset it", exitCode: 2)
        }
        let key = APIKey(env[keyVar])
        if key == nil, base == official {
            throw TaskFlowFailure(
                "llm-no-key", "the \(provider.rawValue) provider needs an API key and \(keyVar) is not set",
                fix: Fix(.languageModel, example: "mock"),
                hint: "set \(keyVar) (or point \(urlVar) at a local server that needs none); mock works offline", exitCode: 2)
        }
        let chosen = [model, env["TF_LLM_MODEL"]].compactMap { $0?.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
        func number(_ name: String, _ fallback: Double, min lo: Double) throws -> Double {
            guard let text = env[name], !text.isEmpty else { return fallback }
            guard let v = Double(text), v.isFinite, v >= lo else {
                throw TaskFlowFailure(
                    "llm-setting", "\(name) must be a number ≥ \(lo.formatted()), not '\(String(text.prefix(40)))'",
                    hint: "fix or unset \(name)", exitCode: 2)
            }
            return v
        }
        var timeouts = LLMTimeouts()
        timeouts.total = try number("TF_LLM_TIMEOUT", timeouts.total, min: 0.05)
        timeouts.firstByte = min(timeouts.total, try number("TF_LLM_FIRST_BYTE_TIMEOUT", timeouts.firstByte, min: 0.05))
        var retry = RetryPolicy()
        retry.maxRetries = Int(try number("TF_LLM_RETRIES", Double(retry.maxRetries), min: 0))
        return ProviderSettings(
            provider: provider, model: chosen ?? defaultModel(for: provider), baseURL: base, key: key, timeouts: timeouts,
            retry: retry, maxConcurrent: Int(try number("TF_LLM_CONCURRENCY", 16, min: 1)),
            maxRate: try number("TF_LLM_MAX_RATE", 1000, min: 0.1))
    }
}
