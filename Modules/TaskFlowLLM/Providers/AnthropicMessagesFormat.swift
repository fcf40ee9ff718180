import TaskFlowPluginAPI

/// Anthropic's Messages API (`anthropic-version: 2023-06-01`).
///
/// Structured output goes as a single tool whose `input_schema` is the caller's schema, with
/// `tool_choice` forcing it; the answer is the tool call's input. Streaming reads the typed
/// events (`message_start` … `message_stop`), including `input_json_delta` pieces.
public struct AnthropicMessagesFormat: WireFormat {
    public init() {}

    public func endpoint(base: String) -> String { base + "/v1/messages" }

    public func headers(key: APIKey?) -> [(String, String)] {
        var h = [("content-type", "application/json"), ("anthropic-version", "2023-06-01"), ("accept", "application/json, text/event-stream")]
        if let key { h.append(("x-api-key", key.secret)) }
        return h
    }

    public func body(for request: LanguageModelRequest, model: String, stream: Bool) -> JSONValue {
        let messages: [JSONValue] = request.messages.map {
            .object([JSONField("role", .string($0.role.rawValue)), JSONField("content", .string($0.text))])
        }
        var fields = [
            JSONField("model", .string(model)), JSONField("max_tokens", .int(request.maxTokens)),
            JSONField("messages", .array(messages)), JSONField("temperature", .double(request.temperature)),
        ]
        if !request.system.isEmpty { fields.append(JSONField("system", .string(request.system))) }
        if let schema = request.responseSchema {
            let name = Self.toolName(request.responseSchemaName)
            fields.append(
                JSONField(
                    "tools",
                    .array([
                        .object([
                            JSONField("name", .string(name)),
                            JSONField("description", .string("Give the answer in this structure.")),
                            JSONField("input_schema", schema),
                        ])
                    ])))
            fields.append(JSONField("tool_choice", .object([JSONField("type", .string("tool")), JSONField("name", .string(name))])))
        }
        if stream { fields.append(JSONField("stream", .bool(true))) }
        return .object(fields)
    }

    /// Tool names allow letters, digits, `_` and `-`, up to 64.
    static func toolName(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.map { s in
            (("0"..."9").contains(s) || ("a"..."z").contains(s) || ("A"..."Z").contains(s) || s == "_" || s == "-") ? Character(s) : "_"
        }.prefix(64))
        return cleaned.isEmpty ? "answer" : cleaned
    }

    public func reply(from body: JSONValue) throws -> ParsedReply {
        guard let content = body["content"]?.arrayValue else { throw MalformedReply(detail: "the answer has no content") }
        var text = ""
        var json: JSONValue?
        for block in content {
            switch block["type"]?.stringValue {
            case "text": text += block["text"]?.stringValue ?? ""
            case "tool_use":
                json = block["input"]
                if let j = json { text = j.jsonString }
            default: break
            }
        }
        return ParsedReply(
            text: text, json: json, inputTokens: body["usage"]?["input_tokens"]?.intValue,
            outputTokens: body["usage"]?["output_tokens"]?.intValue)
    }

    public func step(from event: ServerSentEvent) throws -> StreamStep {
        var step = StreamStep()
        guard let json = try? JSONParser.parse(event.data) else {
            throw MalformedReply(detail: "a streamed event is not JSON")
        }
        let type = json["type"]?.stringValue ?? event.event
        switch type {
        case "message_start":
            step.inputTokens = json["message"]?["usage"]?["input_tokens"]?.intValue
            step.outputTokens = json["message"]?["usage"]?["output_tokens"]?.intValue
        case "content_block_delta":
            let delta = json["delta"]
            switch delta?["type"]?.stringValue {
            case "text_delta": step.text = delta?["text"]?.stringValue ?? ""
            case "input_json_delta": step.text = delta?["partial_json"]?.stringValue ?? ""
            default: break
            }
        case "message_delta":
            step.outputTokens = json["usage"]?["output_tokens"]?.intValue
            if let i = json["usage"]?["input_tokens"]?.intValue { step.inputTokens = i }
        case "message_stop":
            step.done = true
        case "error":
            step.error = errorMessage(in: json) ?? "the stream reported an error"
        default: break
        }
        return step
    }
}
