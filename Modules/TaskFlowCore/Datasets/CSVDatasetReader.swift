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
    public var report: ReadReport { cursor.bookkeeping.fullReport }
    public let bytesTotal: Int

    /// All mutable state, in one value so a batch is parsed without per-row class accesses.
    private var cursor: Cursor

    /// Opens `source` and reads its header.
    ///
    /// - Parameter delimiter: the field separator; `nil` means a tab for TSV (the source's format,
    ///   or its extension) and a comma otherwise.
    /// - Throws: `TaskFlowFailure` for an unreadable or empty file, a malformed header, or an
    ///   unknown text or id column.
    public convenience init(_ source: DatasetSource, delimiter: UInt8? = nil) throws {
        let format = source.format ?? (try? DatasetFormat.infer(fromPath: source.path))
        let separator = delimiter ?? UInt8(ascii: format == .tsv ? "\t" : ",")
        try self.init(source, delimiter: separator, chunkSize: ByteChunkReader.defaultChunkSize)
    }

    init(
        _ source: DatasetSource, delimiter: UInt8, chunkSize: Int, maxRowBytes: Int = 16 << 20
    ) throws {
        let input = try ByteChunkReader(path: source.path, chunkSize: chunkSize)
        try input.skipByteOrderMark()
        var cursor = Cursor(
            input: input, parser: CSVRowParser(delimiter: delimiter, maxRowBytes: maxRowBytes),
            bookkeeping: ReadBookkeeping(source))

        guard try cursor.parseRow() else {
            throw TaskFlowFailure.missingHeader(path: source.path)
        }
        if let problem = cursor.parser.rowProblem {
            throw TaskFlowFailure.malformedHeader(path: source.path, line: cursor.parser.rowLine, reason: problem)
        }
        let header = (0..<cursor.parser.fieldCount).map { cursor.decodeField($0).text }

        let textName = source.effectiveTextColumn
        guard let textIndex = DatasetColumns.index(of: textName, in: header) else {
            throw TaskFlowFailure.unknownColumn(path: source.path, role: .text, name: textName, columns: header)
        }
        if let idName = source.idColumn {
            guard let idIndex = DatasetColumns.index(of: idName, in: header) else {
                throw TaskFlowFailure.unknownColumn(path: source.path, role: .id, name: idName, columns: header)
            }
            cursor.idIndex = idIndex
        } else {
            cursor.idIndex = DatasetColumns.index(of: "id", in: header)
        }
        cursor.textIndex = textIndex
        cursor.columnCount = header.count
        let kept = try DatasetColumns.kept(source.columns, header: header, excluding: [textIndex, cursor.idIndex], path: source.path)
        cursor.keptIndices = kept
        cursor.keptNames = ColumnNames(kept.map { header[$0] })
        cursor.bookkeeping.keep(columns: cursor.keptNames.names)
        cursor.bookkeeping.header(header)
        cursor.noteProgress()

        columns = header
        bytesTotal = input.size
        self.cursor = cursor
    }

    public func contentHash() throws -> String? {
        try cursor.input.contentHash()
    }

    public func nextBatch(maxCount: Int) throws -> [Record]? {
        try cursor.nextBatch(maxCount: maxCount)
    }
}

extension CSVDatasetReader {
    /// The file position, the parser and the counts: everything a batch changes.
    private struct Cursor {
        let input: ByteChunkReader
        var parser: CSVRowParser
        var bookkeeping: ReadBookkeeping
        var textIndex = 0
        /// The id column, or `nil` to number the data rows.
        var idIndex: Int?
        var columnCount = 0
        /// The positions of the columns kept with each record, and their names.
        var keptIndices: [Int] = [] {
            didSet {
                keptRanges = Array(repeating: 0..<0, count: keptIndices.count)
                keptKinds = Array(repeating: 0, count: keptIndices.count)
            }
        }
        var keptNames = ColumnNames.none
        /// Where the kept cells are in the current row, and their kinds (reused from row to row).
        var keptRanges: [Range<Int>] = []
        var keptKinds: [Int] = []
        /// The kept cells of the batch being read, and where each record's start.
        var blockBytes: [UInt8] = []
        var blockOffsets: [Int] = []

        var chunk: [UInt8] = []
        /// The file offset of `chunk[0]`.
        var chunkOffset = 0
        /// The next unconsumed index in `chunk`.
        var position = 0
        var inputEnded = false
        var finished = false
        /// Data rows seen, malformed ones included: the default id, stable when a bad row is fixed.
        var dataRows = 0
        var blankLinesCounted = 0

        init(input: ByteChunkReader, parser: CSVRowParser, bookkeeping: ReadBookkeeping) {
            self.input = input
            self.parser = parser
            self.bookkeeping = bookkeeping
        }

        mutating func nextBatch(maxCount: Int) throws -> [Record]? {
            guard !finished else { return nil }
            let wanted = max(1, maxCount)
            var batch: [Record] = []
            batch.reserveCapacity(min(wanted, 4096))
            defer { noteProgress() }
            while batch.count < wanted {
                guard !bookkeeping.isExhausted, try parseRow() else {
                    finished = true
                    break
                }
                dataRows += 1
                if let record = try makeRecord() {
                    batch.append(record)
                }
            }
            if !keptIndices.isEmpty, !blockOffsets.isEmpty {
                // One buffer of cells for the whole batch: no allocation per record.
                let size = blockBytes.count
                ColumnBlock.attach(blockBytes, offsets: blockOffsets, names: keptNames, to: &batch)
                blockBytes = []
                blockBytes.reserveCapacity(size)
                blockOffsets.removeAll(keepingCapacity: true)
            }
            return batch.isEmpty ? nil : batch
        }

        /// Brings the report's byte and blank-line counts up to date.
        mutating func noteProgress() {
            bookkeeping.blankLine(count: parser.blankLines - blankLinesCounted)
            blankLinesCounted = parser.blankLines
            bookkeeping.consumed(upTo: chunkOffset + position)
        }

        func decodeField(_ index: Int) -> (text: String, repaired: Bool) {
            UTF8Text.decode(parser.bytes[parser.fieldRange(index)])
        }

        /// The record for the row just parsed, or `nil` when it is malformed (recorded, or thrown if strict).
        private mutating func makeRecord() throws -> Record? {
            if let problem = parser.rowProblem {
                if parser.rowIsUnterminated {
                    noteProgress()
                }
                try bookkeeping.malformed(line: parser.rowLine, reason: problem)
                if parser.rowIsUnterminated {
                    try recoverFromUnterminatedQuote()
                }
                return nil
            }
            guard parser.fieldCount == columnCount else {
                try bookkeeping.malformed(
                    line: parser.rowLine, reason: "expected \(columnCount) fields, found \(parser.fieldCount)")
                return nil
            }
            let (text, textRepaired) = decodeField(textIndex)
            let id: String
            var idRepaired = false
            if let idIndex {
                (id, idRepaired) = decodeField(idIndex)
            } else {
                id = String(dataRows)
            }
            var columns = RecordColumns.none
            if !keptIndices.isEmpty {
                // The cells' kinds are counted now; their values are made when asked for.
                let bytes = parser.bytes
                let line = parser.rowLine
                for (j, k) in keptIndices.enumerated() { keptRanges[j] = parser.fieldRange(k) }
                bytes.withUnsafeBufferPointer { all in
                    // Into the batch's block; `nextBatch` gives each record its place once the block is whole.
                    blockOffsets.append(ColumnBlock.append(all, ranges: keptRanges, to: &blockBytes, kinds: &keptKinds))
                    for j in keptKinds.indices {
                        bookkeeping.tally(column: j, kind: keptKinds[j], line: line) { ColumnValue(cell: UnsafeBufferPointer(rebasing: all[keptRanges[j]])).text }
                    }
                }
            }
            return bookkeeping.record(
                id: id, text: text, line: parser.rowLine, repaired: textRepaired || idRepaired,
                idFromData: idIndex != nil, columns: columns)
        }

        /// Reads on from the line after the first line of a row whose quote never closed.
        private mutating func recoverFromUnterminatedQuote() throws {
            guard input.isSeekable else { return }
            try input.seek(to: parser.rowOffset)
            chunk = []
            chunkOffset = parser.rowOffset
            position = 0
            inputEnded = false
            parser.restart(skippingLine: parser.rowLine)
        }

        /// Feeds the parser until it completes a row; false at the end of the input.
        mutating func parseRow() throws -> Bool {
            while true {
                if position >= chunk.count {
                    if inputEnded {
                        return parser.finish()
                    }
                    try input.refill(&chunk, offset: &chunkOffset, ended: &inputEnded)
                    position = 0
                    continue
                }
                let (next, complete) = chunk.withUnsafeBufferPointer { [offset = chunkOffset, from = position] in
                    parser.consume($0, from: from, fileOffset: offset)
                }
                position = next
                if complete {
                    return true
                }
            }
        }
    }
}
