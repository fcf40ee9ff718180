import Synchronization
import TaskFlowCore
import TaskFlowPluginAPI

/// What a language model has been asked, and what it cost, as one agent's model counts it.
public struct LanguageModelUsage: Sendable, Hashable {
    public var calls = 0
    public var failures = 0
    public var inputTokens = 0
    public var outputTokens = 0
    public var seconds = 0.0
    /// Dollars, over the calls whose model has a price.
    public var cost = 0.0
    /// Whether every call had a price.
    public var costKnown = true
    /// Calls answered from the exact or semantic cache.
    public var cacheHits = 0
    /// Tries after the first, over all calls.
    public var retries = 0

    public init() {}
}

/// Wraps a language model and counts what passes through it: calls, tokens and seconds.
///
/// The engine gives each agent its own meter, so a report can say what each agent spent.
public final class MeteredLanguageModel: LanguageModel, Sendable {
    public typealias Usage = LanguageModelUsage

    public let base: any LanguageModel
    private let state = Mutex(Usage())

    public init(_ base: any LanguageModel) {
        self.base = base
    }

    public var name: String { base.name }

    public var usage: Usage { state.withLock { $0 } }

    public func complete(_ request: LanguageModelRequest) async throws -> LanguageModelReply {
        let clock = ContinuousClock()
        let t0 = clock.now
        do {
            let reply = try await base.complete(request)
            let s = (clock.now - t0).inSeconds
            state.withLock {
                $0.calls += 1
                $0.inputTokens += reply.inputTokens
                $0.outputTokens += reply.outputTokens
                $0.seconds += s
            }
            return reply
        } catch {
            let s = (clock.now - t0).inSeconds
            state.withLock {
                $0.calls += 1
                $0.failures += 1
                $0.seconds += s
            }
            throw error
        }
    }

}
