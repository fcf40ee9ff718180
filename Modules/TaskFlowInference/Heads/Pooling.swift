import Foundation
import TaskFlowPluginAPI

/// How token vectors become one sentence vector, as a sentence-transformers model says.
///
/// Read from `modules.json` (which modules run, in order) and the Pooling module's
/// `config.json` (usually `1_Pooling/config.json`). Several pooling modes concatenate in
/// sentence-transformers' order (CLS, max, mean, mean·√n). `Normalize` in modules.json
/// L2-normalises the result. A plain Hugging Face model without these files gets mean pooling
/// and no normalisation.
public struct Pooling: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case cls, max, mean, meanSqrtLength = "mean_sqrt_len"
    }

    public var modes: [Mode]
    public var normalize: Bool

    public init(modes: [Mode] = [.mean], normalize: Bool = false) {
        self.modes = modes
        self.normalize = normalize
    }

    /// The pooling of a model directory.
    public static func load(directory: String, modelName: String? = nil) throws -> Pooling {
        let modulesPath = (directory as NSString).appendingPathComponent("modules.json")
        var poolingConfig = (directory as NSString).appendingPathComponent("1_Pooling/config.json")
        var normalize = false
        if let modules = try Tokenizer.readJSONIfPresent(modulesPath) {
            guard let list = modules.arrayValue else {
                throw InferenceFailure.corruptFile(modulesPath, "modules.json is not a list of modules", model: modelName)
            }
            for m in list {
                let type = m["type"]?.stringValue ?? ""
                let short = type.split(separator: ".").last.map(String.init) ?? type
                switch short {
                case "Transformer": continue
                case "Pooling":
                    if let path = m["path"]?.stringValue, !path.isEmpty {
                        poolingConfig = (directory as NSString).appendingPathComponent(path + "/config.json")
                    }
                case "Normalize": normalize = true
                default:
                    throw InferenceFailure.unsupported(
                        "\(modulesPath) lists module '\(type)', which TaskFlow does not run",
                        hint: "supported sentence-transformers modules: Transformer, Pooling, Normalize")
                }
            }
        }
        guard let config = try Tokenizer.readJSONIfPresent(poolingConfig) else {
            return Pooling(modes: [.mean], normalize: normalize)
        }
        var modes: [Mode] = []
        if let mode = config["pooling_mode"]?.stringValue {
            switch mode {
            case "cls": modes = [.cls]
            case "max": modes = [.max]
            case "mean": modes = [.mean]
            case "mean_sqrt_len_tokens": modes = [.meanSqrtLength]
            default:
                throw InferenceFailure.unsupported(
                    "\(poolingConfig): pooling_mode '\(mode)' is not supported", hint: "supported: cls, max, mean, mean_sqrt_len_tokens")
            }
        } else {
            if config["pooling_mode_cls_token"]?.boolValue == true { modes.append(.cls) }
            if config["pooling_mode_max_tokens"]?.boolValue == true { modes.append(.max) }
            if config["pooling_mode_mean_tokens"]?.boolValue == true { modes.append(.mean) }
            if config["pooling_mode_mean_sqrt_len_tokens"]?.boolValue == true { modes.append(.meanSqrtLength) }
            for unsupported in ["pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken"]
            where config[unsupported]?.boolValue == true {
                throw InferenceFailure.unsupported(
                    "\(poolingConfig): \(unsupported) is not supported", hint: "supported: cls, max, mean, mean_sqrt_len_tokens")
            }
        }
        if modes.isEmpty { modes = [.mean] }
        return Pooling(modes: modes, normalize: normalize)
    }

    /// Pools one sequence's hidden states `[length][hidden]` into a vector.
    public func pool(_ hidden: UnsafeBufferPointer<Float>, length: Int, hiddenSize h: Int) -> [Float] {
        // A text with no tokens at all (a tokenizer without special tokens, empty text): zeros.
        guard length > 0, hidden.count >= length * h else { return [Float](repeating: 0, count: h * modes.count) }
        var out: [Float] = []
        out.reserveCapacity(h * modes.count)
        for mode in modes {
            switch mode {
            case .cls:
                out += hidden[0..<h]
            case .max:
                var v = [Float](repeating: -.infinity, count: h)
                for t in 0..<length { for i in 0..<h { v[i] = Swift.max(v[i], hidden[t * h + i]) } }
                out += v
            case .mean, .meanSqrtLength:
                var sum = [Double](repeating: 0, count: h)
                for t in 0..<length { for i in 0..<h { sum[i] += Double(hidden[t * h + i]) } }
                let divisor = mode == .mean ? Double(Swift.max(1, length)) : Double(Swift.max(1, length)).squareRoot()
                out += sum.map { Float($0 / divisor) }
            }
        }
        if normalize {
            let norm = out.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            // sentence-transformers divides by max(‖v‖, 1e-12).
            let inv = Float(1 / Swift.max(norm, 1e-12))
            for i in out.indices { out[i] *= inv }
        }
        return out
    }
}
