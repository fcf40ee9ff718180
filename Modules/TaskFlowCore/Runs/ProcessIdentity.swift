import Foundation

/// The process that runs a run, recorded well enough to tell later whether it is still alive.
///
/// A process id alone is not enough: ids are reused, so a run whose process was killed could
/// seem alive forever once another process got its id. With the process's start time (Linux:
/// field 22 of `/proc/PID/stat`, in clock ticks since boot), the machine's boot id and its host
/// name, a process that is gone is recognised even after its id was reused or the machine
/// restarted — and a run recorded on another machine is never judged from this one.
public struct ProcessIdentity: Sendable, Hashable {
    /// What can be said about a recorded process from here.
    public enum Liveness: Sendable, Hashable {
        /// It is still running.
        case alive
        /// It has ended (or the machine restarted since).
        case gone
        /// It ran on another machine: nothing can be said from here.
        case unknown
    }

    public var pid: Int
    /// The host name; nil for a run recorded before hosts were.
    public var host: String?
    /// The kernel's boot id (Linux); nil where there is none.
    public var bootID: String?
    /// When the process started, in clock ticks since boot (Linux); nil where unknown.
    public var startTime: Int64?

    public init(pid: Int, host: String?, bootID: String?, startTime: Int64?) {
        self.pid = pid
        self.host = host
        self.bootID = bootID
        self.startTime = startTime
    }

    /// This process.
    public static var current: ProcessIdentity {
        let pid = Int(getpid())
        return ProcessIdentity(pid: pid, host: hostName(), bootID: bootID(), startTime: startTime(of: pid))
    }

    /// Whether the process is still running, as far as this machine can tell.
    ///
    /// A record without a host (stored before hosts were) is taken to be from this machine.
    public func liveness() -> Liveness {
        if let host, host != Self.hostName() { return .unknown }
        if let bootID, let now = Self.bootID(), bootID != now { return .gone }
        guard pid > 0, pid <= Int(Int32.max) else { return .gone }
        if kill(pid_t(pid), 0) != 0, errno == ESRCH { return .gone }
        // Alive, or another process with the same id: its start time tells them apart.
        if let startTime, let now = Self.startTime(of: pid), now != startTime { return .gone }
        return .alive
    }

    /// This machine's host name.
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The kernel's boot id, which changes at every boot (Linux); nil elsewhere.
    static func bootID() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8) else { return nil }
        let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return id.isEmpty ? nil : id
    }

    /// When process `pid` started, in clock ticks since boot (Linux); nil when it is gone or
    /// this system has no `/proc`.
    static func startTime(of pid: Int) -> Int64? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // After the command name (which may hold spaces and parentheses) come fields 3, 4, …;
        // the start time is field 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? Int64(fields[19]) : nil
    }
}
