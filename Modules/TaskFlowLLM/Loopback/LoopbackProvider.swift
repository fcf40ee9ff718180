import Foundation
import Synchronization
import TaskFlowPluginAPI

/// Answers in the shape of the OpenAI Chat Completions and Anthropic Messages APIs, for a
/// `LoopbackServer` standing in for a provider: whole or streamed (server-sent events in
/// small pieces), with token counts, structured output (Anthropic: a tool call) and errors in
/// each API's own format.
public enum LoopbackProvider {
    /// Which API a request speaks, by its path.
    public static func isAnthropic(_ request: LoopbackServer.Request) -> Bool { request.path.hasSuffix("/messages") }

    /// Whether the request asked for a stream.
    public static func wantsStream(_ request: LoopbackServer.Request) -> Bool {
        if case .bool(true)? = request.json?["stream"] { return true }
        return false
    }

    /// The answer `text` for `request` in its API's shape (streamed when it asked), counting
    /// `inputTokens` read and a token per four bytes written. With `pieceBytes` the stream
    /// carries pieces of that size; `cutAfter` closes the connection after that many pieces.
    public static func answer(
        _ text: String, to request: LoopbackServer.Request, inputTokens: Int = 42, pieceBytes: Int = 12, cutAfter: Int? = nil,
        pause: Double = 0, extraHeaders: [(String, String)] = []
    ) -> LoopbackServer.Response {
        let outputTokens = max(1, (text.utf8.count + 3) / 4)
        let anthropic = isAnthropic(request)
        let structured = anthropic && request.json?["tools"] != nil
        let toolName = request.json?["tool_choice"]?["name"]?.stringValue ?? "answer"
        guard wantsStream(request) else {
            let body: JSONValue
            if anthropic {
                let block: JSONValue =
                    structured
                    ? .object([
                        JSONField("type", .string("tool_use")), JSONField("id", .string("toolu_1")), JSONField("name", .string(toolName)),
                        JSONField("input", (try? JSONParser.parse(text)) ?? .string(text)),
                    ])
                    : .object([JSONField("type", .string("text")), JSONField("text", .string(text))])
                body = .object([
                    JSONField("id", .string("msg_1")), JSONField("type", .string("message")), JSONField("role", .string("assistant")),
                    JSONField("content", .array([block])), JSONField("stop_reason", .string(structured ? "tool_use" : "end_turn")),
                    JSONField("usage", .object([JSONField("input_tokens", .int(inputTokens)), JSONField("output_tokens", .int(outputTokens))])),
                ])
            } else {
                body = .object([
                    JSONField("id", .string("chatcmpl-1")), JSONField("object", .string("chat.completion")),
                    JSONField(
                        "choices",
                        .array([
                            .object([
                                JSONField("index", .int(0)),
                                JSONField("message", .object([JSONField("role", .string("assistant")), JSONField("content", .string(text))])),
                                JSONField("finish_reason", .string("stop")),
                            ])
                        ])),
                    JSONField(
                        "usage",
                        .object([JSONField("prompt_tokens", .int(inputTokens)), JSONField("completion_tokens", .int(outputTokens))])),
                ])
            }
            return .json(body, headers: extraHeaders)
        }
        var events: [String] = []
        let pieces = split(text, every: pieceBytes)
        if anthropic {
            events.append(
                sse(
                    "message_start",
                    .object([
                        JSONField("type", .string("message_start")),
                        JSONField(
                            "message",
                            .object([
                                JSONField("id", .string("msg_1")),
                                JSONField("usage", .object([JSONField("input_tokens", .int(inputTokens)), JSONField("output_tokens", .int(1))])),
                            ])),
                    ])))
            events.append(sse("content_block_start", .object([JSONField("type", .string("content_block_start")), JSONField("index", .int(0))])))
            for p in pieces {
                let delta: JSONValue =
                    structured
                    ? .object([JSONField("type", .string("input_json_delta")), JSONField("partial_json", .string(p))])
                    : .object([JSONField("type", .string("text_delta")), JSONField("text", .string(p))])
                events.append(
                    sse(
                        "content_block_delta",
                        .object([JSONField("type", .string("content_block_delta")), JSONField("index", .int(0)), JSONField("delta", delta)])))
            }
            events.append(sse("content_block_stop", .object([JSONField("type", .string("content_block_stop")), JSONField("index", .int(0))])))
            events.append(
                sse(
                    "message_delta",
                    .object([
                        JSONField("type", .string("message_delta")),
                        JSONField("usage", .object([JSONField("output_tokens", .int(outputTokens))])),
                    ])))
            events.append(sse("message_stop", .object([JSONField("type", .string("message_stop"))])))
        } else {
            for p in pieces {
                events.append(
                    sse(
                        nil,
                        .object([
                            JSONField(
                                "choices",
                                .array([.object([JSONField("index", .int(0)), JSONField("delta", .object([JSONField("content", .string(p))]))])])
                            )
                        ])))
            }
            events.append(
                sse(
                    nil,
                    .object([
                        JSONField("choices", .array([])),
                        JSONField(
                            "usage",
                            .object([JSONField("prompt_tokens", .int(inputTokens)), JSONField("completion_tokens", .int(outputTokens))])),
                    ])))
            events.append("data: [DONE]\n\n")
        }
        var parts: [LoopbackServer.Part] = []
        for (i, e) in events.enumerated() {
            if let cutAfter, i >= cutAfter {
                parts.append(.cut)
                break
            }
            parts.append(.bytes(Array(e.utf8)))
            if pause > 0 { parts.append(.pause(pause)) }
        }
        return LoopbackServer.Response(
            status: 200, headers: [("content-type", "text/event-stream"), ("cache-control", "no-cache")] + extraHeaders, parts: parts)
    }

    /// An error in the API's own shape.
    public static func error(
        _ status: Int, _ message: String, to request: LoopbackServer.Request, headers: [(String, String)] = []
    ) -> LoopbackServer.Response {
        let body: JSONValue =
            isAnthropic(request)
            ? .object([
                JSONField("type", .string("error")),
                JSONField("error", .object([JSONField("type", .string("api_error")), JSONField("message", .string(message))])),
            ])
            : .object([
                JSONField("error", .object([JSONField("message", .string(message)), JSONField("type", .string("api_error"))]))
            ])
        return .json(body, status: status, headers: headers)
    }

    static func sse(_ event: String?, _ data: JSONValue) -> String {
        (event.map { "event: \($0)\n" } ?? "") + "data: " + data.jsonString + "\n\n"
    }

    static func split(_ text: String, every n: Int) -> [String] {
        var out: [String] = []
        var current = ""
        for ch in text {
            current.append(ch)
            if current.utf8.count >= max(1, n) {
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// A server-side limit of `rate` requests per second (a token bucket holding one
    /// second's worth): past it, 429 with `Retry-After`. Counts what it let through and refused.
    public final class RateLimit: Sendable {
        private struct State {
            var tokens: Double
            var last: Double
            var allowed = 0
            var refused = 0
        }
        public let rate: Double
        private let state: Mutex<State>

        public init(rate: Double) {
            self.rate = rate
            state = Mutex(State(tokens: rate, last: SystemTimer().now()))
        }

        /// Whether a request may go through now.
        public func admit() -> Bool {
            let now = SystemTimer().now()
            return state.withLock { s in
                s.tokens = min(rate, s.tokens + (now - s.last) * rate)
                s.last = now
                if s.tokens >= 1 {
                    s.tokens -= 1
                    s.allowed += 1
                    return true
                }
                s.refused += 1
                return false
            }
        }

        public var allowed: Int { state.withLock { $0.allowed } }
        public var refused: Int { state.withLock { $0.refused } }
    }
}
