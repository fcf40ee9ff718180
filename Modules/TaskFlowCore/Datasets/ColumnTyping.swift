import TaskFlowPluginAPI

/// Typing the cells of the columns that travel with records (see `ColumnValue` for the rules).
///
/// Works on bytes so that numbers and dates never become a `String` first: the text-only path
/// stays as fast as it was, and a numeric column costs a scan of its digits.
public enum ColumnTyping {
    /// The typed value of a CSV/TSV cell; `repaired` when invalid UTF-8 was replaced in text.
    static func value(_ cell: UnsafeBufferPointer<UInt8>) -> (value: ColumnValue, repaired: Bool) {
        guard let first = cell.first else { return (.null, false) }
        if first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) {
            if let i = integer(cell) { return (.int(i), false) }
            if let t = time(cell) { return (.time(t), false) }
            if let d = decimal(cell) { return (.decimal(d), false) }
        } else if cell.count == 4 || cell.count == 5, let b = boolean(cell) {
            return (.bool(b), false)
        }
        let (text, repaired) = UTF8Text.decode(cell)
        return (.text(NULCharacters.occur(in: text) ? NULCharacters.replaced(in: text) : text), repaired)
    }

    /// The typed value of a string from the data (a JSON string): a time when it is one, else text.
    public static func value(ofString s: String) -> ColumnValue {
        var s = s
        if let first = s.utf8.first, first >= 0x30, first <= 0x39,
            let t = s.withUTF8({ time($0) })
        {
            return .time(t)
        }
        if NULCharacters.occur(in: s) { s = NULCharacters.replaced(in: s) }
        return .text(s)
    }

    /// The typed value of a top-level JSON field.
    static func value(ofJSON v: JSONValue) -> ColumnValue {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return d.isFinite ? .decimal(d) : .null
        case .string(let s): return value(ofString: s)
        case .array, .object: return .json(v.jsonString)
        }
    }

    /// `true`/`false` in any case.
    private static func boolean(_ c: UnsafeBufferPointer<UInt8>) -> Bool? {
        func lower(_ b: UInt8) -> UInt8 { b | 0x20 }
        if c.count == 4, lower(c[0]) == 0x74, lower(c[1]) == 0x72, lower(c[2]) == 0x75, lower(c[3]) == 0x65 { return true }
        if c.count == 5, lower(c[0]) == 0x66, lower(c[1]) == 0x61, lower(c[2]) == 0x6C, lower(c[3]) == 0x73,
            lower(c[4]) == 0x65
        {
            return false
        }
        return nil
    }

    /// An integer: an optional minus, then digits without a leading zero (`0` itself is one);
    /// nil when it overflows 64 bits.
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

    /// A plain decimal: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?` with a fraction or an
    /// exponent, finite.
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

    /// An ISO-8601 date or date-time, normalised: `YYYY-MM-DD` (also `YYYY/MM/DD`), then
    /// optionally `T` or a space, `HH:MM`, `:SS`, a fraction and `Z` or an offset (`±HH:MM`,
    /// `±HHMM`, `±HH`). Out-of-range fields (month 13, 31 April, 25 o'clock) are not times.
    static func time(_ c: UnsafeBufferPointer<UInt8>) -> String? {
        guard c.count >= 10, c.count <= 40 else { return nil }
        func num(_ at: Int, _ n: Int) -> Int? {
            var v = 0
            for k in at..<(at + n) {
                guard k < c.count else { return nil }
                let d = Int(c[k]) &- 0x30
                guard d >= 0, d <= 9 else { return nil }
                v = v * 10 + d
            }
            return v
        }
        let sep = c[4]
        guard sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/"), c[7] == sep,
            let year = num(0, 4), let month = num(5, 2), let day = num(8, 2),
            (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year)
        else { return nil }
        var out = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        if c.count == 10 { return out }
        guard c[10] == UInt8(ascii: "T") || c[10] == UInt8(ascii: " ") || c[10] == UInt8(ascii: "t"),
            let hour = num(11, 2), c.count > 13, c[13] == UInt8(ascii: ":"), let minute = num(14, 2),
            hour <= 23, minute <= 59
        else { return nil }
        var i = 16
        var second = 0
        if i < c.count, c[i] == UInt8(ascii: ":") {
            guard let s = num(i + 1, 2), s <= 60 else { return nil }
            second = s
            i += 3
        }
        out += "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        if i < c.count, c[i] == UInt8(ascii: ".") || c[i] == UInt8(ascii: ",") {
            let start = i + 1
            i = start
            while i < c.count, c[i] >= 0x30, c[i] <= 0x39 { i += 1 }
            guard i > start, i - start <= 9 else { return nil }
            out += "." + String(decoding: UnsafeBufferPointer(rebasing: c[start..<i]), as: UTF8.self)
        }
        guard i < c.count else { return out }
        if c[i] | 0x20 == UInt8(ascii: "z"), i + 1 == c.count { return out + "Z" }
        guard c[i] == UInt8(ascii: "+") || c[i] == UInt8(ascii: "-"), let oh = num(i + 1, 2), oh <= 23 else { return nil }
        var om = 0
        switch c.count - (i + 3) {
        case 0: break
        case 2: guard let m = num(i + 3, 2), m <= 59 else { return nil }; om = m
        case 3: guard c[i + 3] == UInt8(ascii: ":"), let m = num(i + 4, 2), m <= 59 else { return nil }; om = m
        default: return nil
        }
        return out + (c[i] == UInt8(ascii: "+") ? "+" : "-") + pad(oh, 2) + ":" + pad(om, 2)
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

/// Calendar arithmetic on proleptic Gregorian dates, without Foundation's calendars (which are
/// slow and time-zone-bound): what grouping by day, week and month needs.
public enum CivilDate {
    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a date.
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01.
    public static func date(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Year, month and day of a normalised time (`ColumnValue.time`), as written (the local date).
    public static func parts(ofTime t: String) -> (year: Int, month: Int, day: Int)? {
        let u = Array(t.utf8.prefix(10))
        guard u.count == 10 else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for k in r {
                let d = Int(u[k]) &- 0x30
                guard d >= 0, d <= 9 else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
        return (y, m, d)
    }

    /// The Monday that starts the ISO week of a date, as `YYYY-MM-DD`.
    public static func weekStart(year: Int, month: Int, day: Int) -> String {
        let n = days(year: year, month: month, day: day)
        // 1970-01-01 was a Thursday: weekday 0 = Monday.
        let weekday = ((n % 7) + 7 + 3) % 7
        let monday = date(days: n - weekday)
        return format(monday.year, monday.month, monday.day)
    }

    public static func format(_ y: Int, _ m: Int, _ d: Int) -> String {
        let ys = String(y), ms = String(m), ds = String(d)
        return String(repeating: "0", count: max(0, 4 - ys.count)) + ys + "-" + (ms.count < 2 ? "0" : "") + ms + "-"
            + (ds.count < 2 ? "0" : "") + ds
    }
}
