import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// What a trained head says about itself (`head.json` beside `head.safetensors`): its shape and
/// labels, the embedding it was trained on (with that model's fingerprint, which must still
/// match when it runs), the training data's hash, its dev metrics and how it was trained.
public struct HeadManifest: Sendable, Codable, Equatable {
    public static let format = "taskflow-head-1"

    public var format = HeadManifest.format
    public var name: String
    /// What the head classifies: a whole text (its sentence embedding), or each token (its
    /// token state). Nil in heads written before there was a choice: sequence.
    public var level: Level?
    /// The task its labels appear under (`emotion`, `sentiment`, or the head's name).
    public var task: String
    public var kind: ClassifierHead.Kind
    public var inputSize: Int
    public var hiddenSize: Int
    public var labels: [String]
    public var multiLabel: Bool
    public var thresholds: [Float]
    /// Store name of the embedding model, and its fingerprint when trained.
    public var embeddingModel: String
    public var embeddingFingerprint: String
    /// SHA-256 of the training file (and of the dev file when one was given).
    public var trainingData: [String: String]
    public var trainExamples: Int
    public var devExamples: Int
    public var dev: ClassificationMetrics
    public var epochs: Int
    public var seed: UInt64
    public var learningRate: Float
    public var classWeights: Bool
    public var taskflowVersion: String
    public var trainedAt: String

    public enum Level: String, Sendable, Codable {
        case sequence, tokens
    }

    public init(
        name: String, task: String, head: ClassifierHead, level: Level = .sequence, embeddingModel: String, embeddingFingerprint: String,
        trainingData: [String: String], trainExamples: Int, devExamples: Int, dev: ClassificationMetrics, epochs: Int,
        seed: UInt64, learningRate: Float, classWeights: Bool, taskflowVersion: String, trainedAt: String
    ) {
        self.name = name
        self.task = task
        self.level = level
        kind = head.kind
        inputSize = head.inputSize
        hiddenSize = head.hiddenSize
        labels = head.labels
        multiLabel = head.multiLabel
        thresholds = head.thresholds
        self.embeddingModel = embeddingModel
        self.embeddingFingerprint = embeddingFingerprint
        self.trainingData = trainingData
        self.trainExamples = trainExamples
        self.devExamples = devExamples
        self.dev = dev
        self.epochs = epochs
        self.seed = seed
        self.learningRate = learningRate
        self.classWeights = classWeights
        self.taskflowVersion = taskflowVersion
        self.trainedAt = trainedAt
    }
}

extension HeadManifest {
    /// What a head records of its embedding model: one hash over the files that decide the
    /// vectors (weights, tokenizer, config, pooling), not over every file of the folder, so a copy
    /// pulled from another source with other extras (a README) still matches.
    public static func embeddingFingerprint(of model: ModelManifest) -> String {
        let decisive: Set<String> = [
            "model.safetensors", "tokenizer.json", "vocab.txt", "vocab.json", "merges.txt", "config.json", "1_Pooling/config.json",
        ]
        let lines = model.files.filter { decisive.contains($0.path) }.sorted { $0.path < $1.path }.map { "\($0.path) \($0.sha256)\n" }
        return SHA256Digest.hex(lines.joined())
    }
}

/// Reads and writes a head folder: `head.safetensors` (float32 layers `layers.N.weight` /
/// `layers.N.bias`) and `head.json`.
public enum HeadFile {
    public static let weightsFile = "head.safetensors"
    public static let manifestFile = "head.json"

    /// Whether `directory` holds a head (rather than an encoder).
    public static func isHead(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(manifestFile))
    }

    /// Writes `head` and `manifest` into `directory` (which must exist).
    public static func write(_ head: ClassifierHead, manifest: HeadManifest, to directory: String) throws {
        var tensors: [(String, [Int], [Float])] = []
        for (l, shape) in head.shapes.enumerated() {
            tensors.append(("layers.\(l).weight", [shape.out, shape.in], head.weights[l]))
            tensors.append(("layers.\(l).bias", [shape.out], head.biases[l]))
        }
        try SafetensorsWriter.write(tensors, metadata: ["format": "pt", "taskflow": HeadManifest.format],
            to: (directory as NSString).appendingPathComponent(weightsFile))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try SafeFileWriter.write(encoder.encode(manifest), to: (directory as NSString).appendingPathComponent(manifestFile))
    }

    /// Reads the head in `directory`.
    ///
    /// - Throws: `corrupt-head` naming the file and what is wrong, with the command that repairs it.
    public static func read(_ directory: String) throws -> (head: ClassifierHead, manifest: HeadManifest) {
        let manifestPath = (directory as NSString).appendingPathComponent(manifestFile)
        let weightsPath = (directory as NSString).appendingPathComponent(weightsFile)
        let name = (directory as NSString).lastPathComponent
        func corrupt(_ path: String, _ why: String) -> TaskFlowFailure {
            TaskFlowFailure(
                "corrupt-head", "\(path): \(why)",
                hint: "train the head again (tf train \(name) …), or remove it with tf models remove \(name)")
        }
        let manifest: HeadManifest
        do {
            manifest = try JSONDecoder().decode(HeadManifest.self, from: Data(contentsOf: URL(fileURLWithPath: manifestPath)))
        } catch let error as DecodingError {
            throw corrupt(manifestPath, "not a head manifest (\(ModelManifest.reason(error)))")
        } catch {
            throw corrupt(manifestPath, "cannot be read (\(error.localizedDescription))")
        }
        guard manifest.format == HeadManifest.format else {
            throw corrupt(manifestPath, "format '\(manifest.format)' is not \(HeadManifest.format) (written by another TaskFlow version?)")
        }
        let file: SafetensorsFile
        do {
            file = try SafetensorsFile(path: weightsPath)
        } catch {
            throw corrupt(weightsPath, "\(error)")
        }
        let layers = manifest.kind == .linear ? 1 : 2
        var weights: [[Float]] = []
        var biases: [[Float]] = []
        for l in 0..<layers {
            guard let w = file.tensors["layers.\(l).weight"], let b = file.tensors["layers.\(l).bias"], w.dtype == .f32, b.dtype == .f32 else {
                throw corrupt(weightsPath, "layer \(l) is missing or not float32")
            }
            weights.append(try file.floats(w))
            biases.append(try file.floats(b))
        }
        let head: ClassifierHead
        do {
            head = try ClassifierHead(
                kind: manifest.kind, inputSize: manifest.inputSize, hiddenSize: manifest.hiddenSize, labels: manifest.labels,
                multiLabel: manifest.multiLabel, thresholds: manifest.thresholds, weights: weights, biases: biases)
        } catch let f as TaskFlowFailure {
            throw corrupt(weightsPath, f.description)
        }
        guard weights.allSatisfy({ $0.allSatisfy(\.isFinite) }), biases.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw corrupt(weightsPath, "holds NaN or infinite weights")
        }
        return (head, manifest)
    }
}

/// Writes float32 tensors as a safetensors file: an 8-byte little-endian header length, the
/// JSON header (dtype, shape, data offsets per tensor, and `__metadata__`), then the data.
public enum SafetensorsWriter {
    public static func write(_ tensors: [(name: String, shape: [Int], values: [Float])], metadata: [String: String], to path: String) throws {
        var header: [JSONField] = [
            JSONField("__metadata__", .object(metadata.sorted { $0.key < $1.key }.map { JSONField($0.key, .string($0.value)) }))
        ]
        var offset = 0
        for t in tensors {
            let bytes = t.values.count * 4
            header.append(
                JSONField(
                    t.name,
                    .object([
                        JSONField("dtype", .string("F32")), JSONField("shape", .array(t.shape.map { .int($0) })),
                        JSONField("data_offsets", .array([.int(offset), .int(offset + bytes)])),
                    ])))
            offset += bytes
        }
        var json = Array(JSONValue.object(header).jsonString.utf8)
        // Pad the header with spaces so the data starts 8-byte aligned.
        while (json.count + 8) % 8 != 0 { json.append(0x20) }
        var data = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: json)
        for t in tensors {
            t.values.withUnsafeBufferPointer { p in
                for v in p { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            }
        }
        try SafeFileWriter.write(data, to: path)
    }
}
