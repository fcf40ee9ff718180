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
    /// The buffered writer underneath (shared with the REPL's console).
    private let sink: FileDescriptorSink
    private var closed = false
    public let isTerminal: Bool
    /// The file written; nil for standard output.
    public let path: String?

    /// Standard output.
    ///
    /// A reader that goes away (`| head`) is an `OutputError` with `readerWentAway` set, not a
    /// SIGPIPE that ends the process (see `SafeFileWriter.writeAll`).
    public static func standardOutput() -> TextOutput {
        let sink = FileDescriptorSink.standardOutput()
        return TextOutput(sink, isTerminal: sink.isTerminal, path: nil)
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
            return TextOutput(try FileDescriptorSink.file(path), isTerminal: false, path: path)
        } catch let e as any TaskFlowError {
            throw OutputError(e)
        }
    }

    private init(_ sink: FileDescriptorSink, isTerminal: Bool, path: String?) {
        self.sink = sink
        self.isTerminal = isTerminal
        self.path = path
    }

    /// The first failure so far, if any.
    public var failure: OutputError? { sink.failure.map(OutputError.init) }

    /// Appends text (buffered); dropped once a write has failed.
    public func write(_ s: String) {
        guard !closed else { return }
        sink.write(isTerminal ? TerminalSafe.neutralise(s, lineBreaks: true) : s)
    }

    /// Writes out what is buffered; a failure is remembered for `check()` and `close()`.
    public func flush() {
        sink.flush()
    }

    /// Whether a write has failed (a loop producing output should stop).
    public var failed: Bool { sink.failure != nil }

    /// Throws the first failure so far (text still buffered is not written yet).
    public func check() throws {
        if let failure { throw failure }
    }

    /// Flushes, finishes the file (replacing the old one) and throws the first failure.
    ///
    /// After a failure a regular file is left as it was before this output opened it.
    public func close() throws {
        guard !closed else {
            try check()
            return
        }
        closed = true
        do {
            try sink.close()
        } catch {
            throw OutputError(error)
        }
        try check()
    }

    deinit {
        if !closed, path == nil { sink.flush() }
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
        } else if let e = error as? TaskFlowFailure, e.code == FileDescriptorSink.readerWentAway {
            self = .brokenPipe
        } else if let e = error as? any TaskFlowError {
            self.init(description: e.description, hint: e.hint, exitCode: e.exitCode)
        } else {
            self.init(description: "cannot write the output: \(error)")
        }
    }

    static let brokenPipe = OutputError(
        description: "standard output was closed by its reader", exitCode: 141, readerWentAway: true)
}
