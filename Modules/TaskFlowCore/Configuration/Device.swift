import Foundation
import TaskFlowPluginAPI

/// Where a run computes: the CPU with a number of threads, a GPU, or the best available.
///
/// A value scoped to a run, never a global. A device that is not present is an error, never a
/// silent fallback.
public enum Device: Sendable, Hashable, CustomStringConvertible {
    case cpu(threads: Int)
    case gpu(index: Int)
    case auto

    /// Parses `cpu`, `gpu`, `gpu:1`, `auto`, with the thread count for the CPU.
    public static func parse(_ text: String, threads: Int? = nil) throws -> Device {
        let t = text.lowercased()
        switch t {
        case "cpu": return .cpu(threads: threads ?? Device.defaultThreads)
        case "auto": return .auto
        case "gpu": return .gpu(index: 0)
        default:
            if t.hasPrefix("gpu:"), let i = Int(t.dropFirst(4)), i >= 0 { return .gpu(index: i) }
            throw TaskFlowFailure(
                "unknown-device", "unknown device '\(text)'", hint: "use cpu, gpu, gpu:N or auto", exitCode: 2)
        }
    }

    /// The CPU threads used when none are given: every core.
    public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Threads a run may use: at least one, at most one per core (more only queue up behind
    /// each other; a run records the number it really used).
    public static func clamped(_ threads: Int) -> Int {
        min(max(1, threads), defaultThreads)
    }

    /// The device a run actually uses: `.auto` becomes the CPU (no GPU backend is built in yet);
    /// an explicit GPU is an error saying why.
    public func resolved(threads: Int? = nil) throws -> Device {
        switch self {
        case .cpu(let t): return .cpu(threads: Self.clamped(threads ?? t))
        case .auto: return .cpu(threads: Self.clamped(threads ?? Device.defaultThreads))
        case .gpu(let i):
            throw TaskFlowFailure(
                "device-unavailable",
                "device 'gpu:\(i)' is not available: this build of TaskFlow has no GPU backend",
                fix: Fix(.device, example: "cpu"), hint: "auto also picks the CPU", exitCode: 2)
        }
    }

    public var threads: Int {
        if case .cpu(let t) = self { return t }
        return 1
    }

    public var description: String {
        switch self {
        case .cpu(let t): return "cpu (\(t) thread\(t == 1 ? "" : "s"))"
        case .gpu(let i): return "gpu:\(i)"
        case .auto: return "auto"
        }
    }

    /// The short name analyzers see: `cpu` or `gpu:N`.
    public var name: String {
        switch self {
        case .cpu: return "cpu"
        case .gpu(let i): return "gpu:\(i)"
        case .auto: return "auto"
        }
    }
}
