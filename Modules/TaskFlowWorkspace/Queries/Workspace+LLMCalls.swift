import Foundation
import TaskFlowCore
import TaskFlowLLM
import TaskFlowPluginAPI
import TaskFlowStorage

extension Workspace {
    /// Language-model calls from the store's log, oldest first: a run's (`last`, `12`, `#12`),
    /// or the newest `limit` of all runs.
    ///
    /// - Throws: `TaskFlowFailure` for a run the store does not have.
    public func llmCalls(run word: String?, limit: Int) async throws -> [LLMCallRecord] {
        let store = try store()
        guard let word else { return try await store.llmCalls(runID: nil, limit: limit) }
        return try await store.llmCalls(runID: try await storedRun(word, in: store).id, limit: limit)
    }

    /// The price table runs use (the shipped one with `$TF_HOME/llm-prices.json` laid over it):
    /// dollars per million tokens, sorted by provider and model.
    public func llmPrices() throws -> [(provider: String, model: String, input: Double, output: Double)] {
        let table = try LLMPriceTable.load(home: home)
        return table.entries.keys.sorted().flatMap { provider in
            table.entries[provider]!.sorted { $0.key < $1.key }.map { (provider, $0.key, $0.value.input, $0.value.output) }
        }
    }
}
