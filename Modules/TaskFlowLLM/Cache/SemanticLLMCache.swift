import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// The optional semantic cache (`--set llm.semantic-cache=0.95`): a request whose last user
/// message is close enough in meaning to one answered before — cosine of their sentence
/// embeddings at least the threshold — gets that answer, unless `PromptGuard` finds the two
/// differ in a negation, a number or a name (the false hits semantic caches are known for).
///
/// Only requests that agree in everything else (provider, model, system, earlier turns,
/// schema, token limit, temperature) are compared: they share a bucket. Buckets live in the
/// exact cache's store, so hits carry across runs; each keeps its newest 256 prompts.
public actor SemanticLLMCache {
    /// Embeds texts (the shared all-MiniLM-L6-v2 in a run); vectors are L2-normalised.
    public typealias Embedder = @Sendable ([String]) async throws -> [[Float]]

    /// How a lookup was decided, for logs and the evaluation.
    public enum Decision: Sendable, Hashable {
        case hit(similarity: Double)
        case belowThreshold(similarity: Double)
        case conflict(PromptConflict, similarity: Double)
        case empty
    }

    struct Entry: Sendable {
        var prompt: String
        var vector: [Float]
        var reply: LanguageModelReply
    }

    public let threshold: Double
    private let embed: Embedder
    private let store: (any LLMResponseCache)?
    private let promptGuard = PromptGuard()
    private var buckets: [String: [Entry]] = [:]
    static let perBucket = 256

    public init(threshold: Double, store: (any LLMResponseCache)?, embed: @escaping Embedder) {
        self.threshold = threshold
        self.store = store
        self.embed = embed
    }

    /// The bucket of a request: everything but its last user message.
    public static func bucket(provider: String, model: String, request r: LanguageModelRequest) -> String {
        var head = r
        if let last = head.messages.lastIndex(where: { $0.role == .user }) { head.messages.remove(at: last) }
        return SHA256Digest.hex("llm-semantic-v1\u{0}\(provider)\u{0}\(model)\u{0}" + LLMRequestKey.canonical(head).jsonString)
    }

    /// The prompt a request is matched by: its last user message.
    public static func prompt(_ r: LanguageModelRequest) -> String { r.messages.last(where: { $0.role == .user })?.text ?? "" }

    /// Whether two prompts may share an answer, given their similarity.
    public func decide(_ a: String, _ b: String, similarity: Double) -> Decision {
        guard similarity >= threshold else { return .belowThreshold(similarity: similarity) }
        if let c = promptGuard.conflict(a, b) { return .conflict(c, similarity: similarity) }
        return .hit(similarity: similarity)
    }

    /// A stored answer for a close enough prompt, with how it was decided.
    public func lookup(provider: String, model: String, request: LanguageModelRequest) async -> (reply: LanguageModelReply?, decision: Decision) {
        let bucket = Self.bucket(provider: provider, model: model, request: request)
        let entries = await load(bucket)
        guard !entries.isEmpty else { return (nil, .empty) }
        let prompt = Self.prompt(request)
        guard let v = try? await embed([prompt]).first else { return (nil, .empty) }
        var best: (Int, Double)?
        for (i, e) in entries.enumerated() {
            let s = Self.cosine(v, e.vector)
            if best == nil || s > best!.1 { best = (i, s) }
        }
        guard let (i, s) = best else { return (nil, .empty) }
        let decision = decide(prompt, entries[i].prompt, similarity: s)
        if case .hit = decision { return (entries[i].reply, decision) }
        return (nil, decision)
    }

    /// Remembers an answer.
    public func insert(provider: String, model: String, request: LanguageModelRequest, reply: LanguageModelReply) async {
        let bucket = Self.bucket(provider: provider, model: model, request: request)
        let prompt = Self.prompt(request)
        guard !prompt.isEmpty, let v = try? await embed([prompt]).first else { return }
        var entries = await load(bucket)
        entries.removeAll { $0.prompt == prompt }
        entries.append(Entry(prompt: prompt, vector: v, reply: reply))
        if entries.count > Self.perBucket { entries.removeFirst(entries.count - Self.perBucket) }
        buckets[bucket] = entries
        await store?.store(LanguageModelReply(text: Self.encode(entries)), forKey: bucket)
    }

    private func load(_ bucket: String) async -> [Entry] {
        if let e = buckets[bucket] { return e }
        let loaded = await store?.reply(forKey: bucket).map { Self.decode($0.text) } ?? []
        buckets[bucket] = loaded
        return loaded
    }

    /// The cosine of two vectors (0 for empty or mismatched ones).
    public static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var dot: Float = 0
        var na: Float = 0
        var nb: Float = 0
        for i in a.indices {
            dot += a[i] * b[i]
            na += a[i] * a[i]
            nb += b[i] * b[i]
        }
        return na > 0 && nb > 0 ? Double(dot / (na.squareRoot() * nb.squareRoot())) : 0
    }

    static func encode(_ entries: [Entry]) -> String {
        JSONValue.array(
            entries.map { e in
                .object([
                    JSONField("prompt", .string(e.prompt)),
                    JSONField("vector", .string(e.vector.withUnsafeBufferPointer { Data(buffer: $0) }.base64EncodedString())),
                    JSONField("text", .string(e.reply.text)), JSONField("json", e.reply.json ?? .null),
                    JSONField("in", .int(e.reply.inputTokens)), JSONField("out", .int(e.reply.outputTokens)),
                ])
            }
        ).jsonString
    }

    static func decode(_ text: String) -> [Entry] {
        guard let list = (try? JSONParser.parse(text))?.arrayValue else { return [] }
        return list.compactMap { item in
            guard let prompt = item["prompt"]?.stringValue, let b64 = item["vector"]?.stringValue, let data = Data(base64Encoded: b64),
                let text = item["text"]?.stringValue
            else { return nil }
            let vector = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            var reply = LanguageModelReply(text: text, inputTokens: item["in"]?.intValue ?? 0, outputTokens: item["out"]?.intValue ?? 0)
            if let j = item["json"], j != .null { reply.json = j }
            return Entry(prompt: prompt, vector: vector, reply: reply)
        }
    }
}
