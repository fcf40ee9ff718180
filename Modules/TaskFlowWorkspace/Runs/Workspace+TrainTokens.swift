import Foundation
import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

extension Workspace {
    /// Trains a token-classification head (`tf train NAME --task tokens --data FILE.conll`): each
    /// CoNLL word's first sub-token state from the encoder, labelled with the word's IOB2 tag.
    /// Windows as long texts are windowed when the head runs; the head is installed like any.
    ///
    /// - Throws: for a malformed CoNLL file (naming the line), one tag only, dev tags the
    ///   training data lacks, or an installed head of that name (without `force`).
    public func trainTokens(_ request: TrainingRequest, progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> TrainingResult {
        let store = ModelStore(home: home)
        try store.refuseTaken(request.name, force: request.force)
        let resolved = try store.resolve(request.embeddingModel)
        let model = try LoadedModels.model(for: resolved)
        let device = try Device.parse(request.device, threads: request.threads).resolved(threads: request.threads)
        let encoder = try TextEncoder(model: model, device: device, batching: BatchingPolicy(maxTexts: 64))
        let clock = ContinuousClock()
        let t0 = clock.now
        progress("encoding \(request.data.path) with \(request.embeddingModel)…")
        let (train, trainHash) = try Self.wordStates(request.data.path, encoder: encoder)
        var dev: WordStates
        var devHash: String?
        if let devPath = request.dev {
            progress("encoding \(devPath)…")
            (dev, devHash) = try Self.wordStates(devPath, encoder: encoder)
        } else {
            var all = train
            dev = all.splitOff(devFraction: 0.1, seed: request.trainer.seed)
            return try finish(request, store: store, resolved: resolved, train: all, dev: dev, hashes: ["train": trainHash],
                embedSeconds: (clock.now - t0).inSeconds, progress: progress)
        }
        var hashes = ["train": trainHash]
        hashes["dev"] = devHash
        return try finish(request, store: store, resolved: resolved, train: train, dev: dev, hashes: hashes,
            embedSeconds: (clock.now - t0).inSeconds, progress: progress)
    }

    private func finish(
        _ request: TrainingRequest, store: ModelStore, resolved: ResolvedModel, train: WordStates, dev: WordStates,
        hashes: [String: String], embedSeconds: Double, progress: @escaping @Sendable (String) -> Void
    ) throws -> TrainingResult {
        let labels = Array(Set(train.tags)).sorted()
        let unknown = Set(dev.tags).subtracting(labels).sorted()
        if !unknown.isEmpty {
            throw TaskFlowFailure(
                "unknown-dev-labels",
                "\(request.dev ?? "the dev split") has tag\(unknown.count == 1 ? "" : "s") the training data lacks: "
                    + unknown.prefix(10).map { "'\($0)'" }.joined(separator: ", "),
                hint: "fix those lines, or add training sentences with those tags")
        }
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        func vectors(_ w: WordStates) -> LabelledVectors {
            LabelledVectors(inputs: w.states, dimensions: w.dimensions, targets: .single(w.tags.map { index[$0] ?? 0 }))
        }
        let clock = ContinuousClock()
        let t1 = clock.now
        var trainer = request.trainer
        // Tags are O for most words: the bias shift that lifts macro-F1 over tags would trade O's
        // precision for rare tags' recall, which entity F1 does not reward.
        trainer.tuneBiases = false
        let outcome = try trainer.train(labels: labels, train: vectors(train), dev: vectors(dev)) { epoch, f1 in
            progress(String(format: "epoch %d: dev macro-F1 over tags %.4f", epoch, f1))
        }
        let manifest = HeadManifest(
            name: request.name, task: request.analysis ?? request.name, head: outcome.head, level: .tokens,
            embeddingModel: request.embeddingModel, embeddingFingerprint: HeadManifest.embeddingFingerprint(of: resolved.manifest),
            trainingData: hashes, trainExamples: train.tags.count, devExamples: dev.tags.count, dev: outcome.dev,
            epochs: outcome.bestEpoch, seed: trainer.seed, learningRate: trainer.effectiveLearningRate,
            classWeights: trainer.classWeights, taskflowVersion: TaskFlowVersion.current, trainedAt: Date().formatted(.iso8601))
        try store.installHead(name: request.name, force: request.force, source: "trained:\(request.data.path)") { dir in
            try HeadFile.write(outcome.head, manifest: manifest, to: dir)
        }
        return TrainingResult(
            manifest: manifest, directory: store.directory(for: request.name), embedSeconds: embedSeconds,
            trainSeconds: (clock.now - t1).inSeconds, cacheHits: 0, embedded: train.sentences + dev.sentences, skippedNoLabel: 0,
            skippedEmpty: 0, curve: outcome.curve, epochsRun: outcome.epochsRun, test: nil)
    }

    /// Each word's first sub-token state and its tag, over a CoNLL file's sentences (the words
    /// joined by single spaces, as the analyzer will see them).
    static func wordStates(_ path: String, encoder: TextEncoder) throws -> (WordStates, String) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: (path as NSString).expandingTildeInPath))
        } catch {
            throw TaskFlowFailure("unreadable-input", "cannot read \(path): \(error.localizedDescription)", hint: "check the path")
        }
        let sentences = try CoNLLSentence.parse(String(decoding: data, as: UTF8.self), path: path)
        guard !sentences.isEmpty else {
            throw TaskFlowFailure("no-training-data", "\(path) holds no sentence", hint: "give a CoNLL file: TOKEN<TAB>TAG lines, a blank line between sentences")
        }
        let states = try encoder.tokenStates(windowing: sentences.map(\.text))
        var out = WordStates()
        out.sentences = sentences.count
        for (sentence, tokens) in zip(sentences, states) {
            // Word k covers scalars starts[k]..<starts[k] + count; a word's first token is the
            // first whose offset begins inside it.
            var starts: [Int] = []
            var at = 0
            for w in sentence.tokens {
                starts.append(at)
                at += w.unicodeScalars.count + 1
            }
            var word = 0
            var taken = Set<Int>()
            for (token, state) in tokens {
                while word + 1 < starts.count && token.offset.lowerBound >= starts[word + 1] { word += 1 }
                guard taken.insert(word).inserted else { continue }
                if out.dimensions == 0 { out.dimensions = state.count }
                out.states += state
                out.tags.append(sentence.tags[word])
            }
        }
        return (out, SHA256Digest.hex(data))
    }
}

/// Word states and tags read from a CoNLL file.
struct WordStates: Sendable {
    var states: [Float] = []
    var dimensions = 0
    var tags: [String] = []
    var sentences = 0

    /// Moves a seeded share of the words to a dev set (whole words, not sentences).
    mutating func splitOff(devFraction: Double, seed: UInt64) -> WordStates {
        var random = SplitMix64(seed: seed ^ 0x70C3_D1CE)
        let order = random.permutation(tags.count)
        let devCount = Swift.max(1, Swift.min(tags.count - 1, Int((Double(tags.count) * devFraction).rounded())))
        let devSet = Set(order.prefix(devCount))
        var keep = WordStates(dimensions: dimensions, sentences: sentences)
        var dev = WordStates(dimensions: dimensions)
        for i in tags.indices {
            let row = states[(i * dimensions)..<((i + 1) * dimensions)]
            if devSet.contains(i) {
                dev.states += row
                dev.tags.append(tags[i])
            } else {
                keep.states += row
                keep.tags.append(tags[i])
            }
        }
        self = keep
        return dev
    }
}
