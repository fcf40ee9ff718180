import Foundation

/// A one-line progress bar on stderr: share of the input read, records, records/s and ETA.
///
/// Drawn only when stderr is a terminal, and at most ten times a second.
final class ProgressBar {
    private let enabled: Bool
    private var lastDraw = -1.0
    private var drawn = false

    init(enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.enabled = enabled
    }

    func update(records: Int, bytesRead: Int, bytesTotal: Int, elapsed: Double) {
        guard enabled, elapsed - lastDraw >= 0.1 else { return }
        lastDraw = elapsed
        let fraction = bytesTotal > 0 ? min(1, Double(bytesRead) / Double(bytesTotal)) : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let rate = elapsed > 0 ? Double(records) / elapsed : 0
        var eta = ""
        if fraction > 0.02, fraction < 1 {
            eta = "  ETA \(Self.duration(elapsed / fraction - elapsed))"
        }
        let line = "\r\(bar) \(String(format: "%3d", Int(fraction * 100)))%  \(records) records  \(Int(rate)) rec/s\(eta)\u{1B}[K"
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func clear() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }

    static func duration(_ s: Double) -> String {
        if s < 60 { return "\(Int(s.rounded(.up)))s" }
        return "\(Int(s) / 60)m\(String(format: "%02d", Int(s) % 60))s"
    }
}
