import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// The run's one-line progress bar on stderr: share read, records, records/s and ETA.
///
/// Drawn only on a terminal, at most ten times a second.
final class ReplProgress {
    private let sink: any TextSink
    private let enabled: Bool
    private var lastDraw = -1.0
    private var drawn = false

    init(sink: any TextSink, enabled: Bool) {
        self.sink = sink
        self.enabled = enabled && sink.isTerminal
    }

    func update(records: Int, bytesRead: Int, bytesTotal: Int, elapsed: Double) {
        guard enabled, elapsed - lastDraw >= 0.1 else { return }
        lastDraw = elapsed
        let fraction = bytesTotal > 0 ? min(1, Double(bytesRead) / Double(bytesTotal)) : 0
        let filled = Int(fraction * 24)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 24 - filled)
        let rate = elapsed > 0 ? Double(records) / elapsed : 0
        var eta = ""
        if fraction > 0.02, fraction < 1 { eta = "  ETA \(Self.duration(elapsed / fraction - elapsed))" }
        sink.write("\r\(bar) \(String(format: "%3d", Int(fraction * 100)))%  \(records) records  \(Int(rate)) rec/s\(eta)  (Ctrl-C stops)\u{1B}[K")
        sink.flush()
        drawn = true
    }

    func clear() {
        guard enabled, drawn else { return }
        sink.write("\r\u{1B}[K")
        sink.flush()
        drawn = false
    }

    static func duration(_ s: Double) -> String {
        if s < 60 { return "\(Int(s.rounded(.up)))s" }
        return "\(Int(s) / 60)m\(String(format: "%02d", Int(s) % 60))s"
    }
}
