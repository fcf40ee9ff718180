import TaskFlowPluginAPI

/// Reads records from a CSV or TSV file with a header row (RFC 4180).
///
/// Quoted fields may hold delimiters, `""` escapes and line breaks; rows end at LF or CRLF; a
/// UTF-8 byte-order mark is dropped. A row with the wrong number of fields, characters after a
/// closing quote, or a quote left open at the end of the file is malformed: skipped and reported
/// with the line it starts on, or thrown in strict mode. After a quote left open the reader goes
/// back and reads on from the line after that row's first, so one stray quote costs one row.
public final class CSVDatasetReader: DatasetReader {
    public let columns: [String]
    public var report: ReadReport { bookkeeping.report }
    public let bytesTotal: Int

    private let input: ByteChunkReader
    private var parser: CSVRowParser
    private var bookkeeping: ReadBookkeeping
    private let textIndex: Int
    /// The id column, or `nil` to number the data rows.
    private let idIndex: Int?

    private var chunk: [UInt8] = []
    /// The file offset of `chunk[0]`.
    private var chunkOffset = 0
    /// The next unconsumed index in `chunk`.
    private var position = 0
    private var inputEnded = false
    private var finished = false
    /// Data rows seen, malformed ones included: the default id, stable when a bad row is fixed.
    private var dataRows = 0

    /// Opens `source` as CSV (`,`) or TSV (`"\t"`) and reads its header.
    ///
    /// - Throws: `TaskFlowFailure` for an unreadable or empty file, a malformed header, or an
    ///   unknown text or id column.
    public convenience init(_ source: DatasetSource, delimiter: UInt8 = UInt8(ascii: ",")) throws {
        try self.init(source, delimiter: delimiter, chunkSize: ByteChunkReader.defaultChunkSize)
    }

    init(
        _ source: DatasetSource, delimiter: UInt8, chunkSize: Int, maxRowBytes: Int = 16 << 20
    ) throws {
        input = try ByteChunkReader(path: source.path, chunkSize: chunkSize)
        bytesTotal = input.size
        parser = CSVRowParser(delimiter: delimiter, maxRowBytes: maxRowBytes)
        bookkeeping = ReadBookkeeping(source)
        try input.skipByteOrderMark()

        guard try Self.parseRow(input, &parser, &chunk, &chunkOffset, &position, &inputEnded) else {
            throw TaskFlowFailure.missingHeader(path: source.path)
        }
        if let problem = parser.rowProblem {
            throw TaskFlowFailure.malformedHeader(path: source.path, line: parser.rowLine, reason: problem)
        }
        var header: [String] = []
        for field in 0..<parser.fieldCount {
            header.append(UTF8Text.decode(parser.bytes[parser.fieldRange(field)]).text)
        }
        columns = header

        let textName = source.effectiveTextColumn
        guard let text = DatasetColumns.index(of: textName, in: header) else {
            throw TaskFlowFailure.unknownColumn(path: source.path, role: .text, name: textName, columns: header)
        }
        textIndex = text
        if let idName = source.idColumn {
            guard let id = DatasetColumns.index(of: idName, in: header) else {
                throw TaskFlowFailure.unknownColumn(path: source.path, role: .id, name: idName, columns: header)
            }
            idIndex = id
        } else {
            idIndex = DatasetColumns.index(of: "id", in: header)
        }
        bookkeeping.blankLine(count: parser.blankLines)
        bookkeeping.consumed(upTo: chunkOffset + position)
    }

    public func nextBatch(maxCount: Int) throws -> [Record]? {
        guard !finished else { return nil }
        let wanted = max(1, maxCount)
        var batch: [Record] = []
        batch.reserveCapacity(min(wanted, 4096))
        defer {
            bookkeeping.consumed(upTo: chunkOffset + position)
        }
        while batch.count < wanted {
            if bookkeeping.isExhausted {
                finished = true
                break
            }
            let blanksBefore = parser.blankLines
            let hasRow = try Self.parseRow(input, &parser, &chunk, &chunkOffset, &position, &inputEnded)
            bookkeeping.blankLine(count: parser.blankLines - blanksBefore)
            guard hasRow else {
                finished = true
                break
            }
            dataRows += 1
            if let record = try makeRecord() {
                batch.append(record)
            }
        }
        return batch.isEmpty ? nil : batch
    }

    /// The record for the row just parsed, or `nil` when it is malformed (recorded, or thrown if strict).
    private func makeRecord() throws -> Record? {
        if let problem = parser.rowProblem {
            try bookkeeping.malformed(line: parser.rowLine, reason: problem)
            if parser.rowIsUnterminated {
                try recoverFromUnterminatedQuote()
            }
            return nil
        }
        guard parser.fieldCount == columns.count else {
            try bookkeeping.malformed(
                line: parser.rowLine,
                reason: "expected \(columns.count) fields, found \(parser.fieldCount)")
            return nil
        }
        let (text, textRepaired) = UTF8Text.decode(parser.bytes[parser.fieldRange(textIndex)])
        var id = String(dataRows)
        var idRepaired = false
        if let idIndex {
            (id, idRepaired) = UTF8Text.decode(parser.bytes[parser.fieldRange(idIndex)])
        }
        return bookkeeping.record(id: id, text: text, line: parser.rowLine, repaired: textRepaired || idRepaired)
    }

    /// Reads on from the line after the first line of a row whose quote never closed.
    private func recoverFromUnterminatedQuote() throws {
        guard input.isSeekable else { return }
        try input.seek(to: parser.rowOffset)
        chunk = []
        chunkOffset = parser.rowOffset
        position = 0
        inputEnded = false
        parser.restart(skippingLine: parser.rowLine)
    }

    /// Feeds the parser until it completes a row; false at the end of the input.
    ///
    /// Static over `inout` state so the hot loop touches locals, not class properties.
    private static func parseRow(
        _ input: ByteChunkReader, _ parser: inout CSVRowParser, _ chunk: inout [UInt8],
        _ chunkOffset: inout Int, _ position: inout Int, _ inputEnded: inout Bool
    ) throws -> Bool {
        while true {
            if position >= chunk.count {
                if inputEnded {
                    return parser.finish()
                }
                let start = input.offset
                if let next = try input.nextChunk() {
                    chunk = next
                    chunkOffset = start
                } else {
                    chunk = []
                    chunkOffset = start
                    inputEnded = true
                }
                position = 0
                continue
            }
            let offset = chunkOffset
            let from = position
            let (next, complete) = chunk.withUnsafeBufferPointer {
                parser.consume($0, from: from, fileOffset: offset)
            }
            position = next
            if complete {
                return true
            }
        }
    }
}
