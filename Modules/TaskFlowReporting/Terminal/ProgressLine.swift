import Foundation

/// A run's one-line progress bar: share of the input read, records, records/s and ETA.
///
/// Redrawn in place at most ten times a second; `write` receives the text to put on the
/// terminal (the caller decides where, and whether a terminal is there at all).
public final class ProgressLine {
    private let enabled: Bool
    private let suffix: String
    private let write: (String) -> Void
    private var lastDraw = -1.0
    private var drawn = false

    /// - Parameters:
    ///   - enabled: false draws nothing (not a terminal, or `--quiet`).
    ///   - suffix: appended to every line, e.g. `  (Ctrl-C stops)`.
    public init(enabled: Bool, suffix: String = "", write: @escaping (String) -> Void) {
        self.enabled = enabled
        self.suffix = suffix
        self.write = write
    }

    /// A bar on standard error, drawn when it is a terminal.
    public static func standardError(enabled: Bool = true) -> ProgressLine {
        ProgressLine(enabled: enabled && isatty(STDERR_FILENO) == 1) { FileHandle.standardError.write(Data($0.utf8)) }
    }

    public func update(records: Int, bytesRead: Int, bytesTotal: Int, elapsed: Double) {
        guard enabled, elapsed - lastDraw >= 0.1 else { return }
        lastDraw = elapsed
        write("\r" + Self.render(records: records, bytesRead: bytesRead, bytesTotal: bytesTotal, elapsed: elapsed) + suffix + "\u{1B}[K")
        drawn = true
    }

    /// Erases the bar, if one is drawn.
    public func clear() {
        guard enabled, drawn else { return }
        write("\r\u{1B}[K")
        drawn = false
    }

    /// The bar's text, without control characters.
    static func render(records: Int, bytesRead: Int, bytesTotal: Int, elapsed: Double) -> String {
        let fraction = bytesTotal > 0 ? min(1, Double(bytesRead) / Double(bytesTotal)) : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let rate = elapsed > 0 ? Double(records) / elapsed : 0
        var eta = ""
        if fraction > 0.02, fraction < 1 { eta = "  ETA \(duration(elapsed / fraction - elapsed))" }
        return "\(bar) \(String(format: "%3d", Int(fraction * 100)))%  \(records) records  \(Int(rate)) rec/s\(eta)"
    }

    /// `42s`, `3m07s`.
    static func duration(_ s: Double) -> String {
        if s < 60 { return "\(Int(s.rounded(.up)))s" }
        return "\(Int(s) / 60)m\(String(format: "%02d", Int(s) % 60))s"
    }
}
