import Foundation
import Testing
import TaskFlowTesting

/// `tf report RUN`: a stored run's report again, in each format, a comparison, and the errors
/// for a missing store, an unknown run and an unknown extension.
@Suite struct ReportFromStoreTests {
    let feedback = "Playground/feedback.csv"

    @Test func aStoredRunRendersAgainAndComparesWithAnother() throws {
        let home = try TFProcess.temporaryDirectory()
        let html = home.appendingPathComponent("r.html").path
        let a = try TFProcess.run(["analyze", feedback, "--report", html, "-q"], home: home)
        #expect(a.status == 0, "stderr: \(a.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<svg") && !page.contains("<script"))
        let b = try TFProcess.run(["analyze", feedback, "-q", "--no-cache"], home: home)
        #expect(b.status == 0, "stderr: \(b.stderr)")

        // No -o: Markdown on stdout, the same as the run's own report.
        let md = try TFProcess.run(["report", "1"], home: home)
        #expect(md.status == 0, "stderr: \(md.stderr)")
        #expect(md.stdout.hasPrefix("# TaskFlow report: feedback.csv") && md.stdout.contains("## Sentiment"))

        for ext in ["html", "md", "json"] {
            let out = home.appendingPathComponent("again.\(ext)").path
            let r = try TFProcess.run(["report", "last", "-o", out], home: home)
            #expect(r.status == 0, "stderr: \(r.stderr)")
            let text = try String(contentsOfFile: out, encoding: .utf8)
            #expect(!text.isEmpty)
            if ext == "json" {
                #expect(text.contains("\"schemaVersion\" : 1") && text.contains("\"runID\" : 2") && text.contains("\"histograms\" : ["))
            }
            if ext == "html" { #expect(text.contains("<h3>Scores</h3>") && text.contains("Most negative")) }
        }

        let cmp = home.appendingPathComponent("cmp.json").path
        let c = try TFProcess.run(["report", "2", "--compare", "#1", "-o", cmp], home: home)
        #expect(c.status == 0, "stderr: \(c.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cmp))) as? [String: Any])
        let comparison = try #require(object["comparison"] as? [String: Any])
        let labels = try #require(comparison["labels"] as? [[String: Any]])
        // The same data and analyzers: nothing moved.
        #expect(!labels.isEmpty && labels.allSatisfy { abs(($0["delta"] as? Double) ?? 1) < 1e-9 })
        let cm = try TFProcess.run(["report", "2", "--compare", "1"], home: home)
        #expect(cm.status == 0 && cm.stdout.contains("# TaskFlow: run #2 compared with run #1"))
        let ch = home.appendingPathComponent("cmp.html").path
        #expect(try TFProcess.run(["report", "2", "--compare", "1", "-o", ch], home: home).status == 0)
        #expect(try String(contentsOfFile: ch, encoding: .utf8).contains("compared with run #1"))
    }

    @Test func errorsNameTheRunTheStoreAndTheFix() throws {
        let home = try TFProcess.temporaryDirectory()
        let missing = home.appendingPathComponent("none.sqlite").path
        let noStore = try TFProcess.run(["report", "3", "--db", missing], home: home)
        #expect(noStore.status == 2)
        #expect(noStore.stderr.contains("no results store at \(missing)") && noStore.stderr.contains("hint:"))
        #expect(!FileManager.default.fileExists(atPath: missing))

        let r = try TFProcess.run(["analyze", feedback, "-q", "--tools", "sentiment"], home: home)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let unknown = try TFProcess.run(["report", "42"], home: home)
        #expect(unknown.status == 2 && unknown.stderr.contains("no run '42'") && unknown.stderr.contains("the newest is #1"))
        let unknownBaseline = try TFProcess.run(["report", "1", "--compare", "9"], home: home)
        #expect(unknownBaseline.status == 2 && unknownBaseline.stderr.contains("no run '9'"))
        let badExtension = try TFProcess.run(["report", "1", "-o", home.appendingPathComponent("r.pdf").path], home: home)
        #expect(badExtension.status == 2 && badExtension.stderr.contains("unknown report type '.pdf'") && badExtension.stderr.contains(".html"))
        let noFolder = try TFProcess.run(["report", "1", "-o", home.appendingPathComponent("nope/r.html").path], home: home)
        #expect(noFolder.status == 2 && noFolder.stderr.contains("does not exist"))
    }

    /// A real JSON report with topics (the tiny BERT standing in for MiniLM), keyphrases,
    /// entities and every column view matches `Docs/report.schema.json`; so does a comparison.
    @Test func realReportsMatchTheSchema() throws {
        let home = try homeWithTinyModel()
        defer { try? FileManager.default.removeItem(at: home) }
        let json = home.appendingPathComponent("r.json").path
        let r = try TFProcess.run(
            ["analyze", feedback, "--tools", "sentiment,topic,keyphrase,entity", "--by", "product", "--report", json, "-q"], home: home)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let text = try String(contentsOfFile: json, encoding: .utf8)
        for part in ["\"topics\" : {", "\"terms\" : [", "\"trend\" : {", "\"rating\" : {", "\"breakdowns\" : [", "\"histograms\" : ["] {
            #expect(text.contains(part), "the report lacks \(part)")
        }
        #expect(try SchemaChecker.reportProblems(text) == [])
        let again = try TFProcess.run(["analyze", feedback, "--tools", "sentiment,topic,keyphrase", "--set", "topic.cluster.from-run=1", "-q"], home: home)
        #expect(again.status == 0, "stderr: \(again.stderr)")
        let cmp = home.appendingPathComponent("c.json").path
        #expect(try TFProcess.run(["report", "2", "--compare", "1", "-o", cmp], home: home).status == 0)
        let comparison = try String(contentsOfFile: cmp, encoding: .utf8)
        #expect(comparison.contains("\"carriedFrom\" : \"run 1\"") && comparison.contains("\"keyphrases\" : {"))
        #expect(try SchemaChecker.reportProblems(comparison) == [])
    }
}
