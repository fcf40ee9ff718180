import Foundation
import TaskFlowPluginAPI

/// Where one tensor lives in a safetensors file, after validation.
public struct TensorInfo: Sendable, Hashable {
    public var name: String
    public var dtype: TensorDType
    public var shape: [Int]
    /// Byte range relative to the start of the data section.
    public var dataRange: Range<Int>

    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }
}

/// A memory-mapped `.safetensors` file: a validated header and typed access to its tensors.
///
/// The format is an 8-byte little-endian header length, a JSON header mapping each tensor name
/// to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the data that
/// follows the header), then the data. Opening validates everything the header claims against
/// the file — dtype names, shapes, offsets, sizes — so a truncated or corrupt file fails here
/// with the file, the tensor and the expected vs actual bytes, before any tensor is read.
/// F32, F16, BF16 (and F64) tensors convert to `Float` on read; integer tensors such as the
/// int64 `embeddings.position_ids` buffer are listed and can be skipped.
///
/// Not `Sendable`: it owns the mapping. Read what you need, then drop it.
public final class SafetensorsFile {
    public let path: String
    /// Validated tensors by name.
    public let tensors: [String: TensorInfo]
    /// The header's optional `__metadata__` strings.
    public let metadata: [String: String]
    /// The model name used in repair hints (`tf models pull NAME --force`).
    public let modelName: String?

    private let file: MappedFile
    private let dataStart: Int

    /// Maps and validates `path`.
    ///
    /// - Parameter modelName: the store name of the model, for the repair hint in errors.
    /// - Throws: `TaskFlowFailure` (`corrupt-model-file`) for a short file, a bad header, an
    ///   unknown dtype, a shape that disagrees with its byte range, or a tensor that runs past
    ///   the end of the file (truncation); `unreadable-model-file` when it cannot be opened.
    public init(path: String, modelName: String? = nil) throws {
        self.path = path
        self.modelName = modelName
        file = try MappedFile(path: path)
        let bytes = file.bytes
        func corrupt(_ detail: String) -> TaskFlowFailure {
            InferenceFailure.corruptFile(path, detail, model: modelName)
        }
        guard bytes.count >= 8 else {
            throw corrupt(
                "the file is \(bytes.count) bytes, but a safetensors file needs at least 8 (the header length); it is truncated or not a safetensors file")
        }
        var headerLength: UInt64 = 0
        for i in (0..<8).reversed() { headerLength = headerLength << 8 | UInt64(bytes[i]) }
        guard headerLength <= 100_000_000 else {
            throw corrupt("the header length field says \(headerLength) bytes, more than the 100 MB safetensors allows; the file is corrupt or not a safetensors file")
        }
        guard Int(headerLength) <= bytes.count - 8 else {
            throw corrupt(
                "the header needs \(headerLength) bytes after the 8-byte length, but only \(bytes.count - 8) follow (expected at least \(8 + Int(headerLength)) bytes, found \(bytes.count)); the file is truncated")
        }
        dataStart = 8 + Int(headerLength)
        let dataSize = bytes.count - dataStart
        let headerBytes = Array(bytes[8..<dataStart])
        let header: JSONValue
        do {
            header = try JSONParser.parse(headerBytes)
        } catch {
            throw corrupt("the header is not valid JSON (\(error)); the file is corrupt")
        }
        guard case .object(let fields) = header else {
            throw corrupt("the header is not a JSON object; the file is corrupt")
        }

        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        for field in fields {
            if field.key == "__metadata__" {
                if case .object(let m) = field.value {
                    for f in m { if let s = f.value.stringValue { metadata[f.key] = s } }
                }
                continue
            }
            let name = field.key
            guard case .object = field.value, let dtypeName = field.value["dtype"]?.stringValue else {
                throw corrupt("tensor '\(name)' has no dtype in the header; the file is corrupt")
            }
            guard let dtype = TensorDType(rawValue: dtypeName) else {
                throw corrupt(
                    "tensor '\(name)' has unknown dtype '\(dtypeName)' (known: \(TensorDType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard case .array(let dims)? = field.value["shape"] else {
                throw corrupt("tensor '\(name)' has no shape in the header; the file is corrupt")
            }
            var shape: [Int] = []
            for d in dims {
                guard case .int(let n) = d, n >= 0 else {
                    throw corrupt("tensor '\(name)' has an invalid shape \(field.value["shape"]?.jsonString ?? "?")")
                }
                shape.append(n)
            }
            guard case .array(let offs)? = field.value["data_offsets"], offs.count == 2,
                case .int(let begin) = offs[0], case .int(let end) = offs[1], begin >= 0, begin <= end
            else {
                throw corrupt("tensor '\(name)' has invalid data_offsets \(field.value["data_offsets"]?.jsonString ?? "(missing)")")
            }
            let (count, overflow) = shape.reduce((1, false)) { acc, d in
                let (p, o) = acc.0.multipliedReportingOverflow(by: d)
                return (p, acc.1 || o)
            }
            let (needed, overflow2) = count.multipliedReportingOverflow(by: dtype.byteWidth)
            guard !overflow, !overflow2 else {
                throw corrupt("tensor '\(name)' has an impossibly large shape \(shape)")
            }
            guard end - begin == needed else {
                throw corrupt(
                    "tensor '\(name)' (\(dtypeName) \(shape)) needs \(needed) bytes, but its data_offsets span \(end - begin) bytes; the header is corrupt")
            }
            tensors[name] = TensorInfo(name: name, dtype: dtype, shape: shape, dataRange: begin..<end)
        }

        // Truncation: the first tensor (in file order) that runs past the end names the damage.
        if let firstBad = tensors.values.filter({ $0.dataRange.upperBound > dataSize })
            .min(by: { $0.dataRange.lowerBound < $1.dataRange.lowerBound })
        {
            let expected = dataStart + (tensors.values.map(\.dataRange.upperBound).max() ?? 0)
            let available = max(0, dataSize - firstBad.dataRange.lowerBound)
            throw corrupt(
                "tensor '\(firstBad.name)' (\(firstBad.dtype.rawValue) \(firstBad.shape)) needs \(firstBad.dataRange.count) bytes but only \(min(available, firstBad.dataRange.count)) are present; the file should be \(expected) bytes but is \(bytes.count): it is truncated"
            )
        }
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor names, sorted.
    public var names: [String] { tensors.keys.sorted() }

    /// The tensor `name` converted to float32.
    ///
    /// - Throws: `missing-tensor` when absent; `unsupported-model` for a non-float dtype.
    public func tensor(_ name: String) throws -> Tensor {
        guard let info = tensors[name] else {
            throw TaskFlowFailure(
                "missing-tensor", "\(path) has no tensor '\(name)'",
                hint: "the weights do not match config.json's architecture, or the file is incomplete; \(InferenceFailure.repairHint(model: modelName))")
        }
        return Tensor(shape: info.shape, values: try floats(info))
    }

    /// The values of a validated tensor as `Float`s.
    public func floats(_ info: TensorInfo) throws -> [Float] {
        guard info.dtype.isConvertibleFloat else {
            throw InferenceFailure.unsupported(
                "\(path): tensor '\(info.name)' is \(info.dtype.rawValue), not a float tensor",
                hint: "only F32, F16, BF16 and F64 weights are read")
        }
        let count = info.count
        guard count > 0, let base = file.bytes.baseAddress else { return [] }
        let src = base + dataStart + info.dataRange.lowerBound
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            switch info.dtype {
            case .f32:
                // Unaligned-safe copy; safetensors stores little-endian, as every supported host is.
                memcpy(out.baseAddress!, src, count * 4)
            case .f16:
                for i in 0..<count {
                    out[i] = HalfConversion.float(fromHalf: src.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
                }
            case .bf16:
                for i in 0..<count {
                    out[i] = HalfConversion.float(fromBFloat: src.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
                }
            case .f64:
                for i in 0..<count {
                    out[i] = Float(src.loadUnaligned(fromByteOffset: i * 8, as: Double.self))
                }
            default:
                break
            }
            initialized = count
        }
    }
}
