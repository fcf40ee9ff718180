import Foundation
import TaskFlowPluginAPI

/// The Chat Completions API, as OpenAI and the servers compatible with it (vLLM, Ollama,
/// llama.cpp's server, LM Studio) speak it.
///
/// Structured output goes as `response_format` `json_schema` (strict); streaming asks for the
/// usage in the last chunk (`stream_options.include_usage`).
public struct OpenAIChatFormat: WireFormat {
    public init() {}

    public func endpoint(base: String) -> String { base + "/chat/completions" }

    public func headers(key: APIKey?) -> [(String, String)] {
        var h = [("content-type", "application/json"), ("accept", "application/json, text/event-stream")]
        if let key { h.append(("authorization", "Bearer " + key.secret)) }
        return h
    }

    public func body(for request: LanguageModelRequest, model: String, stream: Bool) -> JSONValue {
        var messages: [JSONValue] = []
        if !request.system.isEmpty {
            messages.append(.object([JSONField("role", .string("system")), JSONField("content", .string(request.system))]))
        }
        for m in request.messages {
            messages.append(.object([JSONField("role", .string(m.role.rawValue)), JSONField("content", .string(m.text))]))
        }
        var fields = [
            JSONField("model", .string(model)), JSONField("messages", .array(messages)),
            JSONField("max_tokens", .int(request.maxTokens)), JSONField("temperature", .double(request.temperature)),
        ]
        if let schema = request.responseSchema {
            fields.append(
                JSONField(
                    "response_format",
                    .object([
                        JSONField("type", .string("json_schema")),
                        JSONField(
                            "json_schema",
                            .object([
                                JSONField("name", .string(request.responseSchemaName)), JSONField("schema", schema),
                                JSONField("strict", .bool(true)),
                            ])),
                    ])))
        }
        if stream {
            fields.append(JSONField("stream", .bool(true)))
            fields.append(JSONField("stream_options", .object([JSONField("include_usage", .bool(true))])))
        }
        return .object(fields)
    }

    public func reply(from body: JSONValue) throws -> ParsedReply {
        guard let choice = body["choices"]?.arrayValue?.first else {
            throw MalformedReply(detail: "the answer has no choices")
        }
        guard let message = choice["message"] else { throw MalformedReply(detail: "the first choice has no message") }
        if let refusal = message["refusal"]?.stringValue, !refusal.isEmpty {
            throw MalformedReply(detail: "the model refused: \(refusal)")
        }
        let text: String
        switch message["content"] {
        case .string(let s)?: text = s
        case .null?, nil: text = ""
        default: throw MalformedReply(detail: "the message content is not text")
        }
        return ParsedReply(
            text: text, json: nil, inputTokens: body["usage"]?["prompt_tokens"]?.intValue,
            outputTokens: body["usage"]?["completion_tokens"]?.intValue)
    }

    public func step(from event: ServerSentEvent) throws -> StreamStep {
        var step = StreamStep()
        let data = event.data.trimmingCharacters(in: .whitespaces)
        if data == "[DONE]" {
            step.done = true
            return step
        }
        guard let json = try? JSONParser.parse(data) else { throw MalformedReply(detail: "a streamed chunk is not JSON") }
        if let message = errorMessage(in: json), json["choices"] == nil {
            step.error = message
            return step
        }
        if let delta = json["choices"]?.arrayValue?.first?["delta"] {
            step.text = delta["content"]?.stringValue ?? ""
        }
        if let usage = json["usage"], case .object = usage {
            step.inputTokens = usage["prompt_tokens"]?.intValue
            step.outputTokens = usage["completion_tokens"]?.intValue
        }
        return step
    }
}
