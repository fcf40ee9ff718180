/// A value of a column that travels with a record, typed where the data allows.
///
/// Readers type each cell on its own: an empty CSV cell (or JSON `null`) is `.null`; `true` and
/// `false` are booleans; integers without leading zeros are `.int` (a zero-padded code such as
/// `02139` stays text); plain decimals are `.decimal`; ISO-8601 dates and date-times are `.time`
/// (normalised); nested JSON arrays and objects are kept as compact JSON text; anything else is text.
public enum ColumnValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case decimal(Double)
    /// A date (`2024-03-05`) or a date-time with seconds, and its offset when it had one
    /// (`2024-03-05T10:15:00`, `2024-03-05T10:15:00.250Z`, `2024-03-05T10:15:00+01:00`).
    case time(String)
    case text(String)
    /// A JSON array or object, as compact JSON text.
    case json(String)

    /// The value as a person reads it: `""` for null, JSON text for nested values.
    public var text: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .decimal(let d): return String(d)
        case .time(let t), .text(let t), .json(let t): return t
        }
    }

    /// The value as a number, for integers, decimals and booleans (1 or 0).
    public var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .decimal(let d): return d
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// The type's name, as listed by `columns` and stored: `integer`, `decimal`, `boolean`,
    /// `time`, `text`, `json` or `null`.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .decimal: return "decimal"
        case .time: return "time"
        case .text: return "text"
        case .json: return "json"
        }
    }

    /// The value as JSON: numbers and booleans as themselves, times and text as strings,
    /// nested values as what they were.
    public var jsonValue: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .decimal(let d): return .double(d)
        case .time(let t), .text(let t): return .string(t)
        case .json(let j): return (try? JSONParser.parse(j)) ?? .string(j)
        }
    }
}

/// The names of a dataset's extra columns, shared by every record read with them.
///
/// One instance serves a whole file (CSV) or every run of objects with the same keys (JSONL),
/// so a record carries only its values.
public final class ColumnNames: Sendable, Hashable {
    /// The names in file order.
    public let names: [String]
    private let exact: [String: Int]
    private let folded: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var exact: [String: Int] = [:]
        var folded: [String: Int] = [:]
        // The first of repeated names wins, as in the header lookup of the readers.
        for (i, n) in names.enumerated() {
            if exact[n] == nil { exact[n] = i }
            if folded[n.lowercased()] == nil { folded[n.lowercased()] = i }
        }
        self.exact = exact
        self.folded = folded
    }

    /// No extra columns.
    public static let none = ColumnNames([])

    /// The position of `name`: exact spelling first, then ignoring case.
    public func position(of name: String) -> Int? {
        exact[name] ?? folded[name.lowercased()]
    }

    public static func == (a: ColumnNames, b: ColumnNames) -> Bool {
        a === b || a.names == b.names
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(names)
    }
}

/// A record's other columns (beyond its id and text): names shared with the dataset, values its own.
///
/// Values come typed (`init(names:values:)`) or as the cells a reader kept
/// (`init(names:cells:)`), typed when asked for.
public struct RecordColumns: Sendable, Hashable {
    public let names: ColumnNames
    private let storage: Storage

    private enum Storage: Sendable, Hashable {
        case typed([ColumnValue])
        case cells(ColumnCells)
    }

    /// Columns `names` holding `values`, one value per name (missing values are null, extra ones dropped).
    public init(names: ColumnNames, values: [ColumnValue]) {
        self.names = names
        if values.count == names.names.count {
            storage = .typed(values)
        } else {
            storage = .typed(Array((values + Array(repeating: .null, count: max(0, names.names.count - values.count))).prefix(names.names.count)))
        }
    }

    /// Columns `names` holding a reader's cells, one per name, typed when read.
    public init(names: ColumnNames, cells: ColumnCells) {
        precondition(cells.count == names.names.count, "\(cells.count) cells for \(names.names.count) column names")
        self.names = names
        storage = .cells(cells)
    }

    /// No columns.
    public static let none = RecordColumns(names: .none, values: [])

    public var isEmpty: Bool { names.names.isEmpty }
    public var count: Int { names.names.count }

    /// Every value, typed, in column order.
    public var values: [ColumnValue] {
        switch storage {
        case .typed(let v): return v
        case .cells(let c): return (0..<c.count).map(c.value)
        }
    }

    /// The value of column `k`.
    public func value(at k: Int) -> ColumnValue {
        switch storage {
        case .typed(let v): return v[k]
        case .cells(let c): return c.value(k)
        }
    }

    /// The value of column `name` (exact spelling, then any case); nil when there is no such column.
    public subscript(name: String) -> ColumnValue? {
        names.position(of: name).map(value(at:))
    }

    /// Name and value of every column, in order.
    public var pairs: [(name: String, value: ColumnValue)] {
        zip(names.names, values).map { ($0, $1) }
    }

    /// The columns as one JSON object (what stores and per-record outputs write).
    public var jsonObject: JSONValue {
        .object(pairs.map { JSONField($0.name, $0.value.jsonValue) })
    }

    public static func == (a: RecordColumns, b: RecordColumns) -> Bool {
        a.names == b.names && a.values == b.values
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(names)
        hasher.combine(values)
    }
}

extension RecordColumns: Codable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for (name, value) in pairs {
            let key = Key(stringValue: name)
            switch value {
            case .null: try c.encodeNil(forKey: key)
            case .bool(let b): try c.encode(b, forKey: key)
            case .int(let i): try c.encode(i, forKey: key)
            case .decimal(let d): try c.encode(d, forKey: key)
            case .time(let t), .text(let t), .json(let t): try c.encode(t, forKey: key)
            }
        }
    }

    /// Decodes an object of scalar values (nested values come back as text).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        var names: [String] = []
        var values: [ColumnValue] = []
        for key in c.allKeys {
            names.append(key.stringValue)
            if try c.decodeNil(forKey: key) {
                values.append(.null)
            } else if let b = try? c.decode(Bool.self, forKey: key) {
                values.append(.bool(b))
            } else if let i = try? c.decode(Int.self, forKey: key) {
                values.append(.int(i))
            } else if let d = try? c.decode(Double.self, forKey: key) {
                values.append(.decimal(d))
            } else {
                values.append(.text(try c.decode(String.self, forKey: key)))
            }
        }
        self.init(names: ColumnNames(names), values: values)
    }
}
