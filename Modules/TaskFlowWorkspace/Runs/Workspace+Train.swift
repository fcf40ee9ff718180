import Foundation
import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// What `tf train` is asked to do.
public struct TrainingRequest: Sendable {
    /// The head's store name.
    public var name: String
    /// The labelled data (its text and id columns as for `tf analyze`).
    public var data: DatasetSource
    public var labelColumn: String
    /// Dev data for choosing the epoch (and thresholds); nil: a seeded tenth of `data`.
    public var dev: String?
    /// Held-out data to measure the chosen head on (never used for a choice).
    public var test: String?
    /// Labels separated by `,` in one column; a sigmoid per label.
    public var multiLabel = false
    public var trainer = HeadTrainer()
    public var embeddingModel = "all-MiniLM-L6-v2"
    /// The task the head's labels appear under when it runs; nil: its name.
    public var analysis: String?
    /// Replace an installed head of that name.
    public var force = false
    public var device = "auto"
    public var threads: Int?
    public var cacheMode: CacheMode = .on

    public init(name: String, data: DatasetSource, labelColumn: String) {
        self.name = name
        self.data = data
        self.labelColumn = labelColumn
    }
}

extension TrainingRequest {
    /// The head shapes `headKind` accepts.
    public static let headKinds = ClassifierHead.Kind.allCases.map(\.rawValue)

    /// `linear` or `mlp` (anything else leaves the trainer's choice).
    public var headKind: String {
        get { trainer.kind.rawValue }
        set { if let k = ClassifierHead.Kind(rawValue: newValue) { trainer.kind = k } }
    }

    public var seed: UInt64 {
        get { trainer.seed }
        set { trainer.seed = newValue }
    }

    public var hiddenSize: Int {
        get { trainer.hiddenSize }
        set { trainer.hiddenSize = newValue }
    }

    public var dropout: Float {
        get { trainer.dropout }
        set { trainer.dropout = newValue }
    }

    public var maxEpochs: Int {
        get { trainer.maxEpochs }
        set { trainer.maxEpochs = newValue }
    }

    /// Nil: the trainer's default for the head shape.
    public var learningRate: Float? {
        get { trainer.learningRate }
        set { trainer.learningRate = newValue }
    }

    public var classWeights: Bool {
        get { trainer.classWeights }
        set { trainer.classWeights = newValue }
    }

    /// Examples per AdamW step.
    public var batchSize: Int {
        get { trainer.batchSize }
        set { trainer.batchSize = newValue }
    }

    /// Heads trained from consecutive seeds and stored as one that averages their logits.
    public var ensemble: Int {
        get { trainer.ensemble }
        set { trainer.ensemble = newValue }
    }
}

/// What a training produced.
public struct TrainingResult: Sendable {
    public var manifest: HeadManifest
    public var directory: String
    /// Seconds spent embedding (train and dev), then training the head.
    public var embedSeconds: Double
    public var trainSeconds: Double
    /// Embeddings served by the content cache, of all computed.
    public var cacheHits: Int
    public var embedded: Int
    /// Rows left out: no label, or an empty text.
    public var skippedNoLabel: Int
    public var skippedEmpty: Int
    /// Dev macro-F1 after each epoch.
    public var curve: [Double]
    public var epochsRun: Int
    /// The chosen head on the test data, when one was given.
    public var test: ClassificationMetrics?

    /// What `tf train` prints: one `name: value` line per figure.
    public var figureLines: [String] {
        let m = manifest
        var lines = [
            "head: \(m.name) (\(m.kind.rawValue), \(m.labels.count) labels\(m.multiLabel ? ", multi-label" : ""), task \(m.task))",
            "train.examples: \(m.trainExamples)",
            "dev.examples: \(m.devExamples)",
            "epoch: \(m.epochs) of \(epochsRun) run",
        ]
        func metrics(_ x: ClassificationMetrics, _ prefix: String) {
            lines.append(String(format: "\(prefix)accuracy: %.4f", x.accuracy))
            lines.append(String(format: "\(prefix)macro_f1: %.4f", x.macroF1))
            for p in x.perLabel {
                lines.append(
                    "\(prefix)class.\(p.label): " + String(format: "precision %.4f recall %.4f f1 %.4f support %d", p.precision, p.recall, p.f1, p.support))
            }
        }
        metrics(m.dev, "")
        if let test {
            lines.append("test.examples: \(test.records)")
            metrics(test, "test.")
        }
        lines.append(String(format: "seconds.embed: %.2f (%d of %d from the cache)", embedSeconds, cacheHits, embedded))
        lines.append(String(format: "seconds.head: %.2f", trainSeconds))
        if skippedNoLabel > 0 { lines.append("skipped.no_label: \(skippedNoLabel)") }
        if skippedEmpty > 0 { lines.append("skipped.empty_text: \(skippedEmpty)") }
        lines.append("installed: \(directory)")
        return lines
    }
}

extension Workspace {
    /// Trains a classification head on the shared embeddings of a labelled dataset and installs
    /// it in the model store. The embeddings come through the same run path as `tf embed`
    /// (content cache included), so training again on the same texts pays only for the head.
    ///
    /// - Parameter progress: one line per stage and epoch, for stderr.
    /// - Throws: for a missing label column, one class, dev labels the training data lacks,
    ///   no usable rows, an installed head of that name (without `force`), or a failed embedding.
    public func train(_ request: TrainingRequest, progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> TrainingResult {
        let store = ModelStore(home: home)
        try store.refuseTaken(request.name, force: request.force)
        let embedding = try store.resolve(request.embeddingModel)
        let clock = ContinuousClock()
        let t0 = clock.now
        progress("embedding \(request.data.path) with \(request.embeddingModel)…")
        let train = try await labelledEmbeddings(request.data, request: request)
        var devSet: LabelledRows
        var trainSet = train
        if let devPath = request.dev {
            progress("embedding \(devPath)…")
            var source = request.data
            source.path = devPath
            source.limit = nil
            devSet = try await labelledEmbeddings(source, request: request)
        } else {
            (trainSet, devSet) = train.split(devFraction: 0.1, seed: request.trainer.seed)
        }
        let embedSeconds = (clock.now - t0).inSeconds

        let labels = trainSet.labelSet()
        let unknown = Set(devSet.labels.flatMap { $0 }).subtracting(labels).sorted()
        if !unknown.isEmpty {
            throw TaskFlowFailure(
                "unknown-dev-labels",
                "\(request.dev ?? "the dev split") has label\(unknown.count == 1 ? "" : "s") the training data lacks: "
                    + unknown.prefix(10).map { "'\($0)'" }.joined(separator: ", "),
                hint: "fix or drop those rows, or add training examples with those labels")
        }
        let t1 = clock.now
        let outcome = try request.trainer.train(
            labels: labels, train: trainSet.vectors(labels: labels, multi: request.multiLabel),
            dev: devSet.vectors(labels: labels, multi: request.multiLabel)
        ) { epoch, f1 in
            progress(String(format: "epoch %d: dev macro-F1 %.4f", epoch, f1))
        }
        let trainSeconds = (clock.now - t1).inSeconds

        var testMetrics: ClassificationMetrics?
        if let testPath = request.test {
            progress("measuring on \(testPath)…")
            var source = request.data
            source.path = testPath
            source.limit = nil
            let testSet = try await labelledEmbeddings(source, request: request)
            let unknownTest = Set(testSet.labels.flatMap { $0 }).subtracting(labels).sorted()
            if !unknownTest.isEmpty {
                throw TaskFlowFailure(
                    "unknown-test-labels",
                    "\(testPath) has labels the training data lacks: " + unknownTest.prefix(10).map { "'\($0)'" }.joined(separator: ", "),
                    hint: "fix or drop those rows")
            }
            testMetrics = request.trainer.evaluate(outcome.head, testSet.vectors(labels: labels, multi: request.multiLabel))
        }

        var hashes = ["train": train.contentHash ?? "unknown"]
        if request.dev != nil { hashes["dev"] = devSet.contentHash ?? "unknown" }
        let manifest = HeadManifest(
            name: request.name, task: request.analysis ?? request.name, head: outcome.head,
            embeddingModel: request.embeddingModel, embeddingFingerprint: HeadManifest.embeddingFingerprint(of: embedding.manifest),
            trainingData: hashes, trainExamples: trainSet.count, devExamples: devSet.count, dev: outcome.dev,
            epochs: outcome.bestEpoch, seed: request.trainer.seed, learningRate: request.trainer.effectiveLearningRate,
            classWeights: request.trainer.classWeights, taskflowVersion: TaskFlowVersion.current,
            trainedAt: Date().formatted(.iso8601))
        try store.installHead(name: request.name, force: request.force, source: "trained:\(request.data.path)") { dir in
            try HeadFile.write(outcome.head, manifest: manifest, to: dir)
        }
        return TrainingResult(
            manifest: manifest, directory: store.directory(for: request.name), embedSeconds: embedSeconds,
            trainSeconds: trainSeconds, cacheHits: train.cacheHits + (request.dev != nil ? devSet.cacheHits : 0),
            embedded: train.count + train.skippedNoLabel + (request.dev != nil ? devSet.count : 0),
            skippedNoLabel: train.skippedNoLabel + (request.dev != nil ? devSet.skippedNoLabel : 0),
            skippedEmpty: train.skippedEmpty + (request.dev != nil ? devSet.skippedEmpty : 0),
            curve: outcome.curve, epochsRun: outcome.epochsRun, test: testMetrics)
    }

    /// Every row of `source` with a label and a text: its embedding and labels.
    private func labelledEmbeddings(_ source: DatasetSource, request: TrainingRequest) async throws -> LabelledRows {
        do {
            return try await readLabelledEmbeddings(source, request: request)
        } catch let f as TaskFlowFailure where f.code == "unknown-column" && f.description.contains("column \"\(request.labelColumn)\"") {
            throw TaskFlowFailure(
                "unknown-column", f.description.replacingOccurrences(of: "has no column", with: "has no label column"),
                hint: "name the column that holds the labels with --label")
        }
    }

    private func readLabelledEmbeddings(_ source: DatasetSource, request: TrainingRequest) async throws -> LabelledRows {
        var source = source
        source.columns = .only([request.labelColumn])
        let handle = try startEmbedding(
            source: source, model: request.embeddingModel, device: request.device, threads: request.threads, batchSize: 256,
            cacheMode: request.cacheMode)
        var rows = LabelledRows()
        do {
            for try await event in handle.events {
                switch event {
                case .started, .corpus: break
                case .batch(let b):
                    guard let vectors = b.results.first(where: { $0.tool.task == Self.embeddingTask }), vectors.failure == nil else {
                        throw TaskFlowFailure(
                            "embedding-failed", "embedding batch \(b.index + 1) of \(source.path) failed: \(b.results.first?.failure ?? "no vectors")")
                    }
                    for (i, record) in b.records.enumerated() {
                        let raw = record.columns[request.labelColumn]?.text.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                        let labels = request.multiLabel
                            ? raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                            : (raw.isEmpty ? [] : [raw])
                        if labels.isEmpty {
                            rows.skippedNoLabel += 1
                            continue
                        }
                        if record.text.allSatisfy(\.isWhitespace) {
                            rows.skippedEmpty += 1
                            continue
                        }
                        guard case .embedding(let v) = vectors.values[i] else { continue }
                        if rows.dimensions == 0 { rows.dimensions = v.count }
                        rows.inputs += v
                        rows.labels.append(labels)
                    }
                case .finished(let s):
                    rows.contentHash = s.dataset.contentHash
                    rows.cacheHits = s.features.reduce(0) { $0 + $1.cacheHits }
                    if s.status != .completed {
                        throw TaskFlowFailure("embedding-failed", "embedding \(source.path) ended \(s.status.rawValue): \(s.error ?? "")")
                    }
                }
            }
        } catch {
            handle.cancel()
            throw error
        }
        guard rows.count > 0 else {
            throw TaskFlowFailure(
                "no-training-data", "\(source.path) has no row with both a text and a '\(request.labelColumn)' label",
                hint: "check --text and --label name the right columns")
        }
        return rows
    }
}

/// Embedded, labelled rows as read.
struct LabelledRows: Sendable {
    var inputs: [Float] = []
    var dimensions = 0
    var labels: [[String]] = []
    var skippedNoLabel = 0
    var skippedEmpty = 0
    var contentHash: String?
    var cacheHits = 0

    var count: Int { labels.count }

    /// The distinct labels, sorted.
    func labelSet() -> [String] { Array(Set(labels.flatMap { $0 })).sorted() }

    /// A seeded split: about `devFraction` of the rows (at least one) for dev, the rest to train.
    func split(devFraction: Double, seed: UInt64) -> (train: LabelledRows, dev: LabelledRows) {
        var random = SplitMix64(seed: seed ^ 0x5EED_D1CE)
        let order = random.permutation(count)
        let devCount = max(1, min(count - 1, Int((Double(count) * devFraction).rounded())))
        return (subset(order[devCount...].sorted()), subset(order[..<devCount].sorted()))
    }

    private func subset(_ indexes: [Int]) -> LabelledRows {
        var out = LabelledRows(dimensions: dimensions, contentHash: contentHash)
        for i in indexes {
            out.inputs += inputs[(i * dimensions)..<((i + 1) * dimensions)]
            out.labels.append(labels[i])
        }
        return out
    }

    func vectors(labels all: [String], multi: Bool) -> LabelledVectors {
        let index = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1, $0) })
        if multi {
            var flags = [Bool](repeating: false, count: count * all.count)
            for (r, ls) in labels.enumerated() { for l in ls { if let j = index[l] { flags[r * all.count + j] = true } } }
            return LabelledVectors(inputs: inputs, dimensions: dimensions, targets: .multi(flags, labels: all.count))
        }
        return LabelledVectors(inputs: inputs, dimensions: dimensions, targets: .single(labels.map { index[$0[0]] ?? 0 }))
    }
}
