import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowTesting

@testable import TaskFlowReporting

@Suite struct ReportSchemaTests {
    static func schema() throws -> JSONValue { try SchemaChecker.reportSchema() }

    static func check(_ json: String) throws -> [String] { try SchemaChecker.reportProblems(json) }

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
