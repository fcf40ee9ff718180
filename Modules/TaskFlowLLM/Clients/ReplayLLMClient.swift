import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// The `replay` provider: answers each request with the answer an earlier run got for the same
/// prompt (by prompt hash) from the `llm_call` log, so a report can be written again offline
/// and tests can run on recorded calls. A prompt never seen is an error naming its hash.
public final class ReplayLLMClient: LLMClient, Sendable {
    public let provider = LLMProvider.replay
    public let name: String
    private let lookup: @Sendable (String) async throws -> LLMCallRecord?

    /// - Parameters:
    ///   - runID: answer only from this run's calls (nil: the newest call of any run).
    ///   - lookup: finds the newest successful call with a prompt hash.
    public init(runID: Int64?, lookup: @escaping @Sendable (String) async throws -> LLMCallRecord?) {
        self.name = "replay/" + (runID.map { "run-\($0)" } ?? "log")
        self.lookup = lookup
    }

    public var model: String { String(name.dropFirst("replay/".count)) }

    public func complete(_ request: LanguageModelRequest) async throws -> LanguageModelReply {
        let hash = LLMRequestKey.promptHash(request)
        guard let call = try await lookup(hash), let text = call.response else {
            throw TaskFlowFailure(
                "llm-replay-miss", "no recorded call answers this prompt (hash \(hash.prefix(12)))",
                hint: "replay answers only prompts an earlier run sent; run with a real provider once, or check TF_LLM_REPLAY_RUN")
        }
        var reply = LanguageModelReply(text: text, inputTokens: call.inputTokens, outputTokens: call.outputTokens)
        if request.responseSchema != nil { reply.json = try? JSONParser.parse(text) }
        return reply
    }
}
