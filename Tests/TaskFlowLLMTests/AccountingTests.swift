import Foundation
import Synchronization
import TaskFlowCore
import TaskFlowLLM
import TaskFlowPluginAPI
import Testing

/// An exact cache in memory.
final class MemoryResponses: LLMResponseCache {
    private let m = Mutex<[String: LanguageModelReply]>([:])
    func reply(forKey key: String) async -> LanguageModelReply? { m.withLock { $0[key] } }
    func store(_ reply: LanguageModelReply, forKey key: String) async { m.withLock { $0[key] = reply } }
    var count: Int { m.withLock { $0.count } }
}

/// Collects logged calls.
final class CallLog: Sendable {
    private let m = Mutex<[LLMCallRecord]>([])
    func add(_ c: LLMCallRecord) { m.withLock { $0.append(c) } }
    var calls: [LLMCallRecord] { m.withLock { $0 } }
}

@Suite struct AccountingTests {
    @Test func pricesMatchTheLongestPrefixAndUserFilesOverride() throws {
        let t = LLMPriceTable.shipped
        #expect(t.price(provider: "openai", model: "gpt-4o-mini-2024-07-18") == t.price(provider: "openai", model: "gpt-4o-mini"))
        #expect(t.price(provider: "openai", model: "gpt-4o-2024-08-06")?.input == 2.5)
        #expect(t.price(provider: "openai", model: "llama3") == nil)
        #expect(LLMPriceTable.Price(input: 0.15, output: 0.6).cost(input: 1_000_000, output: 500_000) == 0.45)
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("tf-prices-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let file = home.appendingPathComponent("llm-prices.json")
        try #"{"openai": {"llama3": {"input": 0, "output": 0.5}}}"#.write(to: file, atomically: true, encoding: .utf8)
        let mine = try LLMPriceTable.load(home: TaskFlowHome(path: home.path))
        #expect(mine.price(provider: "openai", model: "llama3")?.output == 0.5)
        #expect(mine.price(provider: "openai", model: "gpt-4o") != nil)
        try #"{"openai": {"x": {"input": -1}}}"#.write(to: file, atomically: true, encoding: .utf8)
        let e = #expect(throws: TaskFlowFailure.self) { try LLMPriceTable.load(home: TaskFlowHome(path: home.path)) }
        #expect(e?.description.contains("llm-prices.json") == true)
        #expect(e?.description.contains("\"openai\".\"x\"") == true)
    }

    @Test func theBudgetRefusesWhatWouldPassIt() async throws {
        let b = LLMBudget(limit: 0.01)
        try await b.reserve(0.006, what: "a call")
        await #expect(throws: TaskFlowFailure.self) { try await b.reserve(0.006, what: "another call") }
        await b.settle(reserved: 0.006, cost: 0.002)
        try await b.reserve(0.006, what: "a third call")
        #expect(await b.spent == 0.002)
        #expect(await b.refusals == 1)
    }

    @Test func callsAreLoggedPricedAndCachedExactly() async throws {
        let cache = MemoryResponses()
        let log = CallLog()
        let services = LLMRunServices(runID: 7, prices: .shipped, cache: cache, log: { log.add($0) })
        let model = AgentLanguageModel(client: MockLLMClient(replies: ["first", "second"]), agent: "writer", services: services)
        let request = LanguageModelRequest(prompt: "Summarise the run")
        #expect(try await model.complete(request).text == "first")
        #expect(try await model.complete(request).text == "first", "the second call is the cache's")
        #expect(try await model.complete(LanguageModelRequest(prompt: "Another question")).text == "second")
        let calls = log.calls
        #expect(calls.map(\.cache) == [.none, .exact, .none])
        #expect(calls.allSatisfy { $0.runID == 7 && $0.agent == "writer" && $0.provider == "mock" && $0.outcome == "ok" })
        #expect(calls[0].promptHash == calls[1].promptHash && calls[0].promptHash != calls[2].promptHash)
        #expect(calls[0].cost == 0)
        #expect(calls[0].response == "first")
        #expect(calls[0].request.contains("Summarise the run"))
        #expect(model.usage.calls == 3 && model.usage.cacheHits == 1)
    }

    @Test func aFailedCallIsLoggedWithItsCode() async throws {
        let log = CallLog()
        let model = AgentLanguageModel(
            client: MockLLMClient(replies: ["!error down"]), agent: "critic", services: LLMRunServices(log: { log.add($0) }))
        await #expect(throws: TaskFlowFailure.self) { try await model.complete(LanguageModelRequest(prompt: "x")) }
        #expect(log.calls.first?.outcome == "llm-error")
        #expect(model.usage.failures == 1)
    }

    @Test func theBudgetStopsACallBeforeItIsSent() async throws {
        let log = CallLog()
        let mock = MockLLMClient(replies: ["never"])
        // gpt-4o's price applied to a mock through a table that prices it.
        let prices = LLMPriceTable(entries: ["mock": ["script": .init(input: 1000, output: 1000)]])
        let model = AgentLanguageModel(
            client: mock, agent: "writer", services: LLMRunServices(prices: prices, budget: LLMBudget(limit: 0.01), log: { log.add($0) }))
        let e = await #expect(throws: TaskFlowFailure.self) { try await model.complete(LanguageModelRequest(prompt: "x", maxTokens: 100)) }
        #expect(e?.code == "llm-budget")
        #expect(mock.callCount == 0)
        #expect(log.calls.first?.outcome == "llm-budget")
    }

    @Test func replayAnswersKnownPromptsAndNamesTheMissingOne() async throws {
        let request = LanguageModelRequest(prompt: "What stands out?")
        let hash = LLMRequestKey.promptHash(request)
        let client = ReplayLLMClient(runID: nil) { h in
            h == hash ? LLMCallRecord(runID: 1, agent: "writer", provider: "openai", model: "m", promptHash: h, request: "{}", response: "Battery.") : nil
        }
        #expect(try await client.complete(request).text == "Battery.")
        let e = await #expect(throws: TaskFlowFailure.self) { try await client.complete(LanguageModelRequest(prompt: "Other")) }
        #expect(e?.code == "llm-replay-miss")
    }

    @Test func theMockFillsARequestedSchema() async throws {
        let schema = try JSONParser.parse(
            #"{"type":"object","properties":{"title":{"type":"string"},"items":{"type":"array","minItems":2,"items":{"type":"integer","minimum":3}},"kind":{"enum":["a","b"]}}}"#)
        let reply = try await MockLLMClient().call(
            LanguageModelRequest(messages: [LanguageModelMessage(role: .user, text: "x")], schema: schema), onDelta: nil)
        #expect(reply.reply.json?["items"] == .array([.int(3), .int(3)]))
        #expect(reply.reply.json?["kind"] == .string("a"))
    }
}

@Suite struct SemanticCacheTests {
    /// A toy embedder: a bag of lower-cased words hashed into 64 dimensions.
    static let embed: SemanticLLMCache.Embedder = { texts in
        texts.map { t in
            var v = [Float](repeating: 0, count: 64)
            for w in t.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) { v[abs(w.hashValue) % 64] += 1 }
            return v
        }
    }

    @Test func aCloseParaphraseHitsButANumberOrNegationDoesNot() async throws {
        let store = MemoryResponses()
        let cache = SemanticLLMCache(threshold: 0.8, store: store, embed: Self.embed)
        let asked = LanguageModelRequest(prompt: "List the top 5 complaints about the battery")
        await cache.insert(provider: "openai", model: "m", request: asked, reply: LanguageModelReply(text: "five complaints"))
        let same = await cache.lookup(provider: "openai", model: "m", request: LanguageModelRequest(prompt: "list the top 5 complaints about the battery"))
        #expect(same.reply?.text == "five complaints")
        let number = await cache.lookup(provider: "openai", model: "m", request: LanguageModelRequest(prompt: "List the top 6 complaints about the battery"))
        #expect(number.reply == nil)
        if case .conflict(.number, _) = number.decision {} else { Issue.record("expected a number conflict, got \(number.decision)") }
        let negation = await cache.lookup(
            provider: "openai", model: "m", request: LanguageModelRequest(prompt: "List the top 5 complaints not about the battery"))
        #expect(negation.reply == nil)
        // Another model never shares answers; a new cache on the same store still finds them.
        #expect(await cache.lookup(provider: "openai", model: "other", request: asked).reply == nil)
        let reopened = SemanticLLMCache(threshold: 0.8, store: store, embed: Self.embed)
        #expect(await reopened.lookup(provider: "openai", model: "m", request: asked).reply?.text == "five complaints")
    }
}
