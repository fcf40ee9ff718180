import Crypto
import Foundation

/// SHA-256 helpers (hex digests) for cache keys and fingerprints.
public enum SHA256Digest {
    /// Hex SHA-256 of bytes.
    public static func hex<D: DataProtocol>(_ data: D) -> String {
        SHA256.hash(data: data).map { byte in
            let s = String(byte, radix: 16)
            return byte < 16 ? "0" + s : s
        }.joined()
    }

    /// Hex SHA-256 of a string's UTF-8.
    public static func hex(_ string: String) -> String {
        hex(Data(string.utf8))
    }
}
