/// Splits a file into physical lines (ending at LF, CRLF or a lone CR), a chunk at a time.
///
/// The current line's bytes, without its terminator, live in `bytes` until the next call.
final class ByteLineReader {
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    /// Lines longer than this are cut off and flagged instead of buffered whole.
    let maxLineBytes: Int
    /// The current line, without its terminator (at most `maxLineBytes` of it).
    private(set) var bytes: [UInt8] = []
    /// The physical line number (1-based) of the current line.
    private(set) var line = 0
    /// Whether the current line was longer than `maxLineBytes`.
    private(set) var overflowed = false

    /// The file the lines come from.
    let input: ByteChunkReader
    private var chunk: [UInt8] = []
    private var position = 0
    private var chunkOffset = 0
    private var inputEnded = false
    private var lastWasCR = false

    init(_ input: ByteChunkReader, maxLineBytes: Int = 16 << 20) {
        self.input = input
        self.maxLineBytes = maxLineBytes
    }

    /// The file offset just after the bytes consumed so far.
    var offset: Int { chunkOffset + position }

    /// Moves to the next line; false at the end of the file.
    func nextLine() throws -> Bool {
        bytes.removeAll(keepingCapacity: bytes.capacity <= 1 << 20)
        overflowed = false
        var started = false
        while true {
            if position >= chunk.count {
                if inputEnded {
                    if started {
                        line += 1
                    }
                    return started
                }
                try input.refill(&chunk, offset: &chunkOffset, ended: &inputEnded)
                position = 0
                continue
            }
            let ended = chunk.withUnsafeBufferPointer { buffer -> Bool in
                var i = position
                if lastWasCR {
                    lastWasCR = false
                    if buffer[i] == Self.lf {
                        i += 1
                        if i == buffer.count {
                            position = i
                            return false
                        }
                    }
                }
                started = true
                let j = ByteScan.firstIndex(in: buffer, from: i, of: Self.lf, Self.cr, Self.cr)
                append(UnsafeBufferPointer(rebasing: buffer[i..<j]))
                guard j < buffer.count else {
                    position = j
                    return false
                }
                lastWasCR = buffer[j] == Self.cr
                position = j + 1
                return true
            }
            if ended {
                line += 1
                return true
            }
        }
    }

    private func append(_ piece: UnsafeBufferPointer<UInt8>) {
        guard !piece.isEmpty, !overflowed else { return }
        let room = maxLineBytes - bytes.count
        if piece.count > room {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: piece[..<max(0, room)]))
            overflowed = true
        } else {
            bytes.append(contentsOf: piece)
        }
    }

    /// Whether the current line is empty or only ASCII spaces and tabs.
    var isBlank: Bool {
        bytes.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }
}
