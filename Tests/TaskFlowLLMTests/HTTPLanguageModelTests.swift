import Foundation
import Synchronization
import TaskFlowCore
import TaskFlowLLM
import TaskFlowPluginAPI
import Testing

/// A clock that never sleeps: each wait is recorded and moves virtual time forward, so retry
/// and pacing timings are checked exactly, without sleeping.
final class ManualTimer: LLMTimer {
    private let state = Mutex<(now: Double, sleeps: [Double])>((1000, []))
    var sleeps: [Double] { state.withLock { $0.sleeps } }
    func now() -> Double { state.withLock { $0.now } }
    func sleep(_ seconds: Double) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(seconds)
            $0.now += max(0, seconds)
        }
    }
    func advance(_ s: Double) { state.withLock { $0.now += s } }
}

/// Answers each request with the next response the test scripted (the last one repeats).
final class Script: Sendable {
    private let steps: Mutex<[@Sendable (LoopbackServer.Request) -> LoopbackServer.Response]>
    private let seen = Mutex<[LoopbackServer.Request]>([])
    init(_ steps: [@Sendable (LoopbackServer.Request) -> LoopbackServer.Response]) { self.steps = Mutex(steps) }
    var requests: [LoopbackServer.Request] { seen.withLock { $0 } }
    func respond(_ r: LoopbackServer.Request) -> LoopbackServer.Response {
        seen.withLock { $0.append(r) }
        let step = steps.withLock { s in s.count > 1 ? s.removeFirst() : s[0] }
        return step(r)
    }
}

@Suite struct HTTPLanguageModelTests {
    static let key = "sk-test-0123456789abcdefghijklmnop"

    /// A client of `provider` against a local server running `script`, on a manual clock.
    ///
    /// The first-byte timeout is long by default: in a loaded test run the server's handler can
    /// wait seconds for a thread, and a timeout would add a retry the test does not expect.
    func withServer(
        _ script: Script, provider: LLMProvider = .openai, retries: Int = 2, firstByte: Double = 30, random: Double = 0,
        body: (HTTPLanguageModel, ManualTimer) async throws -> Void
    ) async throws {
        let server = try await LoopbackServer.start { await Task.yield(); return script.respond($0) }
        defer { Task { await server.stop() } }
        let timer = ManualTimer()
        var settings = try ProviderSettings.from(
            provider: provider,
            environment: [ProviderSettings.baseURLVariable(for: provider): server.baseURL + (provider == .openai ? "/v1" : ""),
                ProviderSettings.keyVariable(for: provider): Self.key, "TF_LLM_MODEL": "test-model"])
        settings.retry.maxRetries = retries
        settings.timeouts.firstByte = firstByte
        let client = HTTPLanguageModel(
            settings: settings, timer: timer, random: { random },
            limiter: AdaptiveRateLimiter(initialRate: 1000, maxConcurrent: 64, timer: timer))
        try await body(client, timer)
        await server.stop()
    }

    @Test func openAICompletesAndSendsTheRequestTheAPIWants() async throws {
        let script = Script([{ LoopbackProvider.answer("Three topics stand out.", to: $0, inputTokens: 17) }])
        try await withServer(script) { client, _ in
            let reply = try await client.complete(LanguageModelRequest(system: "Be brief.", prompt: "Summarise", maxTokens: 50))
            #expect(reply.text == "Three topics stand out.")
            #expect(reply.inputTokens == 17 && reply.outputTokens == 6)
            let r = try #require(script.requests.first)
            #expect(r.path == "/v1/chat/completions")
            #expect(r.header("authorization") == "Bearer " + Self.key)
            let json = try #require(r.json)
            #expect(json["model"]?.stringValue == "test-model")
            #expect(json["max_tokens"]?.intValue == 50)
            #expect(json["messages"]?.arrayValue?.first?["role"]?.stringValue == "system")
            #expect(json["stream"] == nil)
        }
    }

    @Test func openAIStreamsDeltasThenTheUsage() async throws {
        let text = "Battery complaints doubled after the update; support waits are the second theme."
        let script = Script([{ LoopbackProvider.answer(text, to: $0, inputTokens: 99, pieceBytes: 7) }])
        try await withServer(script) { client, _ in
            var pieces: [String] = []
            var final: LanguageModelReply?
            for try await d in client.stream(LanguageModelRequest(prompt: "Summarise")) {
                if let r = d.reply { final = r } else { pieces.append(d.text) }
            }
            #expect(pieces.count > 5)
            #expect(pieces.joined() == text)
            #expect(final?.text == text && final?.inputTokens == 99)
            #expect(script.requests.first?.json?["stream_options"]?["include_usage"] == .bool(true))
        }
    }

    @Test func anthropicStructuredOutputGoesAsAToolAndIsChecked() async throws {
        let schema = try JSONParser.parse(
            #"{"type":"object","properties":{"title":{"type":"string"},"score":{"type":"number"}},"required":["title","score"],"additionalProperties":false}"#)
        let script = Script([{ LoopbackProvider.answer(#"{"title":"Feedback","score":0.9}"#, to: $0) }])
        try await withServer(script, provider: .anthropic) { client, _ in
            let request = LanguageModelRequest(messages: [LanguageModelMessage(role: .user, text: "Rate it")], schema: schema, schemaName: "rating")
            var final: LanguageModelReply?
            for try await d in client.stream(request) where d.reply != nil { final = d.reply }
            #expect(final?.json?["title"]?.stringValue == "Feedback")
            let r = try #require(script.requests.first)
            #expect(r.path == "/v1/messages")
            #expect(r.header("x-api-key") == Self.key)
            #expect(r.header("anthropic-version") == "2023-06-01")
            #expect(r.json?["tool_choice"]?["name"]?.stringValue == "rating")
            #expect(r.json?["tools"]?.arrayValue?.first?["input_schema"] == schema)
            // Whole, too.
            let whole = try await client.complete(request)
            #expect(whole.json?["score"]?.doubleValue == 0.9)
        }
    }

    @Test(arguments: [LLMProvider.openai, .anthropic])
    func aStreamedStructuredAnswerStopsWhenTheObjectCloses(provider: LLMProvider) async throws {
        let schema = try JSONParser.parse(#"{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}"#)
        // A model that writes on after its JSON: the rest is never read as the answer.
        let rambling = #"{"n": 3} and then a long explanation nobody asked for, in many pieces"#
        let script = Script([{ LoopbackProvider.answer(rambling, to: $0, pieceBytes: 6) }])
        try await withServer(script, provider: provider) { client, _ in
            let request = LanguageModelRequest(messages: [LanguageModelMessage(role: .user, text: "n?")], schema: schema)
            let result = try await client.call(request, onDelta: { _ in })
            #expect(result.stoppedEarly)
            #expect(result.reply.text == #"{"n": 3}"#)
            #expect(result.reply.json?["n"]?.intValue == 3)
        }
    }

    @Test func openAIStructuredOutputUsesResponseFormat() async throws {
        let schema = try JSONParser.parse(#"{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}"#)
        let script = Script([{ LoopbackProvider.answer(#"{"n":3}"#, to: $0) }])
        try await withServer(script) { client, _ in
            let reply = try await client.complete(LanguageModelRequest(messages: [LanguageModelMessage(role: .user, text: "n?")], schema: schema))
            #expect(reply.json == .object([JSONField("n", .int(3))]))
            let format = script.requests.first?.json?["response_format"]
            #expect(format?["type"]?.stringValue == "json_schema")
            #expect(format?["json_schema"]?["schema"] == schema)
        }
    }

    @Test(arguments: [LLMProvider.openai, .anthropic])
    func a429WithRetryAfterWaitsWhatTheServerAsks(provider: LLMProvider) async throws {
        let script = Script([
            { LoopbackProvider.error(429, "slow down", to: $0, headers: [("retry-after", "2")]) },
            { LoopbackProvider.error(429, "slow down", to: $0, headers: [("retry-after-ms", "1500")]) },
            { LoopbackProvider.answer("ok", to: $0) },
        ])
        try await withServer(script, provider: provider) { client, timer in
            var text = ""
            for try await d in client.stream(LanguageModelRequest(prompt: "x")) where d.reply == nil { text += d.text }
            #expect(text == "ok")
            let result = try await client.call(LanguageModelRequest(prompt: "x"), onDelta: nil)
            #expect(result.reply.text == "ok")
            #expect(result.attempts == 1, "the script's last answer repeats")
            // Pacing may add waits of its own; the retry waits are the server's.
            #expect(timer.sleeps.filter { $0 >= 1 } == [2, 1.5])
        }
    }

    @Test func a500ThenSuccessBacksOffExponentiallyWithJitter() async throws {
        let script = Script([
            { LoopbackProvider.error(500, "boom", to: $0) }, { LoopbackProvider.error(503, "busy", to: $0) },
            { LoopbackProvider.answer("fine", to: $0) },
        ])
        // random 1: the full quarter of jitter is taken off (0.5 → 0.375, 1.0 → 0.75).
        try await withServer(script, random: 1) { client, timer in
            let result = try await client.call(LanguageModelRequest(prompt: "x"), onDelta: nil)
            #expect(result.reply.text == "fine" && result.attempts == 3)
            #expect(timer.sleeps.filter { $0 > 0.01 } == [0.375, 0.75])
        }
    }

    @Test func backoffFollowsTheContract() {
        let p = RetryPolicy()
        #expect(p.delay(beforeRetry: 0, retryAfter: nil, random: 0) == 0.5)
        #expect(p.delay(beforeRetry: 1, retryAfter: nil, random: 0) == 1)
        #expect(p.delay(beforeRetry: 5, retryAfter: nil, random: 0) == 8)
        #expect(p.delay(beforeRetry: 9, retryAfter: nil, random: 0.5) == 7)
        #expect(p.delay(beforeRetry: 0, retryAfter: 60, random: 0) == 60)
        #expect(p.delay(beforeRetry: 0, retryAfter: 61, random: 0) == 0.5)
        #expect(RetryPolicy.retryAfter(headers: [("Retry-After-Ms", "250")]) == 0.25)
        #expect(RetryPolicy.retryAfter(headers: [("retry-after", "3")]) == 3)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let date = RetryPolicy.retryAfter(headers: [("Retry-After", "Tue, 14 Nov 2023 22:13:30 GMT")], now: now)
        #expect(date.map { abs($0 - 10) < 1 } == true)
        #expect([408, 409, 429, 500, 502, 503, 504].allSatisfy(RetryPolicy.retries(status:)))
        #expect(![400, 401, 403, 404, 422].contains(where: RetryPolicy.retries(status:)))
    }

    @Test func aSlowFirstByteTimesOutThenTheRetryAnswers() async throws {
        let script = Script([
            { r in var slow = LoopbackProvider.answer("late", to: r); slow.headDelay = 12; return slow },
            { LoopbackProvider.answer("on time", to: $0) },
        ])
        // Generous limits: under a loaded test run the loopback server itself can be slow to answer.
        try await withServer(script, retries: 4, firstByte: 3) { client, _ in
            let result = try await client.call(LanguageModelRequest(prompt: "x"), onDelta: nil)
            #expect(result.reply.text == "on time")
            #expect(result.attempts >= 2)
        }
    }

    @Test(arguments: [LLMProvider.openai, .anthropic])
    func aStreamCutMidwayIsRetriedAndTheReaderToldToStartAgain(provider: LLMProvider) async throws {
        let text = "The answer arrives in several small pieces over the stream."
        let script = Script([
            { LoopbackProvider.answer(text, to: $0, pieceBytes: 5, cutAfter: 4) },
            { LoopbackProvider.answer(text, to: $0, pieceBytes: 5) },
        ])
        try await withServer(script, provider: provider) { client, _ in
            var received = ""
            var restarts = 0
            var final: LanguageModelReply?
            for try await d in client.stream(LanguageModelRequest(prompt: "x")) {
                if d.restart {
                    restarts += 1
                    received = ""
                }
                if let r = d.reply { final = r } else { received += d.text }
            }
            #expect(restarts == 1)
            #expect(received == text && final?.text == text)
            #expect(script.requests.count == 2)
        }
    }

    @Test func invalidJSONIsAClearErrorWithoutRetries() async throws {
        let script = Script([{ _ in .text("<html>gateway</html>", contentType: "application/json") }])
        try await withServer(script) { client, _ in
            let error = await #expect(throws: LLMCallFailure.self) { try await client.complete(LanguageModelRequest(prompt: "x")) }
            #expect(error?.code == "llm-invalid-reply")
            #expect(error?.description.contains("not JSON") == true)
            #expect(error?.attempts == 1)
        }
    }

    @Test func aReplyThatBreaksTheSchemaIsRefused() async throws {
        let schema = try JSONParser.parse(#"{"type":"object","properties":{"score":{"type":"number","maximum":1}},"required":["score"]}"#)
        let script = Script([{ LoopbackProvider.answer(#"{"score":7}"#, to: $0) }])
        try await withServer(script) { client, _ in
            let request = LanguageModelRequest(messages: [LanguageModelMessage(role: .user, text: "x")], schema: schema)
            let error = await #expect(throws: LLMCallFailure.self) { try await client.complete(request) }
            #expect(error?.code == "llm-schema")
            #expect(error?.description.contains("/score") == true)
            #expect(script.requests.count == 1)
        }
    }

    @Test func a401IsNotRetriedAndNamesTheVariableWithoutTheKey() async throws {
        let script = Script([{ LoopbackProvider.error(401, "Incorrect API key provided: \(Self.key)", to: $0) }])
        try await withServer(script) { client, _ in
            let error = await #expect(throws: LLMCallFailure.self) { try await client.complete(LanguageModelRequest(prompt: "x")) }
            #expect(error?.code == "llm-auth")
            #expect(error?.hint?.contains("OPENAI_API_KEY") == true)
            #expect(error?.description.contains(Self.key) == false)
            #expect(error?.description.contains("0123456789ab") == false)
            #expect(script.requests.count == 1)
        }
        let anthropic = Script([{ LoopbackProvider.error(401, "invalid x-api-key", to: $0) }])
        try await withServer(anthropic, provider: .anthropic) { client, _ in
            let error = await #expect(throws: LLMCallFailure.self) { try await client.complete(LanguageModelRequest(prompt: "x")) }
            #expect(error?.hint?.contains("ANTHROPIC_API_KEY") == true)
        }
    }

    @Test func whenEveryRetryFailsTheErrorSaysHowOften() async throws {
        let script = Script([{ LoopbackProvider.error(502, "bad gateway", to: $0) }])
        try await withServer(script) { client, timer in
            let error = await #expect(throws: LLMCallFailure.self) { try await client.complete(LanguageModelRequest(prompt: "x")) }
            #expect(error?.code == "llm-server")
            #expect(error?.attempts == 3)
            #expect(error?.description.contains("after 3 attempts") == true)
            #expect(timer.sleeps.filter { $0 > 0.01 } == [0.5, 1])
        }
    }

    @Test func anUnreachableServerIsAConnectionError() async throws {
        let settings = try ProviderSettings.from(provider: .openai, environment: ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1"])
        var s = settings
        s.retry.maxRetries = 0
        s.timeouts.connect = 0.5
        let timer = ManualTimer()
        let client = HTTPLanguageModel(settings: s, timer: timer, limiter: AdaptiveRateLimiter(initialRate: 100, timer: timer))
        let error = await #expect(throws: LLMCallFailure.self) { try await client.complete(LanguageModelRequest(prompt: "x")) }
        #expect(error?.code == "llm-connect")
        #expect(error?.hint?.contains("OPENAI_BASE_URL") == true)
    }

    @Test func settingsNeedAKeyOnlyForTheProvidersOwnService() throws {
        #expect(throws: TaskFlowFailure.self) { try ProviderSettings.from(provider: .openai, environment: [:]) }
        #expect(throws: TaskFlowFailure.self) { try ProviderSettings.from(provider: .anthropic, environment: [:]) }
        let local = try ProviderSettings.from(provider: .openai, environment: ["OPENAI_BASE_URL": "http://127.0.0.1:11434/v1/"])
        #expect(local.key == nil && local.baseURL == "http://127.0.0.1:11434/v1" && local.model == "gpt-4o-mini")
        let chosen = try ProviderSettings.from(
            provider: .anthropic, environment: ["ANTHROPIC_API_KEY": "k-123456", "TF_LLM_MODEL": "env-model"], model: "flag-model")
        #expect(chosen.model == "flag-model")
        #expect("\(chosen.key!)" == "•••")
        #expect(!String(describing: chosen).contains("k-123456"))
        #expect(throws: TaskFlowFailure.self) {
            try ProviderSettings.from(provider: .openai, environment: ["OPENAI_BASE_URL": "ftp://x"])
        }
        #expect(throws: TaskFlowFailure.self) {
            try ProviderSettings.from(provider: .openai, environment: ["OPENAI_API_KEY": "k", "TF_LLM_TIMEOUT": "soon"])
        }
    }
}

@Suite struct StreamingPiecesTests {
    @Test func serverSentEventsSurviveAnySplit() throws {
        let text = "event: a\r\ndata: {\"x\":1}\r\n\r\n: comment\ndata: line1\ndata: line2\n\ndata: é\n\n"
        let bytes = Array(text.utf8)
        for cut in 1..<bytes.count {
            var p = ServerSentEventParser()
            let events = try p.feed(bytes[..<cut]) + p.feed(bytes[cut...])
            #expect(events.map(\.data) == ["{\"x\":1}", "line1\nline2", "é"])
            #expect(events.first?.event == "a")
        }
    }

    @Test func jsonCompletionIgnoresBracketsInStrings() {
        var t = JSONCompletionTracker()
        let a = t.feed(#"{"a":"}{\"]"#)
        let b = t.feed(#"","b":[1,{"c":2}]"#)
        let c = t.feed("} trailing")
        #expect(!a && !b && c)
    }
}

@Suite struct AdaptiveRateLimiterTests {
    @Test func a429HalvesTheRateAndRetryAfterPausesEveryone() async throws {
        let timer = ManualTimer()
        let limiter = AdaptiveRateLimiter(initialRate: 2, maxConcurrent: 4, timer: timer)
        // Slow start: each success adds one call per second.
        for _ in 0..<10 {
            let p = try await limiter.acquire()
            await limiter.release(p, .success)
        }
        #expect(await limiter.rate == 12)
        let p = try await limiter.acquire()
        let sentBefore = try await limiter.acquire()
        timer.advance(0.5)
        await limiter.release(p, .rateLimited(retryAfter: 3))
        let afterHalving = await limiter.rate
        #expect(afterHalving <= 6)
        #expect(await limiter.ceiling != nil)
        // A 429 of a call sent before the halving does not halve again.
        await limiter.release(sentBefore, .rateLimited(retryAfter: nil))
        #expect(await limiter.rate == afterHalving)
        let before = timer.now()
        let q = try await limiter.acquire()
        #expect(timer.now() - before >= 3)
        await limiter.release(q, .success)
    }

    @Test func concurrencyIsCapped() async throws {
        let limiter = AdaptiveRateLimiter(initialRate: 1000, maxConcurrent: 2)
        let inFlight = Peak()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let p = try await limiter.acquire()
                    inFlight.enter()
                    try await Task.sleep(nanoseconds: 5_000_000)
                    inFlight.leave()
                    await limiter.release(p, .success)
                }
            }
            try await group.waitForAll()
        }
        #expect(inFlight.peak == 2)
    }
}

final class Peak: Sendable {
    private let m = Mutex((now: 0, peak: 0))
    func enter() { m.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) } }
    func leave() { m.withLock { $0.now -= 1 } }
    var peak: Int { m.withLock { $0.peak } }
}
