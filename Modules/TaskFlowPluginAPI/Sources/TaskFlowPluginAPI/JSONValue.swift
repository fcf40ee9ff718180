/// A JSON value whose objects keep their key order.
///
/// Analysis results are written with the key order of DESIGN.md (`label`, `score`, `scores`), so
/// objects are ordered lists of fields rather than dictionaries.
@frozen
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONField])

    /// The value of `key` when this is an object that has it.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields.first(where: { $0.key == key })?.value
    }

    /// The number as a `Double` when this is `.int` or `.double`.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The integer when this is `.int`, or a `.double` with no fraction.
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: return Int(d)
        default: return nil
        }
    }

    /// The elements when this is `.array`.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The string when this is `.string`.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Compact JSON text (no spaces), UTF-8 unescaped beyond what JSON requires.
    public var jsonString: String {
        var out = String()
        out.reserveCapacity(64)
        JSONWriter.write(self, into: &out)
        return out
    }
}

/// One field of a JSON object.
public struct JSONField: Sendable, Hashable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// Writes compact JSON.
public enum JSONWriter {
    /// Appends the JSON text of `value` to `out`.
    public static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): writeNumber(d, into: &out)
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, field) in fields.enumerated() {
                if i > 0 { out += "," }
                writeString(field.key, into: &out)
                out += ":"
                write(field.value, into: &out)
            }
            out += "}"
        }
    }

    /// Appends a JSON number: the shortest text that reads back as `d`; `null` when not finite.
    public static func writeNumber(_ d: Double, into out: inout String) {
        guard d.isFinite else { out += "null"; return }
        if d == d.rounded(.towardZero) && abs(d) < 1e15 {
            out += String(Int64(d))
            out += ".0"
        } else {
            out += d.description
        }
    }

    /// Appends a JSON string literal with the escapes JSON requires, and DEL and the C1
    /// controls as `\u` escapes too (still the same string, and safe to print on a terminal).
    public static func writeString(_ s: String, into out: inout String) {
        out += "\""
        var needsEscape = false
        // C2 leads the UTF-8 of U+0080–U+00BF, among them the C1 controls escaped below.
        for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xC2 {
            needsEscape = true
            break
        }
        if !needsEscape {
            out += s
        } else {
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value):
                    // C0 as JSON requires; DEL and C1 too, so the text is safe on a terminal.
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
