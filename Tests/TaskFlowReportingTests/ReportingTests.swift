import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

@testable import TaskFlowReporting

@Suite struct MarkdownReportTests {
    func summary(malformed: Int = 0, status: RunStatus = .completed) -> RunSummary {
        var read = ReadReport(records: 3)
        read.malformedCount = malformed
        read.malformed = (0..<malformed).map { MalformedRow(line: 10 + $0, reason: "expected 6 fields, found 8") }
        return RunSummary(
            runID: 7, databasePath: "/db/t.sqlite",
            dataset: DatasetFacts(path: "/data/x.csv", format: "csv", textColumn: "text", idColumn: "id", bytes: 2048, read: read),
            status: status, device: "cpu (1 thread)", threads: 1, batchSize: 256,
            tools: [ToolFacts(id: "sentiment.vader", task: "sentiment", version: "1", backend: "lexicon", options: "{}")],
            recordsDone: 3, batchesDone: 1, wallSeconds: 0.25,
            timings: [AnalyzerTiming(id: "sentiment.vader", records: 3, batchSeconds: [0.001])],
            distributions: [
                LabelDistribution(
                    task: "sentiment", analyzer: "sentiment.vader",
                    counts: [LabelCount(label: "positive", count: 2), LabelCount(label: "negative", count: 1)], meanScore: 0.2)
            ],
            examples: [
                ExtremeExamples(
                    task: "sentiment",
                    highest: [Example(id: "1", text: "Great | <b>bold</b>\nnext line", label: "positive", score: 0.9)],
                    lowest: [Example(id: "2", text: "awful", label: "negative", score: -0.7)])
            ])
    }

    @Test func hasFactsDistributionExamplesAndTiming() {
        let md = MarkdownReportRenderer().render(summary())
        #expect(md.hasPrefix("# TaskFlow report: x.csv\n"))
        #expect(md.contains("| Stored | run #7 in `/db/t.sqlite` |"))
        #expect(md.contains("| positive | 2 | 66.7% |"))
        #expect(md.contains("### Most positive"))
        #expect(md.contains("**+0.9000**"))
        #expect(md.contains("### Most negative"))
        #expect(md.contains("| `sentiment.vader` | 3 |"))
        #expect(!md.contains("## Malformed rows"))
    }

    @Test func userTextCannotBreakTheMarkdown() {
        let md = MarkdownReportRenderer().render(summary())
        #expect(md.contains("Great \\| &lt;b&gt;bold&lt;/b&gt; next line"))
        #expect(!md.contains("<b>"))
    }

    @Test func malformedRowsAreListedWithLines() {
        let md = MarkdownReportRenderer().render(summary(malformed: 2))
        #expect(md.contains("## Malformed rows"))
        #expect(md.contains("| 10 | expected 6 fields, found 8 |"))
        #expect(md.contains("| 11 |"))
    }

    @Test func agentSectionsLeadAndTheirCostsAreListed() {
        var s = summary()
        s.agents = [
            AgentFindings(
                agent: "briefing/briefing", version: "1", status: .done,
                sections: [ReportSection(title: "Briefing", body: "3 records; 2 positive.", source: "briefing/briefing")],
                notes: ["narrative left out: it cited 40%"], model: "mock/echo", llmCalls: 2, inputTokens: 120, outputTokens: 30,
                seconds: 0.01, cost: 0.0012, cacheHits: 1, retries: 0),
            AgentFindings(agent: "x/needs", version: "1", status: .skipped, notes: ["x/needs needs a language model"]),
        ]
        let md = MarkdownReportRenderer().render(s)
        let briefing = try? #require(md.range(of: "## Briefing\n\n3 records; 2 positive.\n\n"))
        let run = md.range(of: "## Run")
        #expect(briefing != nil && run != nil && briefing!.lowerBound < run!.lowerBound)
        #expect(md.contains("<sub>Written by `briefing/briefing` v1 with mock/echo.</sub>"))
        #expect(md.contains("| `briefing/briefing` v1 | done | mock/echo | 2 | 120 / 30 | $0.0012 | 1 | 0 | 0.010 |"))
        #expect(md.contains("| `x/needs` v1 | skipped | none | 0 | 0 / 0 | – |"))
        #expect(md.contains("| **total** | | | 2 | 150 tokens | $0.0012 |"))
        #expect(md.contains("- `briefing/briefing`: narrative left out: it cited 40%"))
        let line = RunSummaryLine.render(s)
        #expect(line.contains("briefing/briefing: 1 report section (mock/echo, 2 calls, 150 tokens, $0.0012, 1 cached)"))
        #expect(line.contains("warning: skipped x/needs: x/needs needs a language model"))
    }

    @Test func anUnfinishedRunSaysSo() {
        let md = MarkdownReportRenderer().render(summary(status: .cancelled))
        #expect(md.contains("**This run is cancelled**"))
    }

    @Test(arguments: [("r.md", ReportFormat.markdown), ("R.MARKDOWN", .markdown), ("x.json", .json)])
    func reportFormatFromExtension(path: String, format: ReportFormat) throws {
        #expect(try ReportFormat.forPath(path) == format)
    }

    @Test func unknownReportExtensionNamesTheFix() {
        #expect(throws: TaskFlowFailure.self) { try ReportFormat.forPath("r.pdf") }
    }

    @Test func jsonReportRoundTrips() throws {
        let text = try ReportFormat.json.render(summary())
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let back = try decoder.decode(RunSummary.self, from: Data(text.utf8))
        #expect(back.recordsDone == 3)
        #expect(back.distributions.first?.counts.first?.label == "positive")
    }

    @Test func eachSharedFeatureIsListedInTheTimingAndTheJSON() throws {
        var s = summary()
        s.features = [
            FeatureUsage(
                feature: "embedding(all-MiniLM-L6-v2)", analyzers: ["embedding.minilm"], records: 2, seconds: 0.5, cacheHits: 1,
                cacheSeconds: 0.01)
        ]
        let md = MarkdownReportRenderer().render(s)
        #expect(md.contains("| feature `embedding(all-MiniLM-L6-v2)` (1 from the cache) | 2 | 0.5000 |"))
        let json = try ReportFormat.json.render(s)
        #expect(json.contains("\"feature\" : \"embedding(all-MiniLM-L6-v2)\""))
        #expect(json.contains("\"cacheHits\" : 1"))
    }

    @Test func truncationToAModelsWindowIsCountedInTheSummaryLineTheMarkdownAndTheJSON() throws {
        var s = summary()
        s.features = [
            FeatureUsage(
                feature: "embedding(all-MiniLM-L6-v2)", analyzers: ["embedding.minilm", "topic.embedding"], records: 5, seconds: 0.5,
                cacheHits: 0, cacheSeconds: 0, truncated: 2)
        ]
        #expect(MarkdownReportRenderer().render(s).contains("(0 from the cache, 2 truncated to the model's window) | 5 |"))
        #expect(
            RunSummaryLine.render(s).contains(
                "note: 2 texts were longer than the window of embedding(all-MiniLM-L6-v2) and cut to it (for embedding.minilm, topic.embedding)"))
        let json = try ReportFormat.json.render(s)
        #expect(json.contains("\"truncated\" : 2"))
        // A summary stored before truncation was counted reads back with none.
        var object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var feature = try #require((object["features"] as? [[String: Any]])?.first)
        feature.removeValue(forKey: "truncated")
        object["features"] = [feature]
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let old = try decoder.decode(RunSummary.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.features.first?.truncated == 0 && old.features.first?.records == 5)
        // Nothing truncated, nothing said.
        s.features[0].truncated = 0
        #expect(!RunSummaryLine.render(s).contains("window"))
        #expect(!MarkdownReportRenderer().render(s).contains("window"))
    }
}

@Suite struct TerminalTests {
    @Test(arguments: [("abc", 3), ("日本", 4), ("👍", 2), ("é", 1), ("e\u{301}", 1)])
    func displayWidth(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    @Test func fitCutsToTheWidthOnOneLine() {
        #expect(DisplayWidth.fit("hello\nworld", 20) == "hello world")
        let cut = DisplayWidth.fit("日本語のテキストです", 7)
        #expect(DisplayWidth.of(cut) <= 7)
        #expect(cut.hasSuffix("…"))
    }

    @Test func tablesFitTheTerminal() {
        var t = TextTable(headers: ["id", "label", "text"], flexibleColumn: 2)
        t.rows = [["1", "positive", String(repeating: "long text ", count: 30)], ["2", "negative", "short"]]
        let lines = t.render(width: 60).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { DisplayWidth.of(String($0)) <= 60 })
    }
}

@Suite struct RecordFormatTests {
    func write(_ format: RecordFormat, _ records: [(Record, [(task: String, value: AnalysisValue)])]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tf-rf-\(UUID().uuidString)").path
        let out = try TextOutput.file(path)
        let w = format.makeWriter(output: out, width: 80, maxTableRows: nil)
        for (r, v) in records { w.write(r, v) }
        w.finish()
        try out.close()
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    let sample: [(Record, [(task: String, value: AnalysisValue)])] = [
        (Record(id: "1", text: "He said \"hi\", then\nleft"),
         [("sentiment", .classification(Classification(label: "neutral", score: 0, scores: [ScoredLabel("neg", 0), ScoredLabel("compound", 0)])))])
    ]

    @Test func csvQuotesPerRFC4180() throws {
        let csv = try write(.csv, sample)
        #expect(csv == "id,text,sentiment_label,sentiment_score,sentiment_neg,sentiment_compound\r\n1,\"He said \"\"hi\"\", then\nleft\",neutral,0.0,0.0,0.0\r\n")
    }

    @Test func jsonlEscapesControlCharacters() throws {
        let jsonl = try write(.jsonl, sample)
        #expect(jsonl == #"{"id":"1","text":"He said \"hi\", then\nleft","sentiment":{"label":"neutral","score":0.0,"scores":{"neg":0.0,"compound":0.0}}}"# + "\n")
    }

    @Test func emptyJSONArrayIsValid() throws {
        #expect(try write(.json, []) == "[]\n")
    }
}

@Suite struct TextOutputTests {
    @Test func writingToADeviceKeepsTheDevice() throws {
        let out = try TextOutput.file("/dev/null")
        out.write("discarded\n")
        try out.close()
        let type = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType
        #expect(type == .typeCharacterSpecial)
    }

    @Test func aMissingFolderIsAClearError() {
        do {
            _ = try TextOutput.file("/nonexistent-folder/out.jsonl")
            Issue.record("opened a file in a missing folder")
        } catch let e as OutputError {
            #expect(e.description.contains("/nonexistent-folder"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

@Suite struct ProgressLineTests {
    @Test func barShareRateAndETA() {
        let text = ProgressLine.render(records: 500, bytesRead: 250, bytesTotal: 1000, elapsed: 2)
        #expect(text == "██████░░░░░░░░░░░░░░░░░░  25%  500 records  250 rec/s  ETA 6s")
        #expect(ProgressLine.duration(187) == "3m07s")
    }

    @Test func drawsAtMostTenTimesASecondAndClears() {
        final class Box: @unchecked Sendable { var writes: [String] = [] }
        let box = Box()
        let line = ProgressLine(enabled: true, suffix: " (stop)") { box.writes.append($0) }
        line.update(records: 1, bytesRead: 1, bytesTotal: 10, elapsed: 0.0)
        line.update(records: 2, bytesRead: 2, bytesTotal: 10, elapsed: 0.05)
        line.update(records: 3, bytesRead: 3, bytesTotal: 10, elapsed: 0.2)
        line.clear()
        #expect(box.writes.count == 3)
        #expect(box.writes[0].hasPrefix("\r") && box.writes[0].contains(" (stop)\u{1B}[K"))
        #expect(box.writes[2] == "\r\u{1B}[K")
        let off = ProgressLine(enabled: false) { box.writes.append($0) }
        off.update(records: 1, bytesRead: 1, bytesTotal: 1, elapsed: 1)
        off.clear()
        #expect(box.writes.count == 3)
    }
}
