import Foundation
import Synchronization
import TaskFlowCore
import TaskFlowPluginAPI

/// Where the REPL's text goes: a file descriptor (stdout, stderr, an `output FILE`) or memory.
public protocol TextSink: AnyObject, Sendable {
    /// Appends text (buffered; `flush` writes it out).
    func write(_ text: String)
    /// Writes out what is buffered.
    func flush()
    /// Whether the text lands on a terminal (colour, progress bars, screen width).
    var isTerminal: Bool { get }
}

/// A sink writing to a file descriptor, buffered up to 64 KiB.
public final class FileDescriptorSink: TextSink {
    private let fd: Int32
    private let owns: Bool
    private let buffer = Mutex<[UInt8]>([])
    public let isTerminal: Bool
    /// The file written, for `output FILE`; nil for stdout and stderr.
    public let path: String?

    /// Standard output.
    public static func standardOutput() -> FileDescriptorSink {
        FileDescriptorSink(fd: STDOUT_FILENO, owns: false, path: nil)
    }

    /// Standard error.
    public static func standardError() -> FileDescriptorSink {
        FileDescriptorSink(fd: STDERR_FILENO, owns: false, path: nil)
    }

    /// Creates (or truncates) the file at `path`.
    ///
    /// - Throws: `TaskFlowFailure` when the file cannot be created.
    public static func file(_ path: String) throws -> FileDescriptorSink {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ReplFailure.cannotWrite(path, reason: reason)
        }
        return FileDescriptorSink(fd: fd, owns: true, path: path)
    }

    init(fd: Int32, owns: Bool, path: String?) {
        self.fd = fd
        self.owns = owns
        self.path = path
        isTerminal = isatty(fd) == 1
    }

    public func write(_ text: String) {
        let full = buffer.withLock { b -> Bool in
            b.append(contentsOf: text.utf8)
            return b.count >= 1 << 16
        }
        if full { flush() }
    }

    public func flush() {
        buffer.withLock { b in
            guard !b.isEmpty else { return }
            b.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                var offset = 0
                while offset < raw.count {
                    let n = Foundation.write(fd, base + offset, raw.count - offset)
                    if n < 0, errno == EINTR { continue }
                    if n <= 0 { break }
                    offset += n
                }
            }
            b.removeAll(keepingCapacity: true)
        }
    }

    /// Flushes and, for a file this sink opened, closes it.
    public func close() {
        flush()
        if owns { _ = Foundation.close(fd) }
    }
}

/// A sink that keeps everything in memory, for tests and for capturing output.
public final class MemorySink: TextSink {
    private let storage = Mutex<String>("")
    public let isTerminal: Bool

    public init(isTerminal: Bool = false) {
        self.isTerminal = isTerminal
    }

    public func write(_ text: String) {
        storage.withLock { $0 += text }
    }

    public func flush() {}

    /// Everything written so far.
    public var text: String { storage.withLock { $0 } }

    /// Returns everything written so far and forgets it.
    public func take() -> String {
        storage.withLock { s in
            defer { s = "" }
            return s
        }
    }
}
