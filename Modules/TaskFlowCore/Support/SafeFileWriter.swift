import Foundation
import TaskFlowPluginAPI

/// The one way TaskFlow writes a file: regular files replaced atomically, symlinks written
/// through to their target, device files and FIFOs written in place, never replaced.
///
/// - A regular file (or a new one) is written to a temporary file in the same folder, synced,
///   and renamed over the target, keeping the old file's permissions; readers see the old
///   contents or the new, never half of it, and a failed write leaves the old file alone.
/// - A symlink is followed, hop by hop, to what it points at (which need not exist yet), and
///   that is written by these same rules; the link stays a link.
/// - A character device (`/dev/null`, a terminal), a FIFO or a socket is opened for writing
///   as it is: `/dev/full` gives an error and stays `/dev/full`. So are `/dev/stdout` and the
///   other `/proc/self/fd` links, which name an open file rather than a path.
/// - A block device is refused: TaskFlow writes text, not disk images.
///
/// Every failed or short write is a `TaskFlowFailure` naming the path and the cause. Use
/// `write(_:to:)` for a whole file, or open a writer, `write` chunks and `commit()` for large
/// outputs; a writer dropped without `commit()` leaves the target as it was.
public final class SafeFileWriter {
    /// The path as the user gave it, for messages.
    public let path: String
    /// Whether the target is replaced on `commit()` (false: written in place).
    public let replacesAtomically: Bool
    private let target: String
    private let temporary: String?
    private var fd: Int32
    private var committed = false

    /// Writes `text` (UTF-8) to `path` as a whole file.
    ///
    /// - Parameters:
    ///   - name: how messages name the file (default: `path`).
    ///   - permissions: for a new file (before the umask); an existing file keeps its own.
    /// - Throws: `TaskFlowFailure` naming the path and the cause.
    public static func write(_ text: String, to path: String, name: String? = nil, permissions: mode_t = 0o644) throws {
        try write(Data(text.utf8), to: path, name: name, permissions: permissions)
    }

    /// Writes `data` to `path` as a whole file.
    ///
    /// - Throws: `TaskFlowFailure` naming the path and the cause.
    public static func write(_ data: Data, to path: String, name: String? = nil, permissions: mode_t = 0o644) throws {
        let writer = try SafeFileWriter(path: path, name: name, permissions: permissions)
        try data.withUnsafeBytes { try writer.write($0) }
        try writer.commit()
    }

    /// Opens `path` for writing by the rules above.
    ///
    /// - Throws: `TaskFlowFailure` when the folder is missing or not writable, the path is a
    ///   folder or a block device, or the file cannot be opened.
    public init(path: String, name: String? = nil, permissions: mode_t = 0o644) throws {
        let shown = name ?? path
        self.path = shown
        guard !path.isEmpty else {
            throw TaskFlowFailure("cannot-write", "cannot write an empty path", hint: "give a file name")
        }
        switch try Self.plan(path, shown: shown) {
        case .inPlace(let open, let truncate):
            let flags = O_WRONLY | O_CLOEXEC | (truncate ? O_TRUNC : 0)
            let fd = Self.retrying { Foundation.open(open, flags) }
            guard fd >= 0 else { throw Self.failure(shown, errno) }
            self.fd = fd
            target = open
            temporary = nil
            replacesAtomically = false
        case .replace(let target, let existing):
            let folder = (target as NSString).deletingLastPathComponent
            let base = (target as NSString).lastPathComponent
            var fd: Int32 = -1
            var temporary = ""
            for _ in 0..<64 {
                let name = ".\(base).tf-\(String(UInt32.random(in: .min ... .max), radix: 36)).tmp"
                temporary = folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
                fd = Self.retrying { Foundation.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions) }
                if fd >= 0 || errno != EEXIST { break }
            }
            guard fd >= 0 else { throw Self.failure(shown, errno, folder: folder) }
            if let existing {
                // The replacement keeps the old file's mode (and owner, where we may set it).
                _ = fchmod(fd, existing.st_mode & 0o7777)
                if geteuid() == 0 { _ = fchown(fd, existing.st_uid, existing.st_gid) }
            }
            self.fd = fd
            self.target = target
            self.temporary = temporary
            replacesAtomically = true
        }
    }

    /// Writes all of `bytes`.
    ///
    /// - Throws: `TaskFlowFailure` naming the path and the cause (a full disk, a closed pipe).
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard fd >= 0 else {
            throw TaskFlowFailure("cannot-write", "cannot write \(path): already closed", hint: "this is a bug in TaskFlow; please report it")
        }
        if let code = Self.writeAll(fd, bytes) { throw Self.failure(path, code) }
    }

    /// Writes `text` as UTF-8.
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Finishes the file: syncs it and renames it over the target, or closes the device.
    ///
    /// - Throws: `TaskFlowFailure` when syncing, closing or renaming fails; the target is then
    ///   left as it was and the temporary file removed.
    public func commit() throws {
        guard fd >= 0 else { return }
        let fd = self.fd
        self.fd = -1
        guard let temporary else {
            if Foundation.close(fd) != 0, errno != EINTR { throw Self.failure(path, errno) }
            committed = true
            return
        }
        var closed = false
        do {
            if fsync(fd) != 0 { throw Self.failure(path, errno) }
            closed = true
            if Foundation.close(fd) != 0, errno != EINTR { throw Self.failure(path, errno) }
            if rename(temporary, target) != 0 { throw Self.failure(path, errno) }
        } catch {
            if !closed { _ = Foundation.close(fd) }
            unlink(temporary)
            throw error
        }
        committed = true
        // Make the rename itself durable; a folder that cannot be synced is no error.
        let folder = (target as NSString).deletingLastPathComponent
        let dir = Foundation.open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        if dir >= 0 {
            _ = fsync(dir)
            _ = Foundation.close(dir)
        }
    }

    /// Gives up: closes the file and removes the temporary one; the target stays as it was.
    public func discard() {
        guard fd >= 0 else { return }
        _ = Foundation.close(fd)
        fd = -1
        if let temporary { unlink(temporary) }
    }

    deinit {
        if !committed { discard() }
    }

    /// Writes all of `bytes` to `fd`, with SIGPIPE held off on this thread.
    ///
    /// A reader that went away (a closed pipe, `| head`) is `EPIPE` here, never a signal that
    /// ends the process; the rest of the process keeps SIGPIPE's default.
    ///
    /// - Returns: nil when everything was written, else the `errno` of the failure.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard var base = bytes.baseAddress, bytes.count > 0 else { return nil }
        var left = bytes.count
        #if os(Linux)
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var pending = sigset_t()
        sigpending(&pending)
        let alreadyPending = sigismember(&pending, SIGPIPE) == 1
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        defer {
            // Take back the SIGPIPE our own write raised before letting signals through again.
            var now = sigset_t()
            sigpending(&now)
            if !alreadyPending, sigismember(&now, SIGPIPE) == 1 {
                var none = timespec(tv_sec: 0, tv_nsec: 0)
                _ = sigtimedwait(&pipeSignal, nil, &none)
            }
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        #else
        _ = fcntl(fd, F_SETNOSIGPIPE, 1)
        #endif
        while left > 0 {
            let n = Foundation.write(fd, base, left)
            if n < 0, errno == EINTR { continue }
            if n < 0 { return errno }
            if n == 0 { return EIO }
            base += n
            left -= n
        }
        return nil
    }

    // MARK: Deciding how to write

    private enum Plan {
        /// Open `path` itself for writing.
        case inPlace(String, truncate: Bool)
        /// Write a temporary file beside `target` and rename it over; `existing` is its stat.
        case replace(target: String, existing: stat?)
    }

    /// Follows `path` through symlinks to what will be written, and how.
    private static func plan(_ path: String, shown: String) throws -> Plan {
        var current = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(current, &st) == 0 else {
                if errno == ENOENT { return .replace(target: current, existing: nil) }
                throw failure(shown, errno, folder: (current as NSString).deletingLastPathComponent)
            }
            switch st.st_mode & S_IFMT {
            case S_IFLNK:
                // /dev/stdout, /dev/fd/N and /proc/self/fd/N name an open file, not a path.
                if current.hasPrefix("/proc/") || current.hasPrefix("/dev/fd/") {
                    var final = stat()
                    let regular = stat(path, &final) == 0 && final.st_mode & S_IFMT == S_IFREG
                    return .inPlace(path, truncate: regular)
                }
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlink(current, &buffer, buffer.count - 1)
                guard n >= 0 else { throw failure(shown, errno) }
                let destination = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if destination.hasPrefix("/") {
                    current = destination
                } else {
                    let folder = (current as NSString).deletingLastPathComponent
                    current = folder.isEmpty ? destination : (folder as NSString).appendingPathComponent(destination)
                }
            case S_IFREG:
                return .replace(target: current, existing: st)
            case S_IFDIR:
                throw TaskFlowFailure(
                    "is-a-folder", "cannot write \(shown): it is a folder", hint: "give a file name, e.g. \(shown)/out.txt")
            case S_IFBLK:
                throw TaskFlowFailure(
                    "block-device", "cannot write \(shown): it is a block device (a disk)",
                    hint: "TaskFlow writes text files; choose a file path")
            default:
                // A character device, a FIFO or a socket: written as it is.
                return .inPlace(current, truncate: false)
            }
        }
        throw failure(shown, ELOOP)
    }

    // MARK: Errors

    private static func retrying(_ body: () -> Int32) -> Int32 {
        var result: Int32
        repeat { result = body() } while result < 0 && errno == EINTR
        return result
    }

    /// The error for `code` while writing `path`, with a hint fit for the cause.
    static func failure(_ path: String, _ code: Int32, folder: String? = nil) -> TaskFlowFailure {
        let reason = String(cString: strerror(code))
        let hint: String
        switch code {
        case ENOSPC, EDQUOT: hint = "free some space on that disk, or write somewhere else"
        case EACCES, EPERM, EROFS: hint = "check that \(folder.map { "the folder \($0)" } ?? "the file") is writable, or choose another path"
        case ENOENT, ENOTDIR:
            hint = folder.map { "create the folder \($0.isEmpty ? "." : $0) or choose another path" } ?? "check the path"
        case EPIPE: hint = "whatever was reading it stopped"
        case ELOOP: hint = "the path is a loop of symlinks; point it at a file"
        case ENXIO: hint = "nothing is listening there; choose a file path"
        default: hint = "check the path and the disk"
        }
        return TaskFlowFailure("cannot-write", "cannot write \(path): \(reason)", hint: hint)
    }
}
