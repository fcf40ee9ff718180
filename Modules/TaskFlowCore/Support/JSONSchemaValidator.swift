import Foundation
import TaskFlowPluginAPI

/// Checks a JSON value against a JSON Schema (the 2020-12 keywords that describe data).
///
/// Used for language models' structured replies and for the JSON report's own schema. It
/// knows `type` (one or a list), `enum`, `const`, `properties`, `required`,
/// `additionalProperties`, `items`, `prefixItems`, `minItems`/`maxItems`, `uniqueItems`,
/// `minLength`/`maxLength`, `pattern`-free string checks, `minimum`/`maximum` (and the
/// exclusive forms), `multipleOf`, `allOf`/`anyOf`/`oneOf`/`not`, and local references
/// (`$ref` to `#/$defs/NAME` or `#/definitions/NAME`). Annotations (`title`, `description`,
/// `format`, `$schema`, `$id`, `examples`, `default`) are ignored, as the standard allows.
/// Unknown keywords are ignored too, so a schema never fails to load.
public struct JSONSchemaValidator: Sendable {
    /// One place where the value breaks the schema.
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        /// A JSON Pointer to the offending value (`/findings/0/records`), `""` for the root.
        public var path: String
        public var message: String

        public var description: String { (path.isEmpty ? "(root)" : path) + ": " + message }
    }

    public let schema: JSONValue
    /// Stops after this many violations.
    public var limit = 20

    public init(schema: JSONValue) {
        self.schema = schema
    }

    /// Every violation (up to `limit`); empty when the value conforms.
    public func violations(of value: JSONValue) -> [Violation] {
        var out: [Violation] = []
        check(value, against: schema, path: "", depth: 0, into: &out)
        return out
    }

    /// Whether the value conforms.
    public func validates(_ value: JSONValue) -> Bool { violations(of: value).isEmpty }

    private func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#") else { return nil }
        if ref == "#" { return schema }
        var node = schema
        for raw in ref.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let i = Int(key), case .array(let a) = node, i >= 0, i < a.count {
                node = a[i]
            } else if let next = node[key] {
                node = next
            } else {
                return nil
            }
        }
        return node
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func check(_ value: JSONValue, against schema: JSONValue, path: String, depth: Int, into out: inout [Violation]) {
        guard out.count < limit else { return }
        func fail(_ message: String) { if out.count < limit { out.append(Violation(path: path, message: message)) } }
        switch schema {
        case .bool(let b):
            if !b { fail("no value is allowed here") }
            return
        case .object: break
        default: return
        }
        guard depth < 64 else {
            fail("the schema nests too deeply (a reference loop?)")
            return
        }
        if let ref = schema["$ref"]?.stringValue {
            if let target = resolve(ref) {
                check(value, against: target, path: path, depth: depth + 1, into: &out)
            } else {
                fail("the schema refers to \(ref), which it does not define")
            }
        }
        if let t = schema["type"] {
            let allowed: [String] = t.stringValue.map { [$0] } ?? (t.arrayValue ?? []).compactMap(\.stringValue)
            if !allowed.isEmpty, !allowed.contains(where: { Self.value(value, hasType: $0) }) {
                fail("expected \(allowed.joined(separator: " or ")), found \(Self.typeName(value))")
                return
            }
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(where: { Self.equal($0, value) }) {
            fail("expected one of " + options.prefix(8).map(\.jsonString).joined(separator: ", ") + ", found \(Self.brief(value))")
        }
        if let c = schema["const"], !Self.equal(c, value) {
            fail("expected \(c.jsonString), found \(Self.brief(value))")
        }
        switch value {
        case .object(let fields):
            let props: [JSONField]
            if case .object(let p) = schema["properties"] ?? .null { props = p } else { props = [] }
            for name in (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue)
            where !fields.contains(where: { $0.key == name }) {
                fail("the required field \"\(name)\" is missing")
            }
            let extra = schema["additionalProperties"]
            for f in fields {
                let sub = path + "/" + Self.escape(f.key)
                if let p = props.first(where: { $0.key == f.key }) {
                    check(f.value, against: p.value, path: sub, depth: depth + 1, into: &out)
                } else if let extra {
                    if case .bool(false) = extra {
                        if out.count < limit { out.append(Violation(path: sub, message: "this field is not allowed")) }
                    } else {
                        check(f.value, against: extra, path: sub, depth: depth + 1, into: &out)
                    }
                }
            }
            if let n = schema["minProperties"]?.intValue, fields.count < n { fail("expected at least \(n) fields") }
            if let n = schema["maxProperties"]?.intValue, fields.count > n { fail("expected at most \(n) fields") }
        case .array(let items):
            let prefix = schema["prefixItems"]?.arrayValue ?? []
            for (i, item) in items.enumerated() {
                if i < prefix.count {
                    check(item, against: prefix[i], path: path + "/\(i)", depth: depth + 1, into: &out)
                } else if let each = schema["items"] {
                    check(item, against: each, path: path + "/\(i)", depth: depth + 1, into: &out)
                }
            }
            if let n = schema["minItems"]?.intValue, items.count < n { fail("expected at least \(n) items, found \(items.count)") }
            if let n = schema["maxItems"]?.intValue, items.count > n { fail("expected at most \(n) items, found \(items.count)") }
            if case .bool(true) = schema["uniqueItems"] ?? .null {
                for i in items.indices where items[..<i].contains(where: { Self.equal($0, items[i]) }) {
                    fail("item \(i) repeats an earlier item")
                    break
                }
            }
        case .string(let s):
            let n = s.count
            if let m = schema["minLength"]?.intValue, n < m { fail("expected at least \(m) characters, found \(n)") }
            if let m = schema["maxLength"]?.intValue, n > m { fail("expected at most \(m) characters, found \(n)") }
        case .int, .double:
            let d = value.doubleValue ?? 0
            if let m = schema["minimum"]?.doubleValue, d < m { fail("expected at least \(m), found \(Self.brief(value))") }
            if let m = schema["maximum"]?.doubleValue, d > m { fail("expected at most \(m), found \(Self.brief(value))") }
            if let m = schema["exclusiveMinimum"]?.doubleValue, d <= m { fail("expected more than \(m), found \(Self.brief(value))") }
            if let m = schema["exclusiveMaximum"]?.doubleValue, d >= m { fail("expected less than \(m), found \(Self.brief(value))") }
            if let m = schema["multipleOf"]?.doubleValue, m > 0 {
                let q = d / m
                if abs(q - q.rounded()) > 1e-9 { fail("expected a multiple of \(m)") }
            }
        default: break
        }
        if let all = schema["allOf"]?.arrayValue {
            for s in all { check(value, against: s, path: path, depth: depth + 1, into: &out) }
        }
        if let any = schema["anyOf"]?.arrayValue, !any.isEmpty,
            !any.contains(where: { sub in var v: [Violation] = []; check(value, against: sub, path: path, depth: depth + 1, into: &v); return v.isEmpty })
        {
            fail("matches none of the \(any.count) allowed shapes (anyOf)")
        }
        if let one = schema["oneOf"]?.arrayValue, !one.isEmpty {
            let matches = one.filter { sub in var v: [Violation] = []; check(value, against: sub, path: path, depth: depth + 1, into: &v); return v.isEmpty }.count
            if matches != 1 { fail("matches \(matches) of the \(one.count) shapes, not exactly one (oneOf)") }
        }
        if let not = schema["not"] {
            var v: [Violation] = []
            check(value, against: not, path: path, depth: depth + 1, into: &v)
            if v.isEmpty { fail("matches a shape that is not allowed (not)") }
        }
    }

    static func value(_ v: JSONValue, hasType t: String) -> Bool {
        switch (t, v) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): return true
        case ("number", .int), ("number", .double), ("integer", .int): return true
        case ("integer", .double(let d)): return d.rounded() == d && d.isFinite
        default: return false
        }
    }

    static func typeName(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// Numbers compare by value (`1` equals `1.0`), objects regardless of key order.
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.int, .double), (.double, .int), (.int, .int), (.double, .double): return a.doubleValue == b.doubleValue
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { f in y.contains { $0.key == f.key && equal($0.value, f.value) } }
        default: return a == b
        }
    }

    static func brief(_ v: JSONValue) -> String {
        let s = v.jsonString
        return s.count > 60 ? String(s.prefix(57)) + "…" : s
    }

    static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
