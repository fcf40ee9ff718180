import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

@testable import TaskFlowReporting

/// A minimal JSON Schema checker for the keywords `Docs/report.schema.json` uses: `$ref` (to
/// `#/$defs/…`), `type`, `enum`, `properties`, `required` and `items`. `strict` also flags an
/// object's properties the schema does not describe, so the schema keeps up with the report.
struct SchemaChecker {
    let root: JSONValue
    var strict = true

    func problems(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
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

extension JSONValue {
    fileprivate subscript(_ key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.key == key }?.value
    }
}

@Suite struct ReportSchemaTests {
    static func schema() throws -> JSONValue {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Docs/report.schema.json")
        return try JSONParser.parse(String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    static func check(_ json: String) throws -> [String] {
        let schema = try schema()
        return SchemaChecker(root: schema).problems(try JSONParser.parse(json), schema)
    }

    @Test func theSchemaIsDraft2020_12() throws {
        let schema = try Self.schema()
        #expect(schema["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
        #expect(schema["properties"]?["schemaVersion"]?["enum"] == .array([.int(ReportFormat.schemaVersion)]))
    }

    @Test func aReportWithEverySectionMatchesTheSchema() throws {
        let json = try ReportFormat.json.render(HTMLReportTests.summary("plain <x> \u{202E}"))
        #expect(json.contains("\"schemaVersion\" : \(ReportFormat.schemaVersion)"))
        #expect(try Self.check(json) == [])
    }

    @Test func aBareReportMatchesTheSchema() throws {
        let s = RunSummary(
            dataset: DatasetFacts(path: "a.csv", format: "csv", textColumn: "text", idColumn: nil, bytes: 1, read: ReadReport(records: 1)),
            status: .completed, device: "cpu", threads: 1, batchSize: 1, tools: [], recordsDone: 1)
        #expect(try Self.check(try ReportFormat.json.render(s)) == [])
    }

    @Test func aComparisonMatchesTheSchema() throws {
        var a = HTMLReportTests.summary("a")
        var b = HTMLReportTests.summary("b")
        a.runID = 9
        b.runID = 8
        a.topics?.chosenBy = "run 8"
        let json = try ReportFormat.json.render(a, comparedWith: b)
        #expect(json.contains("\"comparison\""))
        #expect(try Self.check(json) == [])
    }

    @Test func theCheckerFindsWhatIsWrong() throws {
        var json = try ReportFormat.json.render(HTMLReportTests.summary("plain"))
        json = json.replacingOccurrences(of: "\"recordsDone\" : 2", with: "\"recordsDone\" : \"two\"")
        json = json.replacingOccurrences(of: "\"cacheMode\" : \"on\"", with: "\"cacheMode\" : \"sometimes\", \"surprise\" : 1")
        let problems = try Self.check(json)
        #expect(problems.contains { $0.hasPrefix("$.recordsDone: expected integer") })
        #expect(problems.contains { $0.hasPrefix("$.cacheMode:") })
        #expect(problems.contains("$.surprise: not in the schema"))
    }
}
