import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// A buffered text sink for results: standard output or a file.
///
/// Writing never throws: the first failure (a full disk, a closed pipe) is remembered, later
/// text is dropped, and `check()` and `close()` throw it, so a caller that ends with
/// `try close()` cannot miss one. A file goes through `SafeFileWriter`: a regular file is
/// replaced only by `close()`, and an output dropped without it leaves the file as it was.
/// On a terminal, control characters in the text are neutralised (`TerminalSafe`).
public final class TextOutput {
    private enum Destination {
        case standardOutput
        case file(SafeFileWriter)
    }

    private var destination: Destination?
    private var buffer: [UInt8] = []
    public let isTerminal: Bool
    /// The file written; nil for standard output.
    public let path: String?
    /// The first failure so far, if any.
    public private(set) var failure: OutputError?

    /// Standard output.
    ///
    /// A reader that goes away (`| head`) is an `OutputError` with `readerWentAway` set, not a
    /// SIGPIPE that ends the process (see `SafeFileWriter.writeAll`).
    public static func standardOutput() -> TextOutput {
        TextOutput(.standardOutput, isTerminal: isatty(STDOUT_FILENO) == 1, path: nil)
    }

    /// Opens the file at `path` for writing (see `SafeFileWriter`: a device is written in place,
    /// a symlink through to its target, a regular file replaced when the output is closed).
    ///
    /// - Throws: `OutputError` naming the path when its folder is missing or it cannot be opened.
    public static func file(_ path: String) throws -> TextOutput {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty, !FileManager.default.fileExists(atPath: dir) {
            throw OutputError(description: "cannot write \(path): folder \(dir) does not exist", hint: "create the folder or choose another path")
        }
        do {
            return TextOutput(.file(try SafeFileWriter(path: path)), isTerminal: false, path: path)
        } catch let e as any TaskFlowError {
            throw OutputError(e)
        }
    }

    private init(_ destination: Destination, isTerminal: Bool, path: String?) {
        self.destination = destination
        self.isTerminal = isTerminal
        self.path = path
        buffer.reserveCapacity(1 << 16)
    }

    /// Appends text (buffered); dropped once a write has failed.
    public func write(_ s: String) {
        guard failure == nil, destination != nil else { return }
        buffer.append(contentsOf: (isTerminal ? TerminalSafe.neutralise(s, lineBreaks: true) : s).utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Writes out what is buffered; a failure is remembered for `check()` and `close()`.
    public func flush() {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == nil, let destination else { return }
        switch destination {
        case .standardOutput:
            if let code = buffer.withUnsafeBytes({ SafeFileWriter.writeAll(STDOUT_FILENO, $0) }) {
                failure = code == EPIPE ? .brokenPipe : OutputError(standardOutput: code)
            }
        case .file(let writer):
            do {
                try buffer.withUnsafeBytes { try writer.write($0) }
            } catch {
                failure = OutputError(error)
            }
        }
    }

    /// Whether a write has failed (a loop producing output should stop).
    public var failed: Bool { failure != nil }

    /// Throws the first failure so far (text still buffered is not written yet).
    public func check() throws {
        if let failure { throw failure }
    }

    /// Flushes, finishes the file (replacing the old one) and throws the first failure.
    ///
    /// After a failure a regular file is left as it was before this output opened it.
    public func close() throws {
        flush()
        if case .file(let writer)? = destination {
            if failure == nil {
                do { try writer.commit() } catch { failure = OutputError(error) }
            } else {
                writer.discard()
            }
        }
        destination = nil
        if let failure { throw failure }
    }

    deinit {
        if case .standardOutput? = destination { flush() }
    }
}

/// A failure to open or write an output, naming it and the cause.
public struct OutputError: TaskFlowError {
    public var description: String
    public var hint: String?
    public var exitCode: Int32
    /// Standard output's reader went away (`tf analyze … | head`): stop quietly, with
    /// `exitCode` 141 (128 + SIGPIPE, what a shell reports for a program SIGPIPE ended).
    public var readerWentAway: Bool

    public init(description: String, hint: String? = nil, exitCode: Int32 = 1, readerWentAway: Bool = false) {
        self.description = description
        self.hint = hint
        self.exitCode = exitCode
        self.readerWentAway = readerWentAway
    }

    /// The same failure as an `OutputError`.
    init(_ error: any Error) {
        if let e = error as? OutputError {
            self = e
        } else if let e = error as? any TaskFlowError {
            self.init(description: e.description, hint: e.hint, exitCode: e.exitCode)
        } else {
            self.init(description: "cannot write the output: \(error)")
        }
    }

    init(standardOutput code: Int32) {
        self.init(
            description: "cannot write standard output: \(String(cString: strerror(code)))",
            hint: code == ENOSPC ? "free some space on that disk, or write somewhere else" : "check where standard output goes")
    }

    static let brokenPipe = OutputError(
        description: "standard output was closed by its reader", exitCode: 141, readerWentAway: true)
}
