import Crypto
import Foundation
import TaskFlowPluginAPI

/// Reads a file front to back in chunks of bytes.
///
/// The only part of the dataset readers that touches the file. One owner; not `Sendable`.
final class ByteChunkReader {
    /// The read size used unless a test asks for another.
    static let defaultChunkSize = 256 * 1024

    /// The path as the user gave it, for messages.
    let path: String
    /// The file size in bytes (0 for a pipe or other non-regular file).
    let size: Int
    /// Whether `seek(to:)` works (a regular file).
    let isSeekable: Bool
    /// File offset of the next byte `nextChunk()` returns.
    private(set) var offset = 0

    private let chunkSize: Int
    private let handle: FileHandle
    /// Bytes already read while looking for a byte-order mark, returned before any new read.
    private var readAhead: [UInt8] = []

    /// Opens `path` for reading.
    ///
    /// - Throws: `TaskFlowFailure` when the file is missing, a directory, or unreadable.
    init(path: String, chunkSize: Int = ByteChunkReader.defaultChunkSize) throws {
        if path == DatasetSource.standardInput {
            self.path = "standard input"
            handle = FileHandle.standardInput
            self.chunkSize = max(1, chunkSize)
            isSeekable = false
            size = 0
            return
        }
        try Self.checkReadable(path)
        let resolved = Self.resolve(path)
        guard let handle = FileHandle(forReadingAtPath: resolved) else {
            throw TaskFlowFailure.unreadableFile(path: path, reason: "permission denied")
        }
        // fstat of the file just opened: `attributesOfItem` would also look up the owner's user
        // and group names (reading /etc/passwd and /etc/group) on every open.
        var info = stat()
        let isRegular = fstat(handle.fileDescriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        self.path = path
        self.handle = handle
        self.chunkSize = max(1, chunkSize)
        self.isSeekable = isRegular
        self.size = isRegular ? Int(info.st_size) : 0
    }

    deinit {
        try? handle.close()
    }

    /// Replaces a used-up `chunk` with the next one and its file `offset`; at the end of the
    /// input the chunk is empty and `ended` is set. (The refill step both byte readers share.)
    func refill(_ chunk: inout [UInt8], offset: inout Int, ended: inout Bool) throws {
        let start = self.offset
        if let next = try nextChunk() {
            chunk = next
        } else {
            chunk = []
            ended = true
        }
        offset = start
    }

    /// Checks that `path` names a readable file, throwing the failure a user should see if not.
    static func checkReadable(_ path: String) throws {
        if path == DatasetSource.standardInput { return }
        let resolved = resolve(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else {
            throw TaskFlowFailure.fileNotFound(path: path)
        }
        if isDirectory.boolValue {
            throw TaskFlowFailure.notAFile(path: path)
        }
        guard FileManager.default.isReadableFile(atPath: resolved) else {
            throw TaskFlowFailure.unreadableFile(path: path, reason: "permission denied")
        }
    }

    private static func resolve(_ path: String) -> String {
        path.hasPrefix("~") ? NSString(string: path).expandingTildeInPath : path
    }

    /// The next chunk of the file, never empty; `nil` at the end.
    func nextChunk() throws -> [UInt8]? {
        if !readAhead.isEmpty {
            defer { readAhead = [] }
            offset += readAhead.count
            return readAhead
        }
        let data: Data?
        do {
            data = try handle.read(upToCount: chunkSize)
        } catch {
            throw TaskFlowFailure.readFailed(path: path, error: error)
        }
        guard let data, !data.isEmpty else { return nil }
        offset += data.count
        return [UInt8](data)
    }

    /// SHA-256 (hex) of the whole file, read through the open descriptor without moving the read
    /// position; nil for input that cannot be read twice (a pipe, a terminal).
    ///
    /// - Throws: `TaskFlowFailure` on a read error.
    func contentHash() throws -> String? {
        guard isSeekable else { return nil }
        let fd = handle.fileDescriptor
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var position: off_t = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, position) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw TaskFlowFailure.readFailed(path: path, error: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
            }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<n])) }
            position += off_t(n)
        }
        return hasher.finalize().map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    /// Skips a UTF-8 byte-order mark at the start of the file, and refuses UTF-16 and UTF-32.
    ///
    /// Call before the first `nextChunk()`.
    func skipByteOrderMark() throws {
        while readAhead.count < 4 {
            let data: Data?
            do {
                data = try handle.read(upToCount: 4 - readAhead.count)
            } catch {
                throw TaskFlowFailure.readFailed(path: path, error: error)
            }
            guard let data, !data.isEmpty else { break }
            readAhead.append(contentsOf: data)
        }
        let head = readAhead
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            readAhead.removeFirst(3)
            offset = 3
        } else if head.starts(with: [0xFF, 0xFE, 0, 0]) || head.starts(with: [0, 0, 0xFE, 0xFF]) {
            throw TaskFlowFailure.unsupportedEncoding(path: path, encoding: "UTF-32")
        } else if head.starts(with: [0xFF, 0xFE]) {
            throw TaskFlowFailure.unsupportedEncoding(path: path, encoding: "UTF-16LE")
        } else if head.starts(with: [0xFE, 0xFF]) {
            throw TaskFlowFailure.unsupportedEncoding(path: path, encoding: "UTF-16BE")
        }
    }

    /// Moves to `offset`, so the next chunk starts there. Only for seekable files.
    func seek(to newOffset: Int) throws {
        do {
            try handle.seek(toOffset: UInt64(newOffset))
        } catch {
            throw TaskFlowFailure.readFailed(path: path, error: error)
        }
        readAhead = []
        offset = newOffset
    }
}
