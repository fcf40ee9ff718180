/// Typing cells of text (a CSV field, a JSON string) into `ColumnValue`s, on bytes.
///
/// Readers classify each cell as they read (no `String` is made for numbers and dates) and keep
/// its bytes; the typed value is made when something asks for it. That keeps carrying columns
/// nearly free for a run that never looks at them.
extension ColumnValue {
    /// The kinds of value, in the order `ColumnValue.typeNames` lists them.
    public enum Kind: Int, Sendable, CaseIterable {
        case null, boolean, integer, decimal, time, text, json
    }

    /// Type names by `Kind` raw value.
    public static let typeNames = ["null", "boolean", "integer", "decimal", "time", "text", "json"]

    /// The kind of this value.
    public var kind: Kind {
        switch self {
        case .null: return .null
        case .bool: return .boolean
        case .int: return .integer
        case .decimal: return .decimal
        case .time: return .time
        case .text: return .text
        case .json: return .json
        }
    }

    /// The kind a cell's bytes have as a typed value (what `init(cell:)` would make), found
    /// without making it.
    public static func kind(ofCell c: UnsafeBufferPointer<UInt8>) -> Kind {
        guard let first = c.first else { return .null }
        if first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) {
            if CellScan.integer(c) != nil { return .integer }
            if CellScan.time(c) != nil { return .time }
            if CellScan.decimal(c) != nil { return .decimal }
        } else if (c.count == 4 || c.count == 5), CellScan.boolean(c) != nil {
            return .boolean
        }
        return .text
    }

    /// The typed value of a CSV/TSV cell: empty is null; `true`/`false`; integers without a
    /// leading zero; plain decimals; ISO-8601 dates and times (normalised); text otherwise
    /// (invalid UTF-8 and NUL characters replaced by U+FFFD).
    public init(cell c: UnsafeBufferPointer<UInt8>) {
        guard let first = c.first else {
            self = .null
            return
        }
        if first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) {
            if let i = CellScan.integer(c) {
                self = .int(i)
                return
            }
            if let t = CellScan.time(c) {
                self = .time(t.normalised(c))
                return
            }
            if let d = CellScan.decimal(c) {
                self = .decimal(d)
                return
            }
        } else if c.count == 4 || c.count == 5, let b = CellScan.boolean(c) {
            self = .bool(b)
            return
        }
        self = .text(CellScan.text(c))
    }

    /// The typed value of a string from the data (a JSON string): a time when it is an
    /// ISO-8601 date or time, else text (NUL characters replaced by U+FFFD).
    public init(string s: String) {
        if let first = s.utf8.first, first >= 0x30, first <= 0x39 {
            var s = s
            if let t = s.withUTF8({ c in CellScan.time(c).map { $0.normalised(c) } }) {
                self = .time(t)
                return
            }
        }
        self = .text(s.utf8.contains(0) ? CellScan.text(Array(s.utf8)) : s)
    }
}

/// Allocation-free scans of a cell's bytes.
enum CellScan {
    static func text(_ c: UnsafeBufferPointer<UInt8>) -> String {
        let s = String(decoding: c, as: UTF8.self)
        guard c.contains(0) else { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 }))
    }

    static func text(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { text($0) }
    }

    /// `true`/`false` in any case.
    static func boolean(_ c: UnsafeBufferPointer<UInt8>) -> Bool? {
        func lower(_ b: UInt8) -> UInt8 { b | 0x20 }
        if c.count == 4, lower(c[0]) == 0x74, lower(c[1]) == 0x72, lower(c[2]) == 0x75, lower(c[3]) == 0x65 { return true }
        if c.count == 5, lower(c[0]) == 0x66, lower(c[1]) == 0x61, lower(c[2]) == 0x6C, lower(c[3]) == 0x73, lower(c[4]) == 0x65 {
            return false
        }
        return nil
    }

    /// An optional minus, then digits without a leading zero (`0` itself is one); nil on overflow.
    static func integer(_ c: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let negative = c[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        guard i < c.count, c.count - i <= 19 else { return nil }
        if c[i] == UInt8(ascii: "0") && c.count - i > 1 { return nil }
        var n = 0
        while i < c.count {
            let d = Int(c[i]) &- 0x30
            guard d >= 0, d <= 9 else { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (a, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            guard !o1, !o2 else { return nil }
            n = a
            i += 1
        }
        return n
    }

    /// `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?` with a fraction or an exponent, finite.
    static func decimal(_ c: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        func digits() -> Int {
            let start = i
            while i < c.count, c[i] >= 0x30, c[i] <= 0x39 { i += 1 }
            return i - start
        }
        if c[0] == UInt8(ascii: "-") { i = 1 }
        let intStart = i
        let whole = digits()
        guard whole > 0, !(whole > 1 && c[intStart] == UInt8(ascii: "0")) else { return nil }
        var marked = false
        if i < c.count, c[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return nil }
            marked = true
        }
        if i < c.count, c[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < c.count, c[i] == UInt8(ascii: "+") || c[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return nil }
            marked = true
        }
        guard marked, i == c.count else { return nil }
        guard let d = Double(String(decoding: c, as: UTF8.self)), d.isFinite else { return nil }
        return d
    }

    /// The parts of an ISO-8601 date or date-time, as found in a cell.
    struct Time {
        var year = 0, month = 0, day = 0
        var hasTime = false
        var hour = 0, minute = 0, second = 0
        /// Where the fraction's digits are in the cell (empty when none).
        var fraction = 0..<0
        /// `Z`, or an offset's sign, hours and minutes (nil: none given).
        var zulu = false
        var offset: (negative: Bool, hours: Int, minutes: Int)?

        init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        /// The normalised text: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS[.f][Z|±HH:MM]`.
        func normalised(_ c: UnsafeBufferPointer<UInt8>) -> String {
            var out: [UInt8] = []
            out.reserveCapacity(36)
            func put(_ n: Int, _ width: Int) {
                var div = 1
                for _ in 1..<width { div *= 10 }
                while div > 0 {
                    out.append(UInt8(0x30 + (n / div) % 10))
                    div /= 10
                }
            }
            put(year, 4); out.append(0x2D); put(month, 2); out.append(0x2D); put(day, 2)
            if hasTime {
                out.append(UInt8(ascii: "T")); put(hour, 2); out.append(0x3A); put(minute, 2); out.append(0x3A); put(second, 2)
                if !fraction.isEmpty {
                    out.append(UInt8(ascii: "."))
                    out += c[fraction]
                }
                if zulu {
                    out.append(UInt8(ascii: "Z"))
                } else if let o = offset {
                    out.append(UInt8(ascii: o.negative ? "-" : "+")); put(o.hours, 2); out.append(0x3A); put(o.minutes, 2)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD` (or `YYYY/MM/DD`), then optionally `T`/space, `HH:MM`, `:SS`, a fraction
    /// and `Z` or an offset (`±HH:MM`, `±HHMM`, `±HH`); out-of-range fields are not times.
    static func time(_ c: UnsafeBufferPointer<UInt8>) -> Time? {
        guard c.count >= 10, c.count <= 40 else { return nil }
        let sep = c[4]
        guard sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/"), c[7] == sep,
            let year = digits(c, 0, 4), let month = digits(c, 5, 2), let day = digits(c, 8, 2),
            month >= 1, month <= 12, day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        var t = Time(year: year, month: month, day: day)
        if c.count == 10 { return t }
        guard c[10] == UInt8(ascii: "T") || c[10] == UInt8(ascii: " ") || c[10] == UInt8(ascii: "t"),
            c.count >= 16, let hour = digits(c, 11, 2), c[13] == UInt8(ascii: ":"), let minute = digits(c, 14, 2), hour <= 23,
            minute <= 59
        else { return nil }
        t.hasTime = true
        t.hour = hour
        t.minute = minute
        var i = 16
        if i < c.count, c[i] == UInt8(ascii: ":") {
            guard let s = digits(c, i + 1, 2), s <= 60 else { return nil }
            t.second = s
            i += 3
        }
        if i < c.count, c[i] == UInt8(ascii: ".") || c[i] == UInt8(ascii: ",") {
            let start = i + 1
            i = start
            while i < c.count, c[i] >= 0x30, c[i] <= 0x39 { i += 1 }
            guard i > start, i - start <= 9 else { return nil }
            t.fraction = start..<i
        }
        guard i < c.count else { return t }
        if c[i] | 0x20 == UInt8(ascii: "z"), i + 1 == c.count {
            t.zulu = true
            return t
        }
        guard c[i] == UInt8(ascii: "+") || c[i] == UInt8(ascii: "-"), let oh = digits(c, i + 1, 2), oh <= 23 else { return nil }
        var om = 0
        switch c.count - (i + 3) {
        case 0: break
        case 2:
            guard let m = digits(c, i + 3, 2), m <= 59 else { return nil }
            om = m
        case 3:
            guard c[i + 3] == UInt8(ascii: ":"), let m = digits(c, i + 4, 2), m <= 59 else { return nil }
            om = m
        default: return nil
        }
        t.offset = (c[i] == UInt8(ascii: "-"), oh, om)
        return t
    }

    /// The number written by `n` digits at `at`; nil past the end or at a non-digit.
    @inline(__always)
    static func digits(_ c: UnsafeBufferPointer<UInt8>, _ at: Int, _ n: Int) -> Int? {
        guard at + n <= c.count else { return nil }
        var v = 0
        for k in at..<(at + n) {
            let d = Int(c[k]) &- 0x30
            guard d >= 0, d <= 9 else { return nil }
            v = v &* 10 &+ d
        }
        return v
    }
}

/// The kept cells of a batch of rows, in one buffer the batch's records share.
public final class ColumnBlock: Sendable {
    /// Per row: its cells' end offsets (little-endian UInt32, relative to its first cell), then
    /// the cells' bytes.
    let bytes: [UInt8]

    /// A block of rows written with `append(_:ranges:to:)`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The size of the buffer in bytes.
    public var bytesCount: Int { bytes.count }

    /// Appends a row's cells, the `ranges` of `base`, to a block being built, and sets
    /// `kinds[k]` to cell k's `ColumnValue.Kind` raw value; returns where the row starts (for
    /// `attach`). One call a row: what a reader does for every row it keeps columns of.
    public static func append(
        _ base: UnsafeBufferPointer<UInt8>, ranges: [Range<Int>], to buffer: inout [UInt8], kinds: inout [Int]
    ) -> Int {
        let offset = buffer.count
        let head = 4 &* ranges.count
        var total = 0
        for r in ranges { total &+= r.count }
        let needed = offset + head + total
        if buffer.capacity < needed { buffer.reserveCapacity(Swift.max(needed, 2 &* buffer.capacity)) }
        buffer.append(contentsOf: repeatElement(0, count: head + total))
        buffer.withUnsafeMutableBytes { out in
            var end = 0
            for k in ranges.indices {
                let r = ranges[k]
                if !r.isEmpty, let src = base.baseAddress {
                    (out.baseAddress! + offset + head + end).copyMemory(from: src + r.lowerBound, byteCount: r.count)
                    kinds[k] = ColumnValue.kind(ofCell: UnsafeBufferPointer(rebasing: base[r])).rawValue
                } else {
                    kinds[k] = 0
                }
                end &+= r.count
                out.storeBytes(of: UInt32(truncatingIfNeeded: end).littleEndian, toByteOffset: offset + 4 &* k, as: UInt32.self)
            }
        }
        return offset
    }

    /// Gives `records[first...]` their columns: row `offsets[i]` of `bytes` (built with
    /// `append`), named `names`, for record `first + i`.
    public static func attach(_ bytes: [UInt8], offsets: [Int], names: ColumnNames, to records: inout [Record], from first: Int = 0) {
        let block = ColumnBlock(bytes)
        let count = names.names.count
        for (i, offset) in offsets.enumerated() {
            records[first + i].columns = RecordColumns(names: names, cells: ColumnCells(block: block, offset: offset, count: count))
        }
    }
}

/// A row's kept cells in a `ColumnBlock`, typed when read: what a reader keeps per record
/// instead of typed values.
public struct ColumnCells: Sendable, Hashable {
    let block: ColumnBlock
    let offset: Int
    public let count: Int

    /// The row at `offset` of `block` (from `ColumnBlock.append`), with `count` cells.
    public init(block: ColumnBlock, offset: Int, count: Int) {
        self.block = block
        self.offset = offset
        self.count = count
    }

    /// The cells at `ranges` of `base`, in a block of their own.
    public init(_ base: UnsafeBufferPointer<UInt8>, ranges: [Range<Int>]) {
        var bytes: [UInt8] = []
        var kinds = Array(repeating: 0, count: ranges.count)
        let offset = ColumnBlock.append(base, ranges: ranges, to: &bytes, kinds: &kinds)
        self.init(block: ColumnBlock(bytes), offset: offset, count: ranges.count)
    }

    private func end(_ k: Int, _ raw: UnsafeRawBufferPointer) -> Int {
        Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4 * k, as: UInt32.self)))
    }

    /// Cell `k`'s bytes, passed to `body`.
    private func withCell<T>(_ k: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        block.bytes.withUnsafeBufferPointer { all in
            let raw = UnsafeRawBufferPointer(all)
            let head = offset + 4 * count
            let start = head + (k == 0 ? 0 : end(k - 1, raw))
            return body(UnsafeBufferPointer(rebasing: all[start..<(head + end(k, raw))]))
        }
    }

    /// Cell `k`'s typed value.
    public func value(_ k: Int) -> ColumnValue {
        withCell(k) { ColumnValue(cell: $0) }
    }

    public static func == (a: ColumnCells, b: ColumnCells) -> Bool {
        a.count == b.count && (0..<a.count).allSatisfy { k in a.withCell(k) { x in b.withCell(k) { y in x.elementsEqual(y) } } }
    }

    public func hash(into hasher: inout Hasher) {
        for k in 0..<count { withCell(k) { hasher.combine(bytes: UnsafeRawBufferPointer($0)) } }
    }
}
