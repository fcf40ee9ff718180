import Foundation
import TaskFlowPluginAPI

/// A minimal JSON Schema checker for the keywords `Docs/report.schema.json` uses: `$ref` (to
/// `#/$defs/…`), `type`, `enum`, `properties`, `required` and `items`. `strict` also flags an
/// object's properties the schema does not describe, so the schema keeps up with the report.
public struct SchemaChecker {
    public let root: JSONValue
    public var strict = true

    public init(root: JSONValue, strict: Bool = true) {
        self.root = root
        self.strict = strict
    }

    /// Where `value` breaks `schema` (a part of `root`), one line each; empty when it matches.
    public func problems(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        guard case .object(let fields) = schema else { return ["\(path): the schema is not an object"] }
        func get(_ key: String) -> JSONValue? { fields.first { $0.key == key }?.value }
        if case .string(let ref)? = get("$ref") {
            guard ref.hasPrefix("#/$defs/"), let target = root["$defs"]?[String(ref.dropFirst(8))] else { return ["\(path): unknown $ref \(ref)"] }
            return problems(value, target, at: path)
        }
        var out: [String] = []
        if case .string(let type)? = get("type"), !Self.matches(value, type) {
            return ["\(path): expected \(type), found \(value.jsonString.prefix(60))"]
        }
        if case .array(let allowed)? = get("enum"), !allowed.contains(value) {
            out.append("\(path): \(value.jsonString.prefix(60)) is not one of \(allowed.map(\.jsonString))")
        }
        if case .object(let members) = value {
            let properties: [JSONField]
            if case .object(let p)? = get("properties") { properties = p } else { properties = [] }
            if case .array(let required)? = get("required") {
                for case .string(let key) in required where !members.contains(where: { $0.key == key }) {
                    out.append("\(path): missing \(key)")
                }
            }
            for m in members {
                if let sub = properties.first(where: { $0.key == m.key })?.value {
                    out += problems(m.value, sub, at: "\(path).\(m.key)")
                } else if strict, get("properties") != nil {
                    out.append("\(path).\(m.key): not in the schema")
                }
            }
        }
        if case .array(let items) = value, let itemSchema = get("items") {
            for (i, item) in items.enumerated() { out += problems(item, itemSchema, at: "\(path)[\(i)]") }
        }
        return out
    }

    static func matches(_ v: JSONValue, _ type: String) -> Bool {
        switch (type, v) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): return true
        case ("number", .int), ("number", .double), ("integer", .int): return true
        case ("integer", .double(let d)): return d.rounded() == d
        default: return false
        }
    }
}



extension SchemaChecker {
    /// `Docs/report.schema.json` of the repository this file is in.
    public static func reportSchema() throws -> JSONValue {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Docs/report.schema.json")
        return try JSONParser.parse(String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    /// Where a JSON report breaks `Docs/report.schema.json`.
    public static func reportProblems(_ json: String) throws -> [String] {
        let schema = try reportSchema()
        return SchemaChecker(root: schema).problems(try JSONParser.parse(json), schema)
    }
}
