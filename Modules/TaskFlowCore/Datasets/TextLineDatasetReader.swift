import TaskFlowPluginAPI

/// Reads one record per line of a text file.
///
/// A record's id is its 1-based physical line number. Lines end at LF or CRLF (or a lone CR);
/// blank lines (empty or only spaces and tabs) are skipped and counted; a UTF-8 byte-order mark
/// is dropped. The source's text and id columns do not apply and are ignored.
public final class TextLineDatasetReader: DatasetReader {
    public let columns = ["text"]
    public var report: ReadReport { bookkeeping.fullReport }
    public let bytesTotal: Int

    private let lines: ByteLineReader
    private var bookkeeping: ReadBookkeeping
    private var finished = false

    /// Opens `source` as a text file, one record per line.
    ///
    /// - Throws: `TaskFlowFailure` when the file cannot be read.
    public convenience init(_ source: DatasetSource) throws {
        try self.init(source, chunkSize: ByteChunkReader.defaultChunkSize)
    }

    init(_ source: DatasetSource, chunkSize: Int, maxLineBytes: Int = 16 << 20) throws {
        let input = try ByteChunkReader(path: source.path, chunkSize: chunkSize)
        try input.skipByteOrderMark()
        bytesTotal = input.size
        lines = ByteLineReader(input, maxLineBytes: maxLineBytes)
        bookkeeping = ReadBookkeeping(source)
    }

    public func contentHash() throws -> String? {
        try lines.input.contentHash()
    }

    public func nextBatch(maxCount: Int) throws -> [Record]? {
        guard !finished else { return nil }
        let wanted = max(1, maxCount)
        var batch: [Record] = []
        batch.reserveCapacity(min(wanted, 4096))
        defer {
            bookkeeping.consumed(upTo: lines.offset)
        }
        while batch.count < wanted {
            guard !bookkeeping.isExhausted, try lines.nextLine() else {
                finished = true
                break
            }
            if lines.isBlank {
                bookkeeping.blankLine()
                continue
            }
            if lines.overflowed {
                try bookkeeping.malformed(
                    line: lines.line, reason: "line is longer than \(lines.maxLineBytes) bytes")
                continue
            }
            let (text, repaired) = lines.bytes.withUnsafeBufferPointer { UTF8Text.decode($0) }
            batch.append(bookkeeping.record(id: String(lines.line), text: text, line: lines.line, repaired: repaired))
        }
        return batch.isEmpty ? nil : batch
    }
}
