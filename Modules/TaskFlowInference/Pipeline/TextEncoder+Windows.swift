import TaskFlowPluginAPI

/// How a text longer than a model's window is cut into overlapping windows, and which window
/// labels each token.
///
/// Windows hold `size` content tokens (the model's window less its special tokens); each starts
/// `size - overlap` tokens after the one before, and the last one is moved back to end at the
/// text's last token, so every window is full. A token several windows hold is labelled by the
/// window where it lies farthest from an edge that cuts the text (the overlap is split in the
/// middle; the earlier window takes a tie), so each token sees at least `overlap / 2` tokens of
/// context on both sides, as far as the text has them.
public enum TokenWindows {
    /// Windows over `count` tokens: ranges of token indices, in order; none for no tokens.
    public static func plan(count: Int, size: Int, overlap: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let size = Swift.max(1, size)
        guard count > size else { return [0..<count] }
        let step = Swift.max(1, size - Swift.min(Swift.max(0, overlap), size - 1))
        var windows: [Range<Int>] = []
        var start = 0
        while start + size < count {
            windows.append(start..<(start + size))
            start += step
        }
        windows.append((count - size)..<count)
        return windows
    }

    /// The tokens each window labels: consecutive, disjoint ranges that cover every token.
    public static func owned(_ windows: [Range<Int>]) -> [Range<Int>] {
        guard !windows.isEmpty else { return [] }
        var cuts = [windows[0].lowerBound]
        for k in 1..<windows.count {
            let a = windows[k - 1]
            let b = windows[k]
            // A token t of the overlap b.lower..<a.upper is a.upper-1-t from a's right edge and
            // t-b.lower from b's left edge: it stays with `a` while the first is not smaller.
            let cut = b.lowerBound < a.upperBound ? (a.upperBound - 1 + b.lowerBound) / 2 + 1 : b.lowerBound
            cuts.append(Swift.min(Swift.max(cut, cuts[k - 1]), a.upperBound))
        }
        cuts.append(windows[windows.count - 1].upperBound)
        return (0..<windows.count).map { cuts[$0]..<cuts[$0 + 1] }
    }
}

extension TextEncoder {
    /// Token classification of texts of any length: each text is cut into overlapping windows
    /// of the model's length (`TokenWindows`), all windows of all texts are batched through the
    /// model, and each token keeps the label of the window where it has the most context.
    ///
    /// Returns each text's content tokens (no special tokens), in text order, with offsets in
    /// Unicode scalars of the text; an empty text gets none, and no text is truncated.
    ///
    /// - Parameter overlap: tokens two neighbouring windows share, as a share of the window
    ///   (0 to 0.5; a quarter by default).
    /// - Throws: `no-token-head` for a model that is not a token classifier; `non-finite-output`.
    public func classifyTokens(
        windowing texts: [String], overlap: Double = 0.25
    ) throws -> (predictions: [[TokenPrediction]], report: EncodingReport) {
        let encoder = model.encoder
        guard encoder.task == .tokenClassification else {
            throw TaskFlowFailure(
                "no-token-head", "\(model.directory) is a \(encoder.task.rawValue) model, not a token classifier",
                hint: "use a …ForTokenClassification checkpoint (config.json's architectures names one)")
        }
        return try windowedTokens(texts, overlap: overlap, labels: encoder.labels) { hidden, n in
            encoder.tokenLogits(hidden: hidden, length: n)
        }
    }

    /// Token classification by a trained head over this encoder's token states (a `tf train
    /// --task tokens` head), windowed like `classifyTokens(windowing:overlap:)`.
    public func classifyTokens(
        windowing texts: [String], overlap: Double = 0.25, head: ClassifierHead
    ) throws -> (predictions: [[TokenPrediction]], report: EncodingReport) {
        let h = model.encoder.stack.hiddenSize
        guard head.inputSize == h else {
            throw TaskFlowFailure(
                "bad-head-shape", "the head takes \(head.inputSize) inputs, but \(model.directory) gives \(h)-float token states",
                hint: "train the head on this encoder (tf train NAME --task tokens --embedding MODEL)")
        }
        return try windowedTokens(texts, overlap: overlap, labels: head.labels) { hidden, n in
            head.logits(Array(hidden), rows: n)
        }
    }

    /// Each text's content tokens with their last hidden states (`[hidden]` each), windowed:
    /// what a token head is trained on.
    public func tokenStates(windowing texts: [String], overlap: Double = 0.25) throws -> [[(token: TokenPrediction, state: [Float])]] {
        let h = model.encoder.stack.hiddenSize
        var states: [[(token: TokenPrediction, state: [Float])]] = Array(repeating: [], count: texts.count)
        let (predictions, _) = try windowedTokens(texts, overlap: overlap, labels: []) { hidden, n in
            // The states ride in the logits slot: one row of `h` floats per token.
            Array(hidden.prefix(n * h))
        }
        for (i, tokens) in predictions.enumerated() {
            states[i] = tokens.map { t in
                var bare = t
                bare.logits = []
                return (bare, t.logits)
            }
        }
        return states
    }

    /// The windowed pass: `logits` maps one window's hidden states `[n][hidden]` to `[n][k]`
    /// rows, which each owned token keeps (`label`/`score` from their softmax over `labels`).
    func windowedTokens(
        _ texts: [String], overlap: Double, labels: [String],
        logits rowsOf: (UnsafeBufferPointer<Float>, Int) -> [Float]?
    ) throws -> (predictions: [[TokenPrediction]], report: EncodingReport) {
        let tokenizer = model.tokenizer
        let size = Swift.max(1, model.maxSequenceLength - tokenizer.specialTokenCount)
        let shared = Int((Swift.min(0.5, Swift.max(0, overlap)) * Double(size)).rounded())

        // Every window of every text: which text, which tokens, which of them it labels.
        var windowText: [Int] = []
        var windowOwned: [Range<Int>] = []
        var windowStart: [Int] = []
        var encodings: [Encoding] = []
        var out = [[TokenPrediction]](repeating: [], count: texts.count)
        var raws: [[RawToken]] = []
        raws.reserveCapacity(texts.count)
        // Offsets as the whole text's encoding gives them: a window's first token is not the
        // text's first, which matters to byte-level offset trimming.
        var offsets: [[Range<Int>]] = []
        offsets.reserveCapacity(texts.count)
        for (i, text) in texts.enumerated() {
            let raw = tokenizer.rawTokens(text)
            raws.append(raw)
            let whole = tokenizer.postProcessor.process(raw, truncated: 0)
            offsets.append(zip(whole.offsets, whole.specialTokensMask).filter { !$0.1 }.map(\.0))
            let windows = TokenWindows.plan(count: raw.count, size: size, overlap: shared)
            for (w, own) in zip(windows, TokenWindows.owned(windows)) {
                windowText.append(i)
                windowOwned.append(own)
                windowStart.append(w.lowerBound)
                encodings.append(tokenizer.postProcessor.process(Array(raw[w]), truncated: 0))
            }
            out[i].reserveCapacity(raw.count)
        }
        // Windows run in length order; their tokens land by position, so order them back.
        var rows = [[TokenPrediction]](repeating: [], count: encodings.count)
        let report = try run(encodings) { k, hidden, n in
            guard let logits = rowsOf(hidden, n) else { return }
            if !logits.withUnsafeBufferPointer(Self.allFinite) {
                throw InferenceFailure.nonFinite(model: model, texts: 1, of: texts.count)
            }
            let classes = logits.count / Swift.max(1, n)
            let e = encodings[k]
            // Content token j of the text is row j - windowStart + (specials before the text).
            let lead = e.specialTokensMask.prefix { $0 }.count
            var kept: [TokenPrediction] = []
            kept.reserveCapacity(windowOwned[k].count)
            for j in windowOwned[k] {
                let t = j - windowStart[k] + lead
                guard t < n else { break }
                let row = Array(logits[(t * classes)..<((t + 1) * classes)])
                var label = ""
                var score: Float = 0
                if !labels.isEmpty {
                    let p = SequencePrediction.softmax(row)
                    var best = 0
                    for c in p.indices where p[c] > p[best] { best = c }
                    label = labels.indices.contains(best) ? labels[best] : "LABEL_\(best)"
                    score = p.isEmpty ? 0 : p[best]
                }
                let r = raws[windowText[k]][j]
                kept.append(
                    TokenPrediction(
                        token: r.token, offset: offsets[windowText[k]][j], label: label, score: score, logits: row,
                        isSpecial: false, wordID: r.word))
            }
            rows[k] = kept
        }
        for k in rows.indices { out[windowText[k]].append(contentsOf: rows[k]) }
        return (out, report)
    }
}
