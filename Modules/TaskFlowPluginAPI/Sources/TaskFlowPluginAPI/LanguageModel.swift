/// A language model an agent may call: the host's configured client (`--llm`), with its
/// retries, caching and accounting already applied.
///
/// Agents never see keys, endpoints or provider settings; they send a request and get text.
public protocol LanguageModel: Sendable {
    /// `provider/model`, e.g. `mock/echo`, for notes and reports.
    var name: String { get }

    /// Completes a conversation. Throws when the model cannot answer (after the host's retries).
    func complete(_ request: LanguageModelRequest) async throws -> LanguageModelReply
}

/// A conversation to complete.
public struct LanguageModelRequest: Sendable, Hashable {
    /// Instructions that frame the whole conversation.
    public var system: String
    /// The turns so far, oldest first; the last is normally the user's.
    public var messages: [LanguageModelMessage]
    public var maxTokens: Int
    /// 0 for the most repeatable answers.
    public var temperature: Double

    public init(system: String = "", messages: [LanguageModelMessage], maxTokens: Int = 512, temperature: Double = 0) {
        self.system = system
        self.messages = messages
        self.maxTokens = maxTokens
        self.temperature = temperature
    }

    /// A single user turn.
    public init(system: String = "", prompt: String, maxTokens: Int = 512, temperature: Double = 0) {
        self.init(system: system, messages: [LanguageModelMessage(role: .user, text: prompt)], maxTokens: maxTokens, temperature: temperature)
    }
}

/// One turn of a conversation.
public struct LanguageModelMessage: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable {
        case user, assistant
    }

    public var role: Role
    public var text: String

    public init(role: Role, text: String) {
        self.role = role
        self.text = text
    }
}

/// A model's answer.
public struct LanguageModelReply: Sendable, Hashable {
    public var text: String
    /// Tokens read and written, as the provider counted them (0 when unknown).
    public var inputTokens: Int
    public var outputTokens: Int

    public init(text: String, inputTokens: Int = 0, outputTokens: Int = 0) {
        self.text = text
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}
