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
        let runs = try await store.runs(limit: 1_000_000)
        let lowered = word.lowercased()
        let wanted = lowered == "last" ? runs.first?.id : Int64(lowered.hasPrefix("#") ? String(lowered.dropFirst()) : lowered)
        guard let id = wanted, runs.contains(where: { $0.id == id }) else {
            throw TaskFlowFailure(
                "unknown-run", lowered == "last" ? "the store has no runs yet" : "no run '\(word)' in \(store.location)",
                hint: runs.isEmpty ? "run an analysis first" : "the newest is #\(runs[0].id); tf logs without --run lists every call",
                exitCode: 2)
        }
        return try await store.llmCalls(runID: id, limit: limit)
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
