/// A language model an agent may call: the host's configured client (`--llm`), with its
/// retries, caching and accounting already applied.
///
/// Agents never see keys, endpoints or provider settings; they send a request and get text.
public protocol LanguageModel: Sendable {
    /// `provider/model`, e.g. `mock/echo`, for notes and reports.
    var name: String { get }

    /// Completes a conversation. Throws when the model cannot answer (after the host's retries).
    func complete(_ request: LanguageModelRequest) async throws -> LanguageModelReply

    /// Streams the answer as it is written: text deltas, then one last element whose `reply`
    /// holds the whole answer with its token counts. Stop iterating to stop reading; the host
    /// counts what was read. Models that cannot stream answer in one delta.
    func stream(_ request: LanguageModelRequest) -> AsyncThrowingStream<LanguageModelDelta, any Error>
}

extension LanguageModel {
    /// The default: one call to `complete`, delivered as one delta and the final reply.
    public func stream(_ request: LanguageModelRequest) -> AsyncThrowingStream<LanguageModelDelta, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let reply = try await complete(request)
                    continuation.yield(LanguageModelDelta(text: reply.text))
                    continuation.yield(LanguageModelDelta(text: "", reply: reply))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// A piece of a streamed answer.
public struct LanguageModelDelta: Sendable, Hashable {
    /// Text added since the previous delta (for structured output: a piece of the JSON text).
    public var text: String
    /// Set on the last element only: the whole answer and its token counts.
    public var reply: LanguageModelReply?
    /// The host tried the call again after part of an answer had arrived: forget the text
    /// received so far; the answer starts again with the next delta.
    public var restart: Bool = false

    public init(text: String, reply: LanguageModelReply? = nil) {
        self.text = text
        self.reply = reply
    }

    /// The delta that tells the reader to forget what it received (a retried stream).
    public static var restarted: LanguageModelDelta {
        var d = LanguageModelDelta(text: "")
        d.restart = true
        return d
    }
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
    /// A JSON Schema the answer must follow. The host asks the provider for structured output
    /// in its own way, checks the answer against the schema and puts the parsed value in
    /// `LanguageModelReply.json`; an answer that breaks the schema is an error.
    public var responseSchema: JSONValue?
    /// The schema's name, as providers that want one show it (`report`).
    public var responseSchemaName: String = "answer"

    public init(system: String = "", messages: [LanguageModelMessage], maxTokens: Int = 512, temperature: Double = 0) {
        self.system = system
        self.messages = messages
        self.maxTokens = maxTokens
        self.temperature = temperature
    }

    /// A conversation whose answer must follow a JSON Schema (structured output).
    public init(
        system: String = "", messages: [LanguageModelMessage], schema: JSONValue, schemaName: String = "answer",
        maxTokens: Int = 1024, temperature: Double = 0
    ) {
        self.init(system: system, messages: messages, maxTokens: maxTokens, temperature: temperature)
        responseSchema = schema
        responseSchemaName = schemaName
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
    /// The parsed answer when the request named a `responseSchema` (it conforms to it).
    public var json: JSONValue?

    public init(text: String, inputTokens: Int = 0, outputTokens: Int = 0) {
        self.text = text
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }

    public init(text: String, json: JSONValue?, inputTokens: Int = 0, outputTokens: Int = 0) {
        self.init(text: text, inputTokens: inputTokens, outputTokens: outputTokens)
        self.json = json
    }
}
