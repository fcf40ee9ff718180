import Foundation
import Synchronization
import TaskFlowCore
import TaskFlowPluginAPI

/// Where text goes: a file descriptor (stdout, stderr), a file (`-o`, REPL `output FILE`) or
/// memory. The one buffered sink every front end writes through.
public protocol TextSink: AnyObject, Sendable {
    /// Appends text (buffered; `flush` writes it out).
    func write(_ text: String)
    /// Writes out what is buffered.
    func flush()
    /// Whether the text lands on a terminal (colour, progress bars, screen width).
    var isTerminal: Bool { get }
    /// The write failure to report, if text was lost since the last call.
    ///
    /// A sink whose write failed stays failed: later text is dropped, and reported again.
    func unreportedFailure() -> TaskFlowFailure?
}

extension TextSink {
    public func unreportedFailure() -> TaskFlowFailure? { nil }
}

/// A sink writing to a file descriptor (stdout, stderr) or, through `SafeFileWriter`, to a
/// file, buffered up to 64 KiB.
///
/// The first failed or short write is remembered (`unreportedFailure`), and text after it is
/// dropped: a file is never left with a hole in the middle. A file is written in full by
/// `close()` (a regular file replaced then, a device written as it goes).
public final class FileDescriptorSink: TextSink {
    private struct State {
        var buffer: [UInt8] = []
        var file: SafeFileWriter?
        var failure: TaskFlowFailure?
        var unreported = false
        var closed = false
    }

    private let fd: Int32
    private let state: Mutex<State>
    public let isTerminal: Bool
    /// The file written, for `output FILE`; nil for stdout and stderr.
    public let path: String?

    /// The failure code of a standard output whose reader went away (`| head`).
    public static let readerWentAway = "reader-went-away"

    /// Standard output.
    ///
    /// A reader that goes away (`| head`) is a failure with code `readerWentAway`, not a
    /// SIGPIPE that ends the process (see `SafeFileWriter.writeAll`).
    public static func standardOutput() -> FileDescriptorSink {
        FileDescriptorSink(fd: STDOUT_FILENO, file: nil, path: nil)
    }

    /// Standard error.
    public static func standardError() -> FileDescriptorSink {
        FileDescriptorSink(fd: STDERR_FILENO, file: nil, path: nil)
    }

    /// Opens the file at `path` for writing (see `SafeFileWriter`).
    ///
    /// - Parameter name: how messages name the file (default: the path).
    /// - Throws: `TaskFlowFailure` when the file cannot be opened.
    public static func file(_ path: String, name: String? = nil) throws -> FileDescriptorSink {
        let file = try SafeFileWriter(path: path, name: name ?? path)
        return FileDescriptorSink(fd: -1, file: file, path: path)
    }

    private init(fd: Int32, file: sending SafeFileWriter?, path: String?) {
        self.fd = fd
        self.path = path
        isTerminal = fd >= 0 && isatty(fd) == 1
        state = Mutex(State(file: file))
    }

    public func write(_ text: String) {
        let full = state.withLock { s -> Bool in
            guard s.failure == nil, !s.closed else {
                if s.failure != nil { s.unreported = true }
                return false
            }
            s.buffer.append(contentsOf: text.utf8)
            return s.buffer.count >= 1 << 16
        }
        if full { flush() }
    }

    public func flush() {
        state.withLock { s in Self.flush(&s, fd: fd, path: path) }
    }

    private static func flush(_ s: inout State, fd: Int32, path: String?) {
        guard !s.buffer.isEmpty else { return }
        defer { s.buffer.removeAll(keepingCapacity: true) }
        guard s.failure == nil else { return }
        if let file = s.file {
            do {
                try s.buffer.withUnsafeBytes { try file.write($0) }
            } catch {
                s.failure =
                    error as? TaskFlowFailure
                    ?? TaskFlowFailure(
                        "cannot-write", "cannot write \(path ?? "the output"): \(error)", hint: "check that the folder exists and is writable")
                s.unreported = true
            }
            return
        }
        guard fd >= 0 else { return }
        let code = s.buffer.withUnsafeBytes { SafeFileWriter.writeAll(fd, $0) }
        guard let code else { return }
        let stream = fd == STDOUT_FILENO ? "standard output" : fd == STDERR_FILENO ? "standard error" : "file descriptor \(fd)"
        s.failure =
            code == EPIPE
            ? TaskFlowFailure(readerWentAway, "\(stream) was closed by its reader")
            : TaskFlowFailure(
                "cannot-write", "cannot write \(stream): \(String(cString: strerror(code)))",
                hint: code == ENOSPC ? "free some space on that disk, or send the output elsewhere" : "check where \(stream) goes")
        s.unreported = true
    }

    /// The first failure so far, reported or not.
    public var failure: TaskFlowFailure? { state.withLock { $0.failure } }

    public func unreportedFailure() -> TaskFlowFailure? {
        state.withLock { s in
            guard s.unreported, let failure = s.failure else { return nil }
            s.unreported = false
            return failure
        }
    }

    /// Flushes and, for a file, finishes it (replacing a regular file); after a failure the
    /// file is left as it was.
    ///
    /// - Throws: the write failure not reported yet, or why finishing the file failed.
    public func close() throws {
        try state.withLock { s in
            guard !s.closed else { return }
            Self.flush(&s, fd: fd, path: path)
            s.closed = true
            guard let file = s.file else { return }
            s.file = nil
            if let failure = s.failure {
                file.discard()
                if s.unreported {
                    s.unreported = false
                    throw failure
                }
                return
            }
            try file.commit()
        }
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
