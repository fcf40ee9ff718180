import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import Testing

@testable import TaskFlowREPL

@Suite struct FilterAndTableTests {
    static let tools = [ToolFacts(id: "sentiment.vader", task: "sentiment", version: "1", backend: "x", options: "{}"),
                        ToolFacts(id: "ner.x", task: "entities", version: "1", backend: "x", options: "{}")]

    static func results() -> ResultSet {
        func c(_ label: String, _ score: Double) -> AnalysisValue {
            .classification(Classification(label: label, score: score, scores: [ScoredLabel("neg", score < 0 ? -score : 0), ScoredLabel("compound", score)]))
        }
        let records = [
            Record(id: "1", text: "Battery life is awful"), Record(id: "2", text: "Love it"),
            Record(id: "3", text: "Apple battery ok"), Record(id: "4", text: ""),
        ]
        let sentiment = [c("negative", -0.7), c("positive", 0.6), c("neutral", 0.0), c("neutral", 0.0)]
        let entities: [AnalysisValue] = [
            .spans([]), .spans([]), .spans([Span(text: "Apple", label: "ORG", start: 0, end: 5, score: 0.9)]), .spans([]),
        ]
        return ResultSet(runID: 1, status: .completed, tools: tools, records: records, values: [sentiment, entities], summary: nil, limit: nil, ranHere: true)
    }

    @Test(arguments: [
        ("sentiment=negative", ["1"]),
        ("sentiment!=negative", ["2", "3", "4"]),
        ("label=NEUTRAL", ["3", "4"]),
        ("score<0", ["1"]),
        ("score>=0", ["2", "3", "4"]),
        ("sentiment.score<=-0.7", ["1"]),
        ("sentiment.neg>0.5", ["1"]),
        ("text~BATTERY", ["1", "3"]),
        ("text!~battery", ["2", "4"]),
        ("text~battery sentiment=neutral", ["3"]),
        ("text~battery and score<0", ["1"]),
        ("id=2", ["2"]),
        ("id>2", ["3", "4"]),
        ("entities=apple", ["3"]),
        ("entities.label=ORG", ["3"]),
        ("entities!~apple", ["1", "2", "4"]),
        ("ner.x~app", ["3"]),
        ("text=", ["4"]),
    ])
    func filtersSelectTheRightRecords(expression: String, ids: [String]) throws {
        let filter = try RecordFilter.parse(try ReplArguments.tokenize(expression))
        try filter.validate(tools: Self.tools)
        let r = Self.results()
        #expect(try filter.matchingIndices(in: r).map { r.records[$0].id } == ids)
    }

    @Test func filterTextReadsBackToTheSameFilter() throws {
        let filter = try RecordFilter.parse(try ReplArguments.tokenize("text~\"battery life\" score < -0.5"))
        #expect(filter.text == "text~'battery life' score<-0.5")
        #expect(try RecordFilter.parse(try ReplArguments.tokenize(filter.text)) == filter)
    }

    @Test func tablesFitTheWidthAndSayWhatWasCut() {
        let long = String(repeating: "word ", count: 60)
        let table = ReplTable(headers: ["id", "label", "text"], rows: (1...30).map { [String($0), "negative", long] }, numeric: [0])
        let text = table.render(mode: .table, width: 60, maxRows: 10)
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { DisplayWidthProbe.width(String($0)) <= 60 })
        #expect(lines.contains { $0.hasSuffix("…") })
        #expect(text.contains("… 20 more rows"))
        #expect(ReplTable.fitWidths(headers: ["a", "b"], rows: [["x", "y"]], width: 80) == [1, 1])
    }

    @Test(arguments: [
        (OutputMode.json, "[\n{\"n\":1,\"s\":\"a,\\\"b\\\"\",\"x\":null}\n]\n"),
        (.csv, "n,s,x\r\n1,\"a,\"\"b\"\"\",\r\n"),
        (.markdown, "| n | s | x |\n|---:|---|---|\n| 1 | a,\"b\" |  |\n"),
    ])
    func otherModesKeepEveryCell(mode: OutputMode, expected: String) {
        let table = ReplTable(headers: ["n", "s", "x"], rows: [["1", "a,\"b\"", nil]], numeric: [0])
        #expect(table.render(mode: mode, width: 10) == expected)
    }

    @Test func barsUseEighthBlocks() {
        #expect(BarChart.bar(1, width: 4) == "████")
        #expect(BarChart.bar(0.5, width: 3) == "█▌")
        #expect(BarChart.bar(.nan, width: 3) == "")
    }
}

/// The display width of rendered text (TextTable's own measure).
enum DisplayWidthProbe {
    static func width(_ s: String) -> Int { DisplayWidth.of(s) }
}
