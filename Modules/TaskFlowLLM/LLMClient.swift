import TaskFlowCore
import TaskFlowPluginAPI

/// A client for one language-model provider.
///
/// It is the `LanguageModel` agents receive, plus what the host needs to know about it. The
/// `mock` provider is a deterministic in-process double for tests and demos; network providers
/// conform the same way.
public protocol LLMClient: LanguageModel {
    var provider: LLMProvider { get }
}

/// The providers `--llm` and `TF_LLM` name.
public enum LLMProvider: String, Sendable, CaseIterable {
    case none, mock, openai, anthropic

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
    /// - Parameter environment: the process environment (`TF_LLM_MOCK_SCRIPT` for the mock).
    public func makeClient(environment: [String: String]) throws -> (any LLMClient)? {
        switch self {
        case .none:
            return nil
        case .mock:
            if let path = environment["TF_LLM_MOCK_SCRIPT"], !path.isEmpty {
                return try MockLLMClient(scriptAt: path)
            }
            return MockLLMClient()
        case .openai, .anthropic:
            throw TaskFlowFailure(
                "llm-unavailable", "the \(rawValue) provider is not part of this TaskFlow build yet",
                fix: Fix(.languageModel, example: "mock"), hint: "mock tries agents offline; none runs them without a model",
                exitCode: 2)
        }
    }
}
