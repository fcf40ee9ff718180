import Foundation
import Synchronization
import TaskFlowCore
import TaskFlowPluginAPI

/// What a run shares among its agents' language models: prices, the exact cache, the budget
/// and where each call is logged.
public struct LLMRunServices: Sendable {
    public var runID: Int64?
    public var prices: LLMPriceTable
    /// The exact response cache; nil when the run's cache is off.
    public var cache: (any LLMResponseCache)?
    /// Read the cache (false when the run refreshes it: answers are fetched again and stored).
    public var readCache: Bool
    public var budget: LLMBudget?
    /// The semantic cache (`--set llm.semantic-cache=THRESHOLD`), or nil.
    public var semantic: SemanticLLMCache?
    /// Receives every call (the engine writes it to the `llm_call` table).
    public var log: (@Sendable (LLMCallRecord) async -> Void)?

    public init(
        runID: Int64? = nil, prices: LLMPriceTable = .shipped, cache: (any LLMResponseCache)? = nil, readCache: Bool = true,
        budget: LLMBudget? = nil, log: (@Sendable (LLMCallRecord) async -> Void)? = nil
    ) {
        self.runID = runID
        self.prices = prices
        self.cache = cache
        self.readCache = readCache
        self.budget = budget
        self.log = log
    }
}

/// The language model one agent sees: its client, with the run's cache, budget, prices and
/// call log applied, and what the agent spent counted.
public final class AgentLanguageModel: LanguageModel, Sendable {
    public typealias Usage = LanguageModelUsage

    public let client: any LLMClient
    public let agent: String
    public let services: LLMRunServices
    private let state = Mutex(Usage())

    public init(client: any LLMClient, agent: String, services: LLMRunServices) {
        self.client = client
        self.agent = agent
        self.services = services
    }

    public var name: String { client.name }
    public var usage: Usage { state.withLock { $0 } }

    public func complete(_ request: LanguageModelRequest) async throws -> LanguageModelReply {
        try await run(request, onDelta: nil)
    }

    public func stream(_ request: LanguageModelRequest) -> AsyncThrowingStream<LanguageModelDelta, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let reply = try await self.run(request, onDelta: { continuation.yield($0) })
                    continuation.yield(LanguageModelDelta(text: "", reply: reply))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func run(_ request: LanguageModelRequest, onDelta: (@Sendable (LanguageModelDelta) -> Void)?) async throws -> LanguageModelReply {
        let provider = client.provider.rawValue
        let model = client.model
        let hash = LLMRequestKey.promptHash(request)
        let key = LLMRequestKey.cacheKey(provider: provider, model: model, promptHash: hash)
        let requestJSON = LLMRequestKey.canonical(request).jsonString
        let price = services.prices.price(provider: provider, model: model)
        func record(_ fill: (inout LLMCallRecord) -> Void) async {
            var r = LLMCallRecord(runID: services.runID, agent: agent, provider: provider, model: model, promptHash: hash, request: requestJSON)
            fill(&r)
            await services.log?(r)
        }
        func served(_ hit: LanguageModelReply, from kind: LLMCallRecord.CacheHit, note: String? = nil) async -> LanguageModelReply {
            onDelta?(LanguageModelDelta(text: hit.text))
            state.withLock {
                $0.calls += 1
                $0.cacheHits += 1
            }
            await record {
                $0.inputTokens = hit.inputTokens
                $0.outputTokens = hit.outputTokens
                $0.cost = 0
                $0.cache = kind
                $0.response = hit.text
                $0.error = note
            }
            return hit
        }
        if services.readCache, let cache = services.cache, let hit = await cache.reply(forKey: key) {
            return await served(hit, from: .exact)
        }
        if services.readCache, let semantic = services.semantic, client.provider != .replay {
            let (hit, decision) = await semantic.lookup(provider: provider, model: model, request: request)
            if let hit, case .hit(let similarity) = decision {
                return await served(hit, from: .semantic, note: String(format: "semantic hit, similarity %.3f", similarity))
            }
        }
        var estimate = 0.0
        if let budget = services.budget {
            estimate = price?.cost(input: LLMRequestKey.estimatedInputTokens(request), output: request.maxTokens) ?? 0
            do {
                try await budget.reserve(estimate, what: "a call of \(agent) to \(client.name)")
            } catch {
                state.withLock {
                    $0.calls += 1
                    $0.failures += 1
                }
                await record {
                    $0.outcome = "llm-budget"
                    $0.error = "\(error)"
                }
                throw error
            }
        }
        do {
            let result = try await client.call(request, onDelta: onDelta)
            let reply = result.reply
            let cost = price?.cost(input: reply.inputTokens, output: reply.outputTokens)
            await services.budget?.settle(reserved: estimate, cost: cost ?? 0)
            state.withLock {
                $0.calls += 1
                $0.inputTokens += reply.inputTokens
                $0.outputTokens += reply.outputTokens
                $0.seconds += result.seconds
                $0.retries += result.attempts - 1
                if let cost { $0.cost += cost } else { $0.costKnown = false }
            }
            await record {
                $0.inputTokens = reply.inputTokens
                $0.outputTokens = reply.outputTokens
                $0.tokensEstimated = result.usageEstimated
                $0.seconds = result.seconds
                $0.firstTokenSeconds = result.firstTokenSeconds
                $0.cost = cost
                $0.cache = client.provider == .replay ? .replay : .none
                $0.retries = result.attempts - 1
                $0.rateLimited = result.rateLimited
                $0.response = reply.text
            }
            if let cache = services.cache, client.provider != .replay { await cache.store(reply, forKey: key) }
            if let semantic = services.semantic, client.provider != .replay {
                await semantic.insert(provider: provider, model: model, request: request, reply: reply)
            }
            return reply
        } catch {
            await services.budget?.settle(reserved: estimate, cost: 0)
            let failure = error as? LLMCallFailure
            state.withLock {
                $0.calls += 1
                $0.failures += 1
                $0.seconds += failure?.seconds ?? 0
                $0.retries += max(0, (failure?.attempts ?? 1) - 1)
            }
            if error is CancellationError { throw error }
            await record {
                $0.seconds = failure?.seconds ?? 0
                $0.retries = max(0, (failure?.attempts ?? 1) - 1)
                $0.rateLimited = failure?.rateLimited ?? 0
                $0.outcome = failure?.code ?? (error as? TaskFlowFailure)?.code ?? "error"
                $0.error = "\(error)"
            }
            throw error
        }
    }
}
