import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// How texts are grouped into forward passes.
///
/// Texts are sorted by token count and cut into batches of at most `maxTexts` texts and
/// `maxTokens` tokens (a longer text still gets a batch of its own). Sequences are packed
/// end to end, so no padding is computed; sorting keeps the attention work per batch even.
public struct BatchingPolicy: Sendable, Hashable {
    public var maxTexts: Int
    public var maxTokens: Int

    public init(maxTexts: Int = 128, maxTokens: Int = 8192) {
        self.maxTexts = max(1, maxTexts)
        self.maxTokens = max(1, maxTokens)
    }

    /// Batches of indices into `lengths`, shortest texts first.
    public func plan(lengths: [Int]) -> [[Int]] {
        let order = lengths.indices.sorted { lengths[$0] != lengths[$1] ? lengths[$0] < lengths[$1] : $0 < $1 }
        var batches: [[Int]] = []
        var current: [Int] = []
        var tokens = 0
        for i in order {
            if !current.isEmpty && (current.count >= maxTexts || tokens + lengths[i] > maxTokens) {
                batches.append(current)
                current = []
                tokens = 0
            }
            current.append(i)
            tokens += lengths[i]
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}

/// What a run through the encoder did: sizes, truncation and padding.
public struct EncodingReport: Sendable, Hashable {
    public var texts = 0
    public var tokens = 0
    public var batches = 0
    /// Texts longer than the window, cut to it.
    public var truncatedTexts = 0
    /// Token rows computed for padding: always 0, sequences are packed.
    public var paddingTokens = 0
    /// The padding the same batches would carry if padded to their longest text.
    public var paddingIfPadded = 0
    /// Floating-point operations of the forward passes.
    public var flops = 0.0

    public init() {}

    /// Padding rows as a share of all rows computed (0: packed).
    public var paddingWaste: Double { tokens + paddingTokens == 0 ? 0 : Double(paddingTokens) / Double(tokens + paddingTokens) }

    /// What padding each batch to its longest text would waste, as a share.
    public var paddedWaste: Double {
        tokens + paddingIfPadded == 0 ? 0 : Double(paddingIfPadded) / Double(tokens + paddingIfPadded)
    }

    public mutating func add(_ other: EncodingReport) {
        texts += other.texts
        tokens += other.tokens
        batches += other.batches
        truncatedTexts += other.truncatedTexts
        paddingTokens += other.paddingTokens
        paddingIfPadded += other.paddingIfPadded
        flops += other.flops
    }
}

/// Runs texts through a loaded model on a backend: embeddings, classifications, token labels.
///
/// Texts are tokenised, batched by length (`BatchingPolicy`), run, and returned in input
/// order.
public struct TextEncoder: Sendable {
    public let model: EncoderModel
    public let backend: any ComputeBackend
    public var batching: BatchingPolicy

    /// - Throws: `device-unavailable` for a device without a backend (a GPU in this build).
    public init(model: EncoderModel, device: Device, batching: BatchingPolicy = BatchingPolicy()) throws {
        self.model = model
        self.backend = try ComputeBackends.make(for: device)
        self.batching = batching
    }

    public init(model: EncoderModel, backend: any ComputeBackend, batching: BatchingPolicy = BatchingPolicy()) {
        self.model = model
        self.backend = backend
        self.batching = batching
    }

    /// Tokenises texts with the model's tokenizer and window.
    public func tokenize(_ texts: [String]) -> [Encoding] {
        texts.map { model.tokenizer.encode($0) }
    }

    /// Runs encodings in batches; `body` gets each text's index and hidden states `[len][hidden]`.
    ///
    /// - Throws: `non-finite-output` when a forward pass gives NaN or infinite hidden states
    ///   (damaged weights, a bad config), before `body` sees any of that batch.
    public func run(
        _ encodings: [Encoding], _ body: (Int, UnsafeBufferPointer<Float>, Int) throws -> Void
    ) throws -> EncodingReport {
        var report = EncodingReport()
        let h = model.encoder.stack.hiddenSize
        for batchIndices in batching.plan(lengths: encodings.map(\.count)) {
            var batch = PackedBatch()
            var longest = 0
            for i in batchIndices {
                let e = encodings[i]
                batch.append(ids: e.ids, typeIDs: e.typeIds, positionIDs: model.encoder.positionIDs(length: e.count))
                longest = max(longest, e.count)
                if e.truncatedTokens > 0 { report.truncatedTexts += 1 }
            }
            let hidden = try backend.encode(model.encoder.stack, batch)
            report.texts += batchIndices.count
            report.tokens += batch.tokenCount
            report.batches += 1
            report.paddingIfPadded += longest * batchIndices.count - batch.tokenCount
            report.flops += model.encoder.stack.flops(lengths: batch.lengths)
            try hidden.withUnsafeBufferPointer { all in
                let broken = batchIndices.indices.filter { k in
                    let start = batch.starts[k] * h
                    return !Self.allFinite(UnsafeBufferPointer(rebasing: all[start..<(start + batch.lengths[k] * h)]))
                }
                if !broken.isEmpty { throw InferenceFailure.nonFinite(model: model, texts: broken.count, of: batchIndices.count) }
                for (k, i) in batchIndices.enumerated() {
                    let start = batch.starts[k] * h
                    let n = batch.lengths[k]
                    try body(i, UnsafeBufferPointer(rebasing: all[start..<(start + n * h)]), n)
                }
            }
        }
        return report
    }

    /// Sentence embeddings (pooled, normalised as the model says), in input order.
    public func embed(_ texts: [String]) throws -> (vectors: [[Float]], report: EncodingReport) {
        try embed(encoded: tokenize(texts))
    }

    /// Sentence embeddings of texts already tokenised with `tokenize`, in input order.
    public func embed(encoded encodings: [Encoding]) throws -> (vectors: [[Float]], report: EncodingReport) {
        var vectors = [[Float]](repeating: [], count: encodings.count)
        let h = model.encoder.stack.hiddenSize
        let report = try run(encodings) { i, hidden, n in
            vectors[i] = model.pooling.pool(hidden, length: n, hiddenSize: h)
        }
        let broken = vectors.filter { v in !v.withUnsafeBufferPointer(Self.allFinite) }.count
        if broken > 0 { throw InferenceFailure.nonFinite(model: model, texts: broken, of: vectors.count) }
        return (vectors, report)
    }

    /// Whether every value is a finite number (no NaN, no infinity).
    static func allFinite(_ values: UnsafeBufferPointer<Float>) -> Bool {
        for x in values where !x.isFinite { return false }
        return true
    }

    /// Last hidden states `[len][hidden]` per text, in input order.
    public func hiddenStates(_ texts: [String]) throws -> [[Float]] {
        var out = [[Float]](repeating: [], count: texts.count)
        _ = try run(tokenize(texts)) { i, hidden, _ in out[i] = Array(hidden) }
        return out
    }

    /// Sequence classification, in input order.
    ///
    /// - Throws: `no-classification-head` when the checkpoint is not a sequence classifier.
    public func classify(_ texts: [String]) throws -> (predictions: [SequencePrediction], report: EncodingReport) {
        let encoder = model.encoder
        guard encoder.task == .sequenceClassification else {
            throw TaskFlowFailure(
                "no-classification-head", "\(model.directory) is a \(encoder.task.rawValue) model, not a sequence classifier",
                hint: "use a …ForSequenceClassification checkpoint")
        }
        var out = [SequencePrediction?](repeating: nil, count: texts.count)
        let report = try run(tokenize(texts)) { i, hidden, n in
            if let logits = encoder.sequenceLogits(hidden: hidden, length: n) {
                out[i] = SequencePrediction(logits: logits, labels: encoder.labels, multiLabel: encoder.multiLabel)
            }
        }
        let broken = out.filter { p in p.map { !$0.logits.withUnsafeBufferPointer(Self.allFinite) } ?? false }.count
        if broken > 0 { throw InferenceFailure.nonFinite(model: model, texts: broken, of: texts.count) }
        return (out.map { $0 ?? SequencePrediction(logits: [], labels: [], multiLabel: false) }, report)
    }

    /// Token classification (NER): a label per token with offsets, in input order.
    public func classifyTokens(_ texts: [String]) throws -> (predictions: [[TokenPrediction]], report: EncodingReport) {
        let encoder = model.encoder
        guard encoder.task == .tokenClassification else {
            throw TaskFlowFailure(
                "no-token-head", "\(model.directory) is a \(encoder.task.rawValue) model, not a token classifier",
                hint: "use a …ForTokenClassification checkpoint")
        }
        let encodings = tokenize(texts)
        var out = [[TokenPrediction]](repeating: [], count: texts.count)
        let report = try run(encodings) { i, hidden, n in
            guard let logits = encoder.tokenLogits(hidden: hidden, length: n) else { return }
            if !logits.withUnsafeBufferPointer(Self.allFinite) { throw InferenceFailure.nonFinite(model: model, texts: 1, of: texts.count) }
            let k = logits.count / max(1, n)
            let e = encodings[i]
            out[i] = (0..<n).map { t in
                let row = Array(logits[(t * k)..<((t + 1) * k)])
                let p = SequencePrediction.softmax(row)
                let best = p.indices.max(by: { p[$0] < p[$1] }) ?? 0
                return TokenPrediction(
                    token: e.tokens[t], offset: e.offsets[t],
                    label: encoder.labels.indices.contains(best) ? encoder.labels[best] : "LABEL_\(best)",
                    score: p.isEmpty ? 0 : p[best], logits: row, isSpecial: e.specialTokensMask[t],
                    wordID: e.wordIds.indices.contains(t) ? e.wordIds[t] : nil)
            }
        }
        return (out, report)
    }
}
