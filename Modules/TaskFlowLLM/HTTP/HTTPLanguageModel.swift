import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import TaskFlowCore
import TaskFlowPluginAPI

/// What a call cost and how it went, beside its answer.
public struct LLMCallResult: Sendable {
    public var reply: LanguageModelReply
    /// 1 when the first try answered.
    public var attempts: Int
    /// How many tries got a 429.
    public var rateLimited: Int
    /// From the start of the call to the first piece of the answer (streams), or to the
    /// response head.
    public var firstTokenSeconds: Double?
    public var seconds: Double
    /// The provider sent no token counts; they are estimated (a token per four bytes).
    public var usageEstimated: Bool
    /// Reading stopped once the structured answer was complete and the model wrote on.
    public var stoppedEarly: Bool

    public init(
        reply: LanguageModelReply, attempts: Int = 1, rateLimited: Int = 0, firstTokenSeconds: Double? = nil, seconds: Double = 0,
        usageEstimated: Bool = false, stoppedEarly: Bool = false
    ) {
        self.reply = reply
        self.attempts = attempts
        self.rateLimited = rateLimited
        self.firstTokenSeconds = firstTokenSeconds
        self.seconds = seconds
        self.usageEstimated = usageEstimated
        self.stoppedEarly = stoppedEarly
    }
}

/// A call that failed for good, with how many tries it took.
public struct LLMCallFailure: TaskFlowError {
    public var failure: TaskFlowFailure
    public var attempts: Int
    public var rateLimited: Int
    public var seconds: Double

    public var code: String { failure.code }
    public var description: String { failure.description }
    public var hint: String? { failure.hint }
    public var exitCode: Int32 { failure.exitCode }
    public var fix: Fix? { failure.fix }
}

/// A network language model: OpenAI-compatible Chat Completions or Anthropic Messages over
/// AsyncHTTPClient, with timeouts, retries, pacing and structured output.
///
/// Every try passes the shared `AdaptiveRateLimiter` of its provider, endpoint and model.
/// Connection errors, timeouts, a stream cut short, 408, 409, 429 and 5xx are tried again
/// under `RetryPolicy`; a 401 or 403 is not (the key is wrong, and the message names the
/// variable to set). With a `responseSchema` the answer is parsed and checked against it. The
/// key never appears in an error: server messages are scrubbed of it.
public final class HTTPLanguageModel: LLMClient, Sendable {
    public let settings: ProviderSettings
    let wire: any WireFormat
    let timer: any LLMTimer
    let random: @Sendable () -> Double
    public let limiter: AdaptiveRateLimiter

    public var provider: LLMProvider { settings.provider }
    public var model: String { settings.model }
    public var name: String { provider.rawValue + "/" + settings.model }

    /// - Parameters:
    ///   - timer: the clock retries and pacing wait on (a controllable one in tests).
    ///   - random: the jitter draw, in 0..<1.
    ///   - limiter: the pacing to use; by default the process-wide one for this provider,
    ///     endpoint and model.
    public init(
        settings: ProviderSettings, timer: any LLMTimer = SystemTimer(), random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        limiter: AdaptiveRateLimiter? = nil
    ) {
        self.settings = settings
        self.wire = settings.provider == .anthropic ? AnthropicMessagesFormat() : OpenAIChatFormat()
        self.timer = timer
        self.random = random
        self.limiter =
            limiter
            ?? RateLimiters.limiter(for: "\(settings.provider.rawValue)|\(settings.baseURL)|\(settings.model)") {
                AdaptiveRateLimiter(maxRate: settings.maxRate, maxConcurrent: settings.maxConcurrent, timer: timer)
            }
    }

    public func complete(_ request: LanguageModelRequest) async throws -> LanguageModelReply {
        try await call(request, onDelta: nil).reply
    }

    public func stream(_ request: LanguageModelRequest) -> AsyncThrowingStream<LanguageModelDelta, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let result = try await self.call(request, onDelta: { continuation.yield($0) })
                    continuation.yield(LanguageModelDelta(text: "", reply: result.reply))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// One call with its retries. With `onDelta` it streams and hands over each piece of the
    /// answer (and `LanguageModelDelta.restarted` before a retry that follows delivered text).
    public func call(_ request: LanguageModelRequest, onDelta: (@Sendable (LanguageModelDelta) -> Void)?) async throws -> LLMCallResult {
        let start = timer.now()
        var attempts = 0
        var rateLimited = 0
        let delivered = Flag()
        let forward: (@Sendable (LanguageModelDelta) -> Void)?
        if let onDelta {
            forward = { d in
                delivered.set()
                onDelta(d)
            }
        } else {
            forward = nil
        }
        while true {
            attempts += 1
            try Task.checkCancellation()
            let permit = try await limiter.acquire()
            do {
                var result = try await attempt(request, onDelta: forward)
                await limiter.release(permit, .success)
                result.attempts = attempts
                result.rateLimited = rateLimited
                result.seconds = timer.now() - start
                if let t = result.firstTokenSeconds { result.firstTokenSeconds = t }
                return result
            } catch let e as AttemptError {
                await limiter.release(permit, e.status == 429 ? .rateLimited(retryAfter: e.retryAfter) : .failure)
                if e.status == 429 { rateLimited += 1 }
                if e.retryable, attempts <= settings.retry.maxRetries, !Task.isCancelled {
                    let wait = settings.retry.delay(beforeRetry: attempts - 1, retryAfter: e.retryAfter, random: random())
                    if delivered.take() { onDelta?(.restarted) }
                    try await timer.sleep(wait)
                    continue
                }
                throw LLMCallFailure(failure: failure(for: e, attempts: attempts), attempts: attempts, rateLimited: rateLimited, seconds: timer.now() - start)
            } catch {
                await limiter.release(permit, .failure)
                throw error
            }
        }
    }

    // MARK: - One try

    struct AttemptError: Error {
        enum Kind { case http, timeout, connection, streamCut, malformed, schema }
        var kind: Kind
        var status: Int?
        var retryAfter: Double?
        var message: String
        var retryable: Bool {
            switch kind {
            case .timeout, .connection, .streamCut: return true
            case .http: return status.map(RetryPolicy.retries(status:)) ?? false
            case .malformed, .schema: return false
            }
        }
    }

    private func attempt(_ request: LanguageModelRequest, onDelta: (@Sendable (LanguageModelDelta) -> Void)?) async throws -> LLMCallResult {
        var req = HTTPClientRequest(url: wire.endpoint(base: settings.baseURL))
        req.method = .POST
        for (k, v) in wire.headers(key: settings.key) { req.headers.add(name: k, value: v) }
        let bodyText = wire.body(for: request, model: settings.model, stream: onDelta != nil).jsonString
        req.body = .bytes(ByteBuffer(string: bodyText))
        let t0 = timer.now()
        let response: HTTPClientResponse
        do {
            response = try await HTTPClients.client(for: settings.timeouts).execute(req, timeout: .milliseconds(Int64(settings.timeouts.total * 1000)))
        } catch {
            throw try classify(error)
        }
        let status = Int(response.status.code)
        let headers = response.headers.map { ($0.name, $0.value) }
        guard (200..<300).contains(status) else {
            let raw = (try? await collect(response.body, limit: 64 << 10)) ?? []
            let parsed = try? JSONParser.parse(raw)
            let message = parsed.flatMap { wire.errorMessage(in: $0) } ?? String(decoding: raw.prefix(300), as: UTF8.self)
            throw AttemptError(kind: .http, status: status, retryAfter: RetryPolicy.retryAfter(headers: headers), message: message)
        }
        var text = ""
        var json: JSONValue?
        var inputTokens: Int?
        var outputTokens: Int?
        var firstToken: Double?
        var stoppedEarly = false
        let isStream = headers.contains { $0.0.lowercased() == "content-type" && $0.1.lowercased().contains("text/event-stream") }
        if let onDelta, isStream {
            var parser = ServerSentEventParser()
            var tracker = JSONCompletionTracker()
            var done = false
            do {
                read: for try await chunk in response.body {
                    for event in try parser.feed(chunk.readableBytesView) {
                        let step: StreamStep
                        do { step = try wire.step(from: event) } catch let m as MalformedReply {
                            throw AttemptError(kind: .malformed, message: m.detail)
                        }
                        if let e = step.error { throw AttemptError(kind: .streamCut, message: "the stream reported an error: \(e)") }
                        if let i = step.inputTokens { inputTokens = i }
                        if let o = step.outputTokens { outputTokens = o }
                        if !step.text.isEmpty {
                            if request.responseSchema != nil, tracker.isComplete {
                                if step.text.allSatisfy(\.isWhitespace) { continue }
                                stoppedEarly = true
                                break read
                            }
                            if firstToken == nil { firstToken = timer.now() - t0 }
                            // With a schema, only the JSON value is the answer: what a model
                            // writes after it closes is not read on.
                            let piece = request.responseSchema == nil ? step.text : String(tracker.consume(step.text))
                            text += piece
                            onDelta(LanguageModelDelta(text: piece))
                            if tracker.isComplete, piece.utf8.count < step.text.utf8.count,
                                !step.text.dropFirst(piece.count).allSatisfy(\.isWhitespace)
                            {
                                stoppedEarly = true
                                break read
                            }
                        }
                        if step.done {
                            done = true
                            break read
                        }
                    }
                }
            } catch let e as AttemptError {
                throw e
            } catch is ServerSentEventParser.SSEOverflow {
                throw AttemptError(kind: .malformed, message: "a streamed line is longer than 8 MB")
            } catch {
                if error is CancellationError { throw error }
                throw try classify(error, midStream: true)
            }
            if !done, !stoppedEarly {
                throw AttemptError(kind: .streamCut, message: "the stream ended before the answer was complete")
            }
        } else {
            let raw: [UInt8]
            do { raw = try await collect(response.body, limit: 32 << 20) } catch let e as AttemptError { throw e } catch {
                if error is CancellationError { throw error }
                throw try classify(error, midStream: true)
            }
            firstToken = timer.now() - t0
            guard let body = try? JSONParser.parse(raw) else {
                throw AttemptError(kind: .malformed, message: "the answer is not JSON (\(raw.count) bytes: \(String(decoding: raw.prefix(80), as: UTF8.self)))")
            }
            let reply: ParsedReply
            do { reply = try wire.reply(from: body) } catch let m as MalformedReply {
                throw AttemptError(kind: .malformed, message: m.detail)
            }
            text = reply.text
            json = reply.json
            inputTokens = reply.inputTokens
            outputTokens = reply.outputTokens
            onDelta?(LanguageModelDelta(text: text))
        }
        if let schema = request.responseSchema {
            json = try structured(json, text: text, schema: schema)
        }
        let estimated = inputTokens == nil || outputTokens == nil
        var reply = LanguageModelReply(
            text: text, json: json, inputTokens: inputTokens ?? (bodyText.utf8.count + 3) / 4,
            outputTokens: outputTokens ?? (text.utf8.count + 3) / 4)
        reply.json = json
        return LLMCallResult(reply: reply, firstTokenSeconds: firstToken, usageEstimated: estimated, stoppedEarly: stoppedEarly)
    }

    /// The structured answer, parsed (a fenced ```json block is accepted) and checked.
    private func structured(_ given: JSONValue?, text: String, schema: JSONValue) throws -> JSONValue {
        let value: JSONValue
        if let given {
            value = given
        } else {
            var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if body.hasPrefix("```") {
                body = String(body.drop(while: { $0 != "\n" }))
                if let end = body.range(of: "```", options: .backwards) { body = String(body[..<end.lowerBound]) }
            }
            guard let v = try? JSONParser.parse(body) else {
                throw AttemptError(kind: .schema, message: "the structured answer is not JSON: \(String(text.prefix(80)))")
            }
            value = v
        }
        let violations = JSONSchemaValidator(schema: schema).violations(of: value)
        guard violations.isEmpty else {
            throw AttemptError(
                kind: .schema, message: "the answer breaks the requested schema: " + violations.prefix(3).map(\.description).joined(separator: "; "))
        }
        return value
    }

    private func collect(_ body: HTTPClientResponse.Body, limit: Int) async throws -> [UInt8] {
        var out: [UInt8] = []
        for try await chunk in body {
            out.append(contentsOf: chunk.readableBytesView)
            if out.count > limit { throw AttemptError(kind: .malformed, message: "the answer is larger than \(limit >> 20 > 0 ? "\(limit >> 20) MB" : "\(limit >> 10) KB")") }
        }
        return out
    }

    private func classify(_ error: any Error, midStream: Bool = false) throws -> AttemptError {
        if error is CancellationError { throw error }
        if let e = error as? AttemptError { return e }
        if let h = error as? HTTPClientError {
            switch h {
            case .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                return AttemptError(kind: .timeout, message: "could not connect within \(Self.seconds(settings.timeouts.connect))")
            case .readTimeout:
                return AttemptError(
                    kind: .timeout,
                    message: midStream
                        ? "the stream stalled for \(Self.seconds(settings.timeouts.firstByte))"
                        : "no answer within \(Self.seconds(settings.timeouts.firstByte)) (first byte)")
            case .deadlineExceeded:
                return AttemptError(kind: .timeout, message: "the call took longer than \(Self.seconds(settings.timeouts.total))")
            case .remoteConnectionClosed:
                return AttemptError(kind: midStream ? .streamCut : .connection, message: "the server closed the connection")
            case .cancelled:
                throw CancellationError()
            case .invalidURL, .emptyHost, .emptyScheme:
                return AttemptError(kind: .malformed, message: "the endpoint URL is not usable (\(h))")
            default:
                return AttemptError(kind: .connection, message: "\(h)")
            }
        }
        return AttemptError(kind: midStream ? .streamCut : .connection, message: "\(error)")
    }

    private static func seconds(_ s: Double) -> String {
        s >= 1 ? String(format: "%.0f s", s) : String(format: "%.0f ms", s * 1000)
    }

    private func failure(for e: AttemptError, attempts: Int) -> TaskFlowFailure {
        let who = "the \(provider.rawValue) provider (\(settings.model) at \(settings.baseURL))"
        let keyVar = ProviderSettings.keyVariable(for: provider)
        let urlVar = ProviderSettings.baseURLVariable(for: provider)
        let detail = scrub(e.message)
        let tries = attempts == 1 ? "" : " after \(attempts) attempts"
        switch e.kind {
        case .http:
            let status = e.status ?? 0
            if status == 401 || status == 403 {
                return TaskFlowFailure(
                    "llm-auth", "\(who) refused the key (HTTP \(status): \(detail))",
                    fix: Fix(.languageModel, example: "mock"), hint: "set \(keyVar) to a valid key for \(urlVar == "OPENAI_BASE_URL" ? "this server" : "Anthropic")")
            }
            if status == 429 {
                return TaskFlowFailure(
                    "llm-rate-limited", "\(who) is rate-limiting (HTTP 429)\(tries): \(detail)",
                    hint: "try again later, lower TF_LLM_CONCURRENCY or TF_LLM_MAX_RATE, or raise the account's limit")
            }
            if status >= 500 {
                return TaskFlowFailure(
                    "llm-server", "\(who) failed with HTTP \(status)\(tries): \(detail)",
                    hint: "the provider has trouble; try again later (TF_LLM_RETRIES sets how often to retry)")
            }
            if status == 404 {
                return TaskFlowFailure(
                    "llm-not-found", "\(who) answered HTTP 404: \(detail)",
                    hint: "check the model name (--llm-model or TF_LLM_MODEL) and \(urlVar)")
            }
            return TaskFlowFailure(
                "llm-request", "\(who) rejected the request (HTTP \(status)): \(detail)",
                hint: "check the model name (--llm-model or TF_LLM_MODEL) and its limits")
        case .timeout:
            return TaskFlowFailure(
                "llm-timeout", "\(who) timed out\(tries): \(detail)",
                hint: "raise TF_LLM_FIRST_BYTE_TIMEOUT or TF_LLM_TIMEOUT (seconds), or try again later")
        case .connection:
            return TaskFlowFailure(
                "llm-connect", "cannot reach \(who)\(tries): \(detail)", hint: "check \(urlVar) and that the server is running")
        case .streamCut:
            return TaskFlowFailure("llm-stream", "\(who): \(detail)\(tries)", hint: "try again later; a stream cut short is retried TF_LLM_RETRIES times")
        case .malformed:
            return TaskFlowFailure(
                "llm-invalid-reply", "\(who) sent an answer TaskFlow cannot read: \(detail)",
                hint: "check that \(urlVar) points at a \(provider == .anthropic ? "Messages" : "Chat Completions")-compatible API")
        case .schema:
            return TaskFlowFailure(
                "llm-schema", "\(who): \(detail)", hint: "try a stronger model (--llm-model), or one that supports structured output")
        }
    }

    private func scrub(_ text: String) -> String {
        let t = settings.key?.scrub(text) ?? text
        let flat = t.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 300 ? String(flat.prefix(297)) + "…" : flat
    }
}

/// A flag several tasks may set.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    /// Whether it was set, clearing it.
    func take() -> Bool { value.withLock { v in defer { v = false }; return v } }
}

/// One HTTP client per set of timeouts, for the life of the process (AsyncHTTPClient's
/// clients pool connections and must be shut down, which a process-wide one never needs).
enum HTTPClients {
    private static let table = Mutex<[LLMTimeouts: HTTPClient]>([:])

    static func client(for t: LLMTimeouts) -> HTTPClient {
        table.withLock { table in
            if let c = table[t] { return c }
            var config = HTTPClient.Configuration()
            config.timeout = .init(
                connect: .milliseconds(Int64(t.connect * 1000)), read: .milliseconds(Int64(t.firstByte * 1000)))
            config.decompression = .disabled
            let c = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
            table[t] = c
            return c
        }
    }
}
