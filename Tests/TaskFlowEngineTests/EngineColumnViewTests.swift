import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowStorage
import TaskFlowTesting

@testable import TaskFlowEngine

/// The column views a run's summary carries: breakdowns (`--by`), the trend and rating
/// agreement, built as batches are committed.
@Suite struct EngineColumnViewTests {
    static let csv = """
        id,product,created,stars,text
        1,Band,2026-03-02T09:00:00Z,5,great strap
        2,Band,2026-03-02T10:00:00Z,1,battery broke
        3,Band,2026-03-04,4,good battery
        4,Speaker,2026-03-04,5,broke after a week
        5,Speaker,,3,sound okay
        6,Lamp,2026-03-05,2,bad light
        """

    static func file(_ text: String = csv, name: String = "in.csv") throws -> String {
        let dir = try TestFiles.temporaryDirectory()
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func run(_ path: String, views: ColumnViewRequest, store: (any RunStore)? = nil, batchSize: Int = 2) async throws -> RunSummary {
        let engine = Engine(home: TaskFlowHome(path: (path as NSString).deletingLastPathComponent), store: store)
        return try await engine.run(
            PipelineSpec(
                source: DatasetSource(path: path),
                tools: [try ToolSelection(analyzer: WordSentimentAnalyzer.self), try ToolSelection(analyzer: WordKeyphraseAnalyzer.self)],
                batchSize: batchSize, columnViews: views))
    }

    @Test func aRunBreaksDownByColumnAndDetectsTheTimeAndRatingColumns() async throws {
        let s = try await Self.run(try Self.file(), views: ColumnViewRequest(by: ["product"]))
        let b = try #require(s.breakdowns.first)
        #expect(b.column == "product")
        #expect(b.rows.map(\.key) == ["Band", "Speaker", "Lamp"])
        #expect(b.rows.map(\.records) == [3, 2, 1])
        let band = try #require(b.rows[0].sentiment)
        #expect(band.analyzer == "test.sentiment")
        #expect(band.share("positive") > 0.66 && band.share("negative") > 0.33)
        #expect(abs(band.meanScore - 0.8 / 3) < 1e-9)
        #expect(b.rows[0].terms.first?.top.first == LabelCount(label: "battery", count: 2))

        let t = try #require(s.trend)
        #expect(t.column == "created" && !t.named)
        #expect(t.period == .day)
        #expect(t.periods.map(\.key) == ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"])
        #expect(t.periods.map(\.records) == [2, 0, 2, 1])
        #expect(t.noTime == 1)

        let r = try #require(s.rating)
        #expect(r.column == "stars" && !r.named)
        #expect(r.rows.map(\.rating) == ["1", "2", "3", "4", "5"])
        // Five stars for "broke after a week": the furthest apart.
        #expect(r.disagreements.first?.id == "4")
    }

    @Test func anUnknownByColumnInACSVHeaderFailsBeforeTheRunIsRecorded() async throws {
        let store = InMemoryRunStore()
        let error = await #expect(throws: TaskFlowFailure.self) {
            _ = try await Self.run(try Self.file(), views: ColumnViewRequest(by: ["prodcut"]), store: store)
        }
        #expect(error?.exitCode == 2)
        #expect(error?.description.contains("product, created, stars") == true)
        #expect(try store.runs(limit: 5).isEmpty)
    }

    @Test func anUnknownByColumnInJSONLFailsAfterTheFirstBatch() async throws {
        let path = try Self.file(#"{"id":"1","text":"good","product":"Band"}"# + "\n" + #"{"id":"2","text":"bad","product":"Lamp"}"#, name: "in.jsonl")
        let error = await #expect(throws: TaskFlowFailure.self) {
            _ = try await Self.run(path, views: ColumnViewRequest(by: ["channel"]))
        }
        #expect(error?.description.contains("no column \"channel\"") == true)
        #expect(error?.description.contains("product") == true)
        let s = try await Self.run(path, views: ColumnViewRequest(by: ["product"]), batchSize: 1)
        #expect(s.breakdowns.first?.rows.map(\.key) == ["Band", "Lamp"])
    }

    @Test func viewsCanBeTurnedOffAndNoColumnsMeansNoViews() async throws {
        let s = try await Self.run(try Self.file(), views: ColumnViewRequest(time: "none", rating: "none"))
        #expect(s.breakdowns.isEmpty && s.trend == nil && s.rating == nil)
        let path = try Self.file("id,text\n1,good\n")
        let plain = try await Self.run(path, views: ColumnViewRequest())
        #expect(plain.trend == nil && plain.rating == nil)
    }

    @Test func anAnalyzerFailingOnABatchLeavesTheOthersFiguresWithTheirAnalyzer() async throws {
        let path = try Self.file()
        let engine = Engine(home: TaskFlowHome(path: (path as NSString).deletingLastPathComponent), store: nil)
        let s = try await engine.run(
            PipelineSpec(
                source: DatasetSource(path: path),
                tools: [try ToolSelection(analyzer: ShortAnalyzer.self), try ToolSelection(analyzer: WordSentimentAnalyzer.self)],
                batchSize: 3, columnViews: ColumnViewRequest(by: ["product"])))
        #expect(s.failures.count == 2)
        #expect(s.distributions.map(\.analyzer) == ["test.sentiment"])
        #expect(s.breakdowns.first?.rows.first?.labels.map(\.analyzer) == ["test.sentiment"])
    }
}
