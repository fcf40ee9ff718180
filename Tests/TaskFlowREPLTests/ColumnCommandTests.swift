import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import Testing

@testable import TaskFlowREPL

/// The dataset's other columns as REPL fields: filter, count by, show, top … by, trend, columns.
@Suite struct ColumnCommandTests {
    static let tools = [ToolFacts(id: "sentiment.vader", task: "sentiment", version: "1", backend: "x", options: "{}")]

    /// Records with product, rating, created and a column named like the analysis.
    static func results() -> ResultSet {
        let names = ColumnNames(["product", "rating", "created", "sentiment"])
        func rec(_ id: String, _ product: String, _ rating: Int, _ created: String, _ mood: String) -> Record {
            Record(
                id: id, text: "text \(id)",
                columns: RecordColumns(names: names, values: [.text(product), .int(rating), .time(created), .text(mood)]))
        }
        func c(_ label: String, _ score: Double) -> AnalysisValue {
            .classification(Classification(label: label, score: score, scores: [ScoredLabel("compound", score)]))
        }
        let records = [
            rec("1", "Pulse Band", 1, "2026-01-05", "angry"), rec("2", "Pulse Band", 5, "2026-01-20", "happy"),
            rec("3", "Aura Speaker", 2, "2026-02-03", "meh"), rec("4", "Aura Speaker", 4, "2026-03-15T10:00:00Z", "happy"),
        ]
        let values = [[c("negative", -0.6), c("positive", 0.7), c("negative", -0.2), c("positive", 0.4)].map(Optional.some)]
        return ResultSet(runID: 1, status: .completed, tools: tools, records: records, values: values, summary: nil, limit: nil, ranHere: true)
    }

    @Test(arguments: [
        ("product=\"Pulse Band\"", ["1", "2"]),
        ("product=\"pulse band\" rating<=2", ["1"]),
        ("rating>=4", ["2", "4"]),
        ("created>=2026-02-01", ["3", "4"]),
        ("product~aura", ["3", "4"]),
        ("sentiment=negative", ["1", "3"]),
        ("col.sentiment=happy", ["2", "4"]),
        ("COL.Product=\"Aura Speaker\"", ["3", "4"]),
    ])
    func columnsFilterLikeAnyField(expression: String, ids: [String]) throws {
        let r = Self.results()
        let filter = try RecordFilter.parse(try ReplArguments.tokenize(expression))
        try filter.validate(tools: Self.tools, columns: r.columnNames)
        #expect(try filter.matchingIndices(in: r).map { r.records[$0].id } == ids)
    }

    @Test func aShadowedColumnIsOfferedAsColAndAnUnknownOneIsNamed() throws {
        let r = Self.results()
        let names = FieldReference.names(tools: Self.tools, columns: r.columnNames)
        #expect(names.contains("product") && names.contains("col.sentiment") && !names.contains("col.product"))
        let analysis = try FieldReference.resolve("sentiment", tools: Self.tools, columns: r.columnNames)
        #expect(analysis.part == .main(tool: 0), "a bare name is the analysis")
        let error = #expect(throws: TaskFlowFailure.self) { try FieldReference.resolve("col.prodcut", tools: Self.tools, columns: r.columnNames) }
        #expect(error?.description == "no column 'prodcut'")
        #expect(error?.hint?.contains("did you mean 'product'?") == true)
    }

    @Test func countByColumnsAndResultsTogether() async throws {
        let h = try ReplHarness()
        await h.session.setResults(Self.results())
        let o = await h.run("count by product, sentiment.label")
        #expect(o.status == .ok, "\(o.err)")
        let lines = o.out.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("product"))
        #expect(lines.contains { $0.hasPrefix("Pulse Band") && $0.contains("negative") && $0.contains("1") })
        let ratings = await h.run("count by rating")
        let rows = ratings.out.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(rows == ["1", "2", "4", "5"], "numbers in their order: \(ratings.out)")
    }

    @Test func showTopAndTrendUseColumns() async throws {
        let h = try ReplHarness()
        await h.session.setResults(Self.results())
        let show = await h.run("show 2 --columns product,rating")
        #expect(show.out.contains("product") && show.out.contains("Pulse Band") && show.out.contains("rating"), "\(show.out)")
        let one = await h.run("show 3")
        #expect(one.out.contains("text 3"))
        let full = await h.run("show id 3")
        #expect(full.out.contains("Aura Speaker") && full.out.contains("created"), "\(full.out)")
        let top = await h.run("top sentiment by product")
        #expect(top.status == .ok, "\(top.err)")
        #expect(top.out.contains("Pulse Band") && top.out.contains("negative (1)"), "\(top.out)")
        let trend = await h.run("trend sentiment by month")
        #expect(trend.status == .ok, "\(trend.err)")
        #expect(trend.out.contains("2026-01") && trend.out.contains("2026-02") && trend.out.contains("2026-03"), "\(trend.out)")
        #expect(trend.out.contains("+0.050"), "January's mean of −0.6 and +0.7: \(trend.out)")
        #expect(trend.out.contains("mean sentiment "), "a sparkline line: \(trend.out)")
        let byProduct = await h.run("trend sentiment by month by product")
        #expect(byProduct.status == .ok, "\(byProduct.err)")
        #expect(byProduct.out.contains("Aura Speaker") && byProduct.out.contains("per month"), "\(byProduct.out)")
        let none = await h.run("trend sentiment --time product")
        #expect(none.status != .ok)
        #expect(none.err.contains("no record has a time in column 'product'"), "\(none.err)")
    }

    @Test func aFileLoadedAndRunCarriesItsColumnsIntoTheSession() async throws {
        let h = try ReplHarness()
        try await h.setUp(["load \(ReplHarness.feedback) --limit 60", "run"])
        let columns = await h.run("columns")
        #expect(columns.out.contains("rating") && columns.out.contains("integer") && columns.out.contains("created"), "\(columns.out)")
        let count = await h.run("count by channel")
        #expect(count.status == .ok && count.out.contains("survey"), "\(count.err)")
        let sql = await h.run("sql SELECT count(DISTINCT value) FROM record_column WHERE name = 'product'")
        #expect(sql.status == .ok, "\(sql.err)")
        #expect(sql.out.contains("5"), "\(sql.out)")
        // A stored run's records come back with their columns.
        let loaded = await h.run("results last")
        #expect(loaded.status == .ok, "\(loaded.err)")
        let stored = await h.run("count by product, rating")
        #expect(stored.status == .ok && stored.out.contains("Pulse Band"), "\(stored.err)")
        try await h.setUp(["load \(ReplHarness.feedback) --limit 5 --columns none", "run"])
        let empty = await h.run("count by product")
        #expect(empty.status != .ok)
        #expect(empty.err.contains("unknown field 'product'"))
        #expect(await h.session.sessionCommands().contains { $0.contains("--columns none") })
    }
}

extension ReplSession {
    /// Puts results in the session as a run would.
    func setResults(_ r: ResultSet) { results = r }
}
