import Foundation
import GRDB
import TaskFlowCore
import TaskFlowPluginAPI

extension SQLiteStore {
    /// Stores one language-model call; returns its id.
    @discardableResult
    public func saveLLMCall(_ c: LLMCallRecord) throws -> Int64 {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO llm_call (run_id, agent, provider, model, prompt_hash, input_tokens, output_tokens,
                        tokens_estimated, seconds, first_token_seconds, cost, cache, retries, rate_limited, outcome, error,
                        request, response, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    c.runID, c.agent, c.provider, c.model, c.promptHash, c.inputTokens, c.outputTokens, c.tokensEstimated,
                    c.seconds, c.firstTokenSeconds, c.cost, c.cache.rawValue, c.retries, c.rateLimited, c.outcome, c.error,
                    c.request, c.response, c.createdAt.formatted(.iso8601),
                ])
            return db.lastInsertedRowID
        }
    }

    /// Language-model calls, oldest first: of one run, or the newest `limit` of all.
    public func llmCalls(runID: Int64?, limit: Int) throws -> [LLMCallRecord] {
        try read { db in
            let rows: [Row]
            if let runID {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM llm_call WHERE run_id = ? ORDER BY id LIMIT ?", arguments: [runID, limit])
            } else {
                rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM (SELECT * FROM llm_call ORDER BY id DESC LIMIT ?) ORDER BY id", arguments: [limit])
            }
            return rows.map(Self.llmCall(from:))
        }
    }

    /// The newest successful call with this prompt hash, of one run or of any.
    public func llmCall(promptHash: String, runID: Int64?) throws -> LLMCallRecord? {
        try read { db in
            let row: Row?
            if let runID {
                row = try Row.fetchOne(
                    db,
                    sql: "SELECT * FROM llm_call WHERE prompt_hash = ? AND run_id = ? AND outcome = 'ok' ORDER BY id DESC LIMIT 1",
                    arguments: [promptHash, runID])
            } else {
                row = try Row.fetchOne(
                    db, sql: "SELECT * FROM llm_call WHERE prompt_hash = ? AND outcome = 'ok' ORDER BY id DESC LIMIT 1",
                    arguments: [promptHash])
            }
            return row.map(Self.llmCall(from:))
        }
    }

    static func llmCall(from row: Row) -> LLMCallRecord {
        let created: String = row["created_at"]
        return LLMCallRecord(
            id: row["id"], runID: row["run_id"], agent: row["agent"], provider: row["provider"], model: row["model"],
            promptHash: row["prompt_hash"], inputTokens: row["input_tokens"], outputTokens: row["output_tokens"],
            tokensEstimated: row["tokens_estimated"], seconds: row["seconds"], firstTokenSeconds: row["first_token_seconds"],
            cost: row["cost"], cache: LLMCallRecord.CacheHit(rawValue: row["cache"]) ?? .none, retries: row["retries"],
            rateLimited: row["rate_limited"], outcome: row["outcome"], error: row["error"], request: row["request"],
            response: row["response"], createdAt: (try? Date(created, strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0))
    }
}
