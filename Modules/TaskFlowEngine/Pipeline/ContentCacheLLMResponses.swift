import Foundation
import TaskFlowCache
import TaskFlowCore
import TaskFlowLLM
import TaskFlowPluginAPI

/// The exact language-model response cache, kept in the content cache under the tool name
/// `llm` (so `tf cache stats` counts it and `tf cache clear --tool llm` empties it).
struct ContentCacheLLMResponses: LLMResponseCache {
    let cache: TieredCache

    init(_ cache: TieredCache) {
        self.cache = cache
    }

    /// The cache key for `LLMRequestKey.cacheKey`'s hex digest.
    static func key(_ hex: String) -> CacheKey {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return key(SHA256Digest.hex(hex)) }
        func nibble(_ c: UInt8) -> UInt8 { c >= 97 ? c - 87 : c >= 65 ? c - 55 : c - 48 }
        return CacheKey(bytes: stride(from: 0, to: 64, by: 2).map { nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]) })
    }

    func reply(forKey key: String) async -> LanguageModelReply? {
        let k = Self.key(key)
        guard let bytes = await cache.getMany([k], analyzer: "llm")[k], let json = try? JSONParser.parse(bytes),
            let text = json["text"]?.stringValue
        else { return nil }
        var reply = LanguageModelReply(
            text: text, inputTokens: json["inputTokens"]?.intValue ?? 0, outputTokens: json["outputTokens"]?.intValue ?? 0)
        if let j = json["json"], j != .null { reply.json = j }
        return reply
    }

    func store(_ reply: LanguageModelReply, forKey key: String) async {
        let value = JSONValue.object([
            JSONField("text", .string(reply.text)), JSONField("inputTokens", .int(reply.inputTokens)),
            JSONField("outputTokens", .int(reply.outputTokens)), JSONField("json", reply.json ?? .null),
        ])
        await cache.putMany([CacheEntry(key: Self.key(key), analyzer: "llm", value: Array(value.jsonString.utf8))])
    }
}
