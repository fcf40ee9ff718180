import TaskFlowPluginAPI

/// Typing the values of the columns that travel with records (the rules are `ColumnValue`'s).
public enum ColumnTyping {
    /// The typed value of a CSV/TSV cell.
    static func value(_ cell: UnsafeBufferPointer<UInt8>) -> ColumnValue {
        ColumnValue(cell: cell)
    }

    /// The typed value of a string from the data (a JSON string): a time when it is one, else text.
    public static func value(ofString s: String) -> ColumnValue {
        ColumnValue(string: s)
    }

    /// The typed value of a top-level JSON field.
    static func value(ofJSON v: JSONValue) -> ColumnValue {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return d.isFinite ? .decimal(d) : .null
        case .string(let s): return ColumnValue(string: s)
        case .array, .object: return .json(v.jsonString)
        }
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
