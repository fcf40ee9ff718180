import Foundation
import TaskFlowPluginAPI

/// How analysis values are stored in the cache: compact JSON, or raw little-endian Float32 for
/// embeddings. The first byte says which.
public enum CachedValueCoding {
    static let jsonTag: UInt8 = 0x4A  // "J"
    static let floatTag: UInt8 = 0x46  // "F"

    public static func encode(_ value: AnalysisValue) -> [UInt8] {
        if case .embedding(let v) = value {
            var out = [UInt8]()
            out.reserveCapacity(1 + v.count * 4)
            out.append(floatTag)
            for x in v {
                withUnsafeBytes(of: x.bitPattern.littleEndian) { out.append(contentsOf: $0) }
            }
            return out
        }
        var out: [UInt8] = [jsonTag]
        out.append(contentsOf: value.jsonString.utf8)
        return out
    }

    /// The value back; nil when the bytes are not a value this coding wrote.
    public static func decode(_ bytes: [UInt8]) -> AnalysisValue? {
        guard let tag = bytes.first else { return nil }
        switch tag {
        case floatTag:
            let n = (bytes.count - 1) / 4
            guard (bytes.count - 1) % 4 == 0 else { return nil }
            var v = [Float](repeating: 0, count: n)
            bytes.withUnsafeBytes { raw in
                for i in 0..<n {
                    let bits = raw.loadUnaligned(fromByteOffset: 1 + i * 4, as: UInt32.self)
                    v[i] = Float(bitPattern: UInt32(littleEndian: bits))
                }
            }
            return .embedding(v)
        case jsonTag:
            guard let json = try? JSONParser.parse(Array(bytes[1...])) else { return nil }
            return AnalysisValue(json: json)
        default:
            return nil
        }
    }
}
