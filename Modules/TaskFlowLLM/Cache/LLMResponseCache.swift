import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// Where answers are kept between runs: the exact cache (by `LLMRequestKey.cacheKey`) lives
/// in the content cache; the host supplies it.
public protocol LLMResponseCache: Sendable {
    /// The stored answer for a key.
    func reply(forKey key: String) async -> LanguageModelReply?
    /// Stores an answer.
    func store(_ reply: LanguageModelReply, forKey key: String) async
}

/// How requests are identified: the prompt hash (what was asked) and the cache key (what was
/// asked of which model).
public enum LLMRequestKey {
    /// The request as canonical JSON: system, messages, schema, token limit, temperature.
    public static func canonical(_ r: LanguageModelRequest) -> JSONValue {
        var fields = [
            JSONField("system", .string(r.system)),
            JSONField(
                "messages",
                .array(r.messages.map { .object([JSONField("role", .string($0.role.rawValue)), JSONField("text", .string($0.text))]) })),
            JSONField("maxTokens", .int(r.maxTokens)), JSONField("temperature", .double(r.temperature)),
        ]
        if let s = r.responseSchema {
            fields.append(JSONField("schema", s))
            fields.append(JSONField("schemaName", .string(r.responseSchemaName)))
        }
        return .object(fields)
    }

    /// SHA-256 (hex) of the canonical request: the same question, whatever model is asked.
    public static func promptHash(_ r: LanguageModelRequest) -> String { SHA256Digest.hex(canonical(r).jsonString) }

    /// The exact cache's key: provider, model and the prompt hash.
    public static func cacheKey(provider: String, model: String, promptHash: String) -> String {
        SHA256Digest.hex("llm-exact-v1\u{0}\(provider)\u{0}\(model)\u{0}\(promptHash)")
    }

    /// A rough token count before sending (a token per four UTF-8 bytes).
    public static func estimatedInputTokens(_ r: LanguageModelRequest) -> Int {
        var bytes = r.system.utf8.count + (r.responseSchema?.jsonString.utf8.count ?? 0)
        for m in r.messages { bytes += m.text.utf8.count + 8 }
        return (bytes + 3) / 4
    }
}
