import Foundation

/// A buffered text sink: standard output, standard error or a file.
public final class TextOutput {
    private let handle: FileHandle
    private let ownsHandle: Bool
    private var buffer: [UInt8] = []
    public let isTerminal: Bool
    public let path: String?

    /// Standard output.
    public static func standardOutput() -> TextOutput {
        TextOutput(handle: .standardOutput, owns: false, isTerminal: isatty(STDOUT_FILENO) == 1, path: nil)
    }

    /// Creates (or truncates) the file at `path`.
    public static func file(_ path: String) throws -> TextOutput {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty, !FileManager.default.fileExists(atPath: dir) {
            throw OutputError(description: "cannot write \(path): folder \(dir) does not exist", hint: "create the folder or choose another path")
        }
        // open(2), not FileManager.createFile: the latter replaces what is at the path with a new
        // file, which turns /dev/null into a regular file when run as root.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw OutputError(description: "cannot write \(path): \(reason)", hint: "check that the folder is writable")
        }
        return TextOutput(handle: FileHandle(fileDescriptor: fd, closeOnDealloc: true), owns: true, isTerminal: false, path: path)
    }

    init(handle: FileHandle, owns: Bool, isTerminal: Bool, path: String?) {
        self.handle = handle
        self.ownsHandle = owns
        self.isTerminal = isTerminal
        self.path = path
        buffer.reserveCapacity(1 << 16)
    }

    public func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(handleDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private var handleDescriptor: Int32 { handle.fileDescriptor }

    /// Flushes and, for a file, closes it.
    public func close() {
        flush()
        if ownsHandle { try? handle.close() }
    }

    deinit {
        flush()
    }
}

/// A failure to open an output.
public struct OutputError: Error, CustomStringConvertible {
    public var description: String
    public var hint: String?
}
