import Foundation

/// A provider's API key. It prints as `•••` everywhere (descriptions, interpolation, dumps),
/// so it cannot reach a log, a report, the store or an error message by accident; only the
/// request builder reads `secret`.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    let secret: String

    public init?(_ text: String?) {
        guard let t = text?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        secret = t
    }

    public var description: String { "•••" }
    public var debugDescription: String { "APIKey(•••)" }

    /// `text` with every occurrence of the key (and of its longer fragments) replaced by `•••`,
    /// for anything a server sends back that may quote the key.
    public func scrub(_ text: String) -> String {
        guard secret.count >= 6 else { return text.replacingOccurrences(of: secret, with: "•••") }
        var out = text.replacingOccurrences(of: secret, with: "•••")
        // Servers often quote a key shortened ("sk-abc…wxyz"); hide any 12-character run of it.
        if secret.count > 12 {
            let chars = Array(secret)
            for start in stride(from: 0, to: chars.count - 12, by: 4) {
                let piece = String(chars[start..<(start + 12)])
                out = out.replacingOccurrences(of: piece, with: "•••")
            }
        }
        return out
    }
}
