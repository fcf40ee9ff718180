/// An RFC 4180 tokenizer that turns a byte stream into rows of fields, a chunk at a time.
///
/// Bytes go in through `consume(_:from:fileOffset:)` in whatever pieces the file arrives in; the
/// parser keeps its state between pieces, so a chunk may end anywhere (inside a quoted field, a
/// CRLF, a multi-byte character). A completed row's fields live in `bytes`, split by `fieldEnds`,
/// until the next row starts. Lenient where Python's `csv` is: a quote inside an unquoted field is
/// kept literally. Rows end at LF, CRLF or a lone CR; blank lines are counted, not returned.
struct CSVRowParser {
    private enum State {
        /// Nothing of the next row consumed yet (blank lines are skipped here).
        case rowStart
        /// At the start of a field after a delimiter, or the first field of a row.
        case fieldStart
        /// Inside a field that did not start with a quote.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// Just read a quote inside a quoted field: an escaped quote or the closing one.
        case quoteInQuoted
        /// Dropping the rest of a physical line (recovering from an unterminated quote).
        case skippingLine
    }

    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    let delimiter: UInt8
    /// Rows longer than this are rejected instead of buffered (bounds memory on a runaway quote).
    let maxRowBytes: Int

    private var state = State.rowStart
    /// The physical line (1-based) of the next byte.
    private(set) var line = 1
    /// Whether the last byte consumed was a CR that ended a line (so a following LF is its partner).
    private var lastWasCR = false
    /// Blank lines skipped so far.
    private(set) var blankLines = 0

    /// The current row's field contents, concatenated.
    private(set) var bytes: [UInt8] = []
    /// The end offset in `bytes` of each completed field of the current row.
    private(set) var fieldEnds: [Int] = []
    /// The physical line where the current row starts.
    private(set) var rowLine = 0
    /// The file offset of the current row's first byte.
    private(set) var rowOffset = 0
    /// Why the current row is malformed, if it is (the first problem found).
    private(set) var rowProblem: String?
    /// Whether the current row ran into the end of the file inside a quoted field.
    private(set) var rowIsUnterminated = false

    private var quoteLine = 0
    private var overflowed = false

    init(delimiter: UInt8, maxRowBytes: Int = 16 << 20) {
        self.delimiter = delimiter
        self.maxRowBytes = maxRowBytes
    }

    /// The number of fields in the current row.
    var fieldCount: Int { fieldEnds.count }

    /// The byte range of field `index` of the current row within `bytes`.
    func fieldRange(_ index: Int) -> Range<Int> {
        let end = min(fieldEnds[index], bytes.count)
        let start = index == 0 ? 0 : min(fieldEnds[index - 1], end)
        return start..<end
    }

    /// Consumes `buffer[start...]` until a row is complete or the buffer runs out.
    ///
    /// - Parameter fileOffset: the file offset of `buffer[0]`.
    /// - Returns: the index after the last byte consumed, and whether a row is complete.
    mutating func consume(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, fileOffset: Int
    ) -> (next: Int, rowComplete: Bool) {
        let count = buffer.count
        let delimiter = self.delimiter
        let quote = Self.quote, lf = Self.lf, cr = Self.cr
        var i = start
        while i < count {
            let byte = buffer[i]
            switch state {
            case .rowStart:
                if byte == lf {
                    if lastWasCR {
                        lastWasCR = false
                    } else {
                        line += 1
                        blankLines += 1
                    }
                    i += 1
                } else if byte == cr {
                    line += 1
                    blankLines += 1
                    lastWasCR = true
                    i += 1
                } else {
                    beginRow(offset: fileOffset + i)
                    state = .fieldStart
                }

            case .fieldStart:
                if byte == quote {
                    state = .quoted
                    quoteLine = line
                    i += 1
                } else if byte == delimiter {
                    fieldEnds.append(bytes.count)
                    i += 1
                } else if byte == lf || byte == cr {
                    fieldEnds.append(bytes.count)
                    endLine(byte)
                    return (i + 1, true)
                } else {
                    state = .unquoted
                }

            case .unquoted:
                let j = ByteScan.firstIndex(in: buffer, from: i, of: delimiter, lf, cr)
                append(buffer, i..<j)
                guard j < count else { return (count, false) }
                let c = buffer[j]
                i = j + 1
                fieldEnds.append(bytes.count)
                if c == delimiter {
                    state = .fieldStart
                } else {
                    endLine(c)
                    return (i, true)
                }

            case .quoted:
                let j = ByteScan.firstIndex(in: buffer, from: i, of: quote, lf, cr)
                if j > i {
                    append(buffer, i..<j)
                    lastWasCR = false
                }
                guard j < count else { return (count, false) }
                let c = buffer[j]
                i = j + 1
                if c == quote {
                    state = .quoteInQuoted
                    lastWasCR = false
                } else {
                    appendByte(c)
                    if c == cr {
                        line += 1
                        lastWasCR = true
                    } else {
                        if !lastWasCR { line += 1 }
                        lastWasCR = false
                    }
                }

            case .quoteInQuoted:
                if byte == quote {
                    appendByte(quote)
                    state = .quoted
                    i += 1
                } else if byte == delimiter {
                    fieldEnds.append(bytes.count)
                    state = .fieldStart
                    i += 1
                } else if byte == lf || byte == cr {
                    fieldEnds.append(bytes.count)
                    endLine(byte)
                    return (i + 1, true)
                } else {
                    // Like Python's csv: keep the characters, but the row is malformed.
                    if rowProblem == nil {
                        rowProblem = "characters after the closing quote of field \(fieldEnds.count + 1)"
                    }
                    state = .unquoted
                }

            case .skippingLine:
                let j = ByteScan.firstIndex(in: buffer, from: i, of: lf, cr, cr)
                guard j < count else { return (count, false) }
                endLine(buffer[j])
                i = j + 1
            }
        }
        return (count, false)
    }

    /// Ends the input: completes a row cut off by the end of the file, if there is one.
    ///
    /// - Returns: whether a row is complete (the file did not end at a row boundary).
    mutating func finish() -> Bool {
        switch state {
        case .rowStart, .skippingLine:
            state = .rowStart
            return false
        case .fieldStart, .unquoted, .quoteInQuoted:
            fieldEnds.append(bytes.count)
        case .quoted:
            fieldEnds.append(bytes.count)
            rowIsUnterminated = true
            rowProblem = "unterminated quoted field starting at line \(quoteLine)"
        }
        state = .rowStart
        return true
    }

    /// Drops everything up to the end of physical line `line`, then parses on from the next line.
    ///
    /// Used after an unterminated quote: the caller moves the input back to `rowOffset` (the start
    /// of that row) and the rows after its first line are read again, now outside the quote.
    mutating func restart(skippingLine line: Int) {
        state = .skippingLine
        self.line = line
        lastWasCR = false
    }

    private mutating func beginRow(offset: Int) {
        lastWasCR = false
        bytes.removeAll(keepingCapacity: bytes.capacity <= 1 << 20)
        fieldEnds.removeAll(keepingCapacity: true)
        rowLine = line
        rowOffset = offset
        rowProblem = nil
        rowIsUnterminated = false
        overflowed = false
    }

    private mutating func endLine(_ terminator: UInt8) {
        line += 1
        lastWasCR = terminator == Self.cr
        state = .rowStart
    }

    private mutating func append(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard !range.isEmpty, !overflowed else { return }
        if bytes.count + range.count > maxRowBytes {
            markOverflow()
            return
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[range]))
    }

    private mutating func appendByte(_ byte: UInt8) {
        guard !overflowed else { return }
        if bytes.count >= maxRowBytes {
            markOverflow()
            return
        }
        bytes.append(byte)
    }

    private mutating func markOverflow() {
        overflowed = true
        if rowProblem == nil {
            let limit = maxRowBytes >= 1 << 20 ? "\(maxRowBytes >> 20) MiB" : "\(maxRowBytes) bytes"
            rowProblem = "row is longer than \(limit) (a quote left open?)"
        }
    }
}
