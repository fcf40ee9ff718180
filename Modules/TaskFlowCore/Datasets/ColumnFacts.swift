import TaskFlowPluginAPI

/// What a reader saw in one of the columns that travel with records: its type and any values
/// that did not fit it.
public struct ColumnFacts: Sendable, Hashable, Codable {
    /// The column's name as the file spells it.
    public var name: String
    /// The type most of its non-empty values have (`ColumnValue.typeName`); `null` when all are empty.
    public var type: String
    /// How many values of each type were read (`null` counts empty cells and missing fields).
    public var counts: [String: Int]
    /// The first non-empty value of another type than `type`, when there is one.
    public var firstOther: OddValue?

    /// A value that does not fit its column's type, and where it is.
    public struct OddValue: Sendable, Hashable, Codable {
        public var line: Int
        public var value: String
        public var type: String
    }

    public init(name: String, type: String, counts: [String: Int], firstOther: OddValue? = nil) {
        self.name = name
        self.type = type
        self.counts = counts
        self.firstOther = firstOther
    }

    /// Non-empty values not of `type`.
    public var others: Int {
        counts.filter { $0.key != type && $0.key != "null" }.values.reduce(0, +)
    }

    /// A warning when a typed column (numbers, booleans, times) holds values of another type;
    /// nil for a column that is consistent (or text, which holds anything).
    public var warning: String? {
        guard let odd = firstOther, type != "text", type != "json", type != "null" else { return nil }
        let n = others
        let what: String
        switch type {
        case "time": what = "ISO-8601 dates or times (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS)"
        case "integer", "decimal": what = "numbers"
        case "boolean": what = "true or false"
        default: what = type
        }
        let shown = odd.value.count > 40 ? String(odd.value.prefix(39)) + "…" : odd.value
        let verb = n == 1 ? "is" : "are"
        return "column \"\(name)\" is mostly \(type) but \(n) value\(n == 1 ? "" : "s") \(verb) not \(what) "
            + "(first on line \(odd.line): \"\(shown)\"); \(n == 1 ? "it is" : "they are") kept as \(odd.type) and left out of \(type) views"
    }
}

/// Counting the types of one column's values as they are read.
struct ColumnTally {
    static let typeNames = ColumnValue.typeNames

    let name: String
    var counts = [Int](repeating: 0, count: 7)
    /// Per type, the line and text of its first value.
    var first = [(line: Int, value: String)?](repeating: nil, count: 7)
    /// The kinds met so far, a bit each.
    private var seen: UInt8 = 0

    init(name: String) { self.name = name }

    mutating func add(_ value: ColumnValue, line: Int) {
        add(value.kind, line: line) { value.text }
    }

    /// Counts a value of `kind`; `sample` makes its text, asked for only the first of a kind.
    @inline(__always)
    mutating func add(_ kind: ColumnValue.Kind, line: Int, sample: () -> String) {
        let k = kind.rawValue
        counts[k] += 1
        if seen & (1 << k) == 0 {
            seen |= 1 << k
            first[k] = (line, sample())
        }
    }

    /// Adds `n` values missing from records (a JSONL object without the field).
    mutating func addMissing(_ n: Int) {
        counts[0] += n
    }

    var facts: ColumnFacts {
        var dict: [String: Int] = [:]
        for (k, c) in counts.enumerated() where c > 0 { dict[Self.typeNames[k]] = c }
        // Integers among decimals are decimals: a price column of 3, 4.5 and 10 is one type.
        var effective = counts
        if counts[3] > 0 { effective[3] += effective[2]; effective[2] = 0 }
        var dominant = 0
        for k in 1..<7 where effective[k] > (dominant == 0 ? 0 : effective[dominant]) { dominant = k }
        var odd: ColumnFacts.OddValue?
        for k in 1..<7 where k != dominant && effective[k] > 0 {
            if let f = first[k], odd == nil || f.line < odd!.line {
                odd = ColumnFacts.OddValue(line: f.line, value: f.value, type: Self.typeNames[k])
            }
        }
        return ColumnFacts(name: name, type: Self.typeNames[dominant], counts: dict, firstOther: odd)
    }
}
