import TaskFlowPluginAPI

/// What one streamed event adds.
public struct StreamStep: Sendable, Hashable {
    /// Answer text (or a piece of the structured answer's JSON).
    public var text = ""
    public var inputTokens: Int?
    public var outputTokens: Int?
    /// The provider said the answer is over.
    public var done = false
    /// The provider reported an error inside the stream.
    public var error: String?

    public init() {}
}

/// An answer read whole.
public struct ParsedReply: Sendable, Hashable {
    public var text: String
    /// For providers that return structured output as an object (Anthropic's tool input).
    public var json: JSONValue?
    public var inputTokens: Int?
    public var outputTokens: Int?
}

/// One provider's HTTP API: where to send, what to send, how to read the answer.
public protocol WireFormat: Sendable {
    /// The endpoint under the API root.
    func endpoint(base: String) -> String
    /// Headers, with the key in the provider's own header.
    func headers(key: APIKey?) -> [(String, String)]
    /// The request body.
    func body(for request: LanguageModelRequest, model: String, stream: Bool) -> JSONValue
    /// The answer of a non-streaming call.
    func reply(from body: JSONValue) throws -> ParsedReply
    /// What a streamed event adds.
    func step(from event: ServerSentEvent) throws -> StreamStep
    /// The error message in an error response's body, if it has one.
    func errorMessage(in body: JSONValue) -> String?
}

extension WireFormat {
    public func errorMessage(in body: JSONValue) -> String? {
        if let m = body["error"]?["message"]?.stringValue { return m }
        if let m = body["error"]?.stringValue { return m }
        return body["message"]?.stringValue
    }
}

/// A provider's answer could not be read.
struct MalformedReply: Error {
    var detail: String
}
