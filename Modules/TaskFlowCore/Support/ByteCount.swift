import Foundation

/// Byte counts for people: `512 B`, `1.5 KiB`, `3.2 MiB`, `1.1 GiB`.
public enum ByteCount {
    public static func format(_ n: Int) -> String {
        if n >= 1 << 30 { return String(format: "%.1f GiB", Double(n) / Double(1 << 30)) }
        if n >= 1 << 20 { return String(format: "%.1f MiB", Double(n) / Double(1 << 20)) }
        if n >= 1 << 10 { return String(format: "%.1f KiB", Double(n) / 1024) }
        return "\(n) B"
    }
}
