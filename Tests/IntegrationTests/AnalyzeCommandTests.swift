import Foundation
import Testing

/// `tf analyze` end to end, through the built binary.
@Suite struct AnalyzeCommandTests {
    let feedback = "Playground/feedback.csv"

    @Test func analysesThePlaygroundSampleAndWritesAReport() throws {
        let home = try TFProcess.temporaryDirectory()
        let report = home.appendingPathComponent("r.md").path
        let r = try TFProcess.run(["analyze", feedback, "--report", report], home: home)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("sentiment"))
        #expect(r.stdout.contains("FB-0001"))
        #expect(r.stdout.contains("more rows"))
        #expect(r.stderr.contains("done: 351 records"))
        #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent("taskflow.sqlite").path))
        let md = try String(contentsOfFile: report, encoding: .utf8)
        for section in ["# TaskFlow report: feedback.csv", "## Run", "## Sentiment (`sentiment.vader`)", "### Most positive",
            "### Most negative", "## Timing", "| positive |", "| negative |", "| neutral |"]
        {
            #expect(md.contains(section), "report lacks \(section)")
        }
    }

    @Test func jsonlHasTheDesignShapeWithVADERScores() throws {
        let home = try TFProcess.temporaryDirectory()
        let out = home.appendingPathComponent("o.jsonl").path
        let r = try TFProcess.run(["analyze", feedback, "--format", "jsonl", "-o", out, "--db", home.appendingPathComponent("x.sqlite").path], home: home)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 351)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["id"] as? String == "FB-0001")
        #expect(first["text"] is String)
        let sentiment = try #require(first["sentiment"] as? [String: Any])
        let scores = try #require(sentiment["scores"] as? [String: Double])
        #expect(Set(scores.keys) == ["neg", "neu", "pos", "compound"])
        #expect(sentiment["score"] as? Double == scores["compound"])
        #expect(["positive", "negative", "neutral"].contains(sentiment["label"] as? String ?? ""))
        // Keys appear in DESIGN.md's order.
        let line = String(lines[0])
        let order = ["\"id\"", "\"text\"", "\"sentiment\"", "\"label\"", "\"score\"", "\"scores\"", "\"neg\"", "\"neu\"", "\"pos\"", "\"compound\""]
        let positions = order.map { line.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    }

    @Test(arguments: ["json", "csv", "table"])
    func otherFormatsWriteEveryRecord(format: String) throws {
        let home = try TFProcess.temporaryDirectory()
        let out = home.appendingPathComponent("o.\(format)").path
        let r = try TFProcess.run(["analyze", "Playground/tickets.jsonl", "--text", "body", "--id", "ticket", "--format", format, "-o", out], home: home)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        switch format {
        case "json":
            let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
            #expect(array.count == 40)
            #expect(array.first?["id"] as? String == "T-1001")
        case "csv":
            // The other field of each ticket (subject) travels between the text and the results.
            #expect(text.hasPrefix("id,text,subject,sentiment_label,sentiment_score,sentiment_neg,sentiment_neu,sentiment_pos,sentiment_compound\r\n"))
            #expect(text.contains("T-1040,"))
        default:
            #expect(text.contains("T-1001") && text.contains("T-1040"))
            #expect(!text.contains("more rows"))
        }
    }

    @Test func malformedRowsAreSkippedAndReportedWithLineNumbers() throws {
        let home = try TFProcess.temporaryDirectory()
        let report = home.appendingPathComponent("m.md").path
        let r = try TFProcess.run(["analyze", "Playground/feedback-malformed.csv", "--report", report], home: home)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("malformed"))
        #expect(r.stderr.contains("line 5"))
        let md = try String(contentsOfFile: report, encoding: .utf8)
        #expect(md.contains("## Malformed rows"))
        #expect(md.contains("| 5 |"))
    }

    @Test func strictStopsAtTheFirstMalformedRow() throws {
        let home = try TFProcess.temporaryDirectory()
        let r = try TFProcess.run(["analyze", "Playground/feedback-malformed.csv", "--strict"], home: home)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: "))
        #expect(r.stderr.contains("line 5"))
    }

    @Test func anUnknownTextColumnListsTheColumnsThatExist() throws {
        let home = try TFProcess.temporaryDirectory()
        let r = try TFProcess.run(["analyze", feedback, "--text", "body"], home: home)
        #expect(r.status != 0)
        #expect(r.stderr.contains("body"))
        #expect(r.stderr.contains("product"))
        #expect(r.stderr.contains("channel"))
    }

    @Test(arguments: [
        (["analyze", "Playground/nope.csv"], "nope.csv"),
        (["analyze", "Playground/feedback.csv", "--tools", "sentimnet"], "did you mean 'sentiment'"),
        (["analyze", "Playground/feedback.csv", "--device", "gpu"], "no GPU backend"),
        (["analyze", "Playground/feedback.csv", "--report", "/tmp/r.pdf"], ".md"),
        (["analyze", "Playground/feedback.csv", "--batch-size", "0"], "batch-size"),
        (["analyze", "Playground/feedback.csv", "--format", "xml"], "xml"),
        (["analyze", "Playground/feedback.csv", "-o", "/nonexistent-dir/x.jsonl"], "/nonexistent-dir"),
    ])
    func badInputGetsAClearMessage(args: [String], expected: String) throws {
        let home = try TFProcess.temporaryDirectory()
        let r = try TFProcess.run(args, home: home)
        #expect(r.status != 0)
        #expect(r.stderr.contains(expected), "stderr was: \(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
    }

    @Test func versionAndHelpReadWell() throws {
        let home = try TFProcess.temporaryDirectory()
        let v = try TFProcess.run(["--version"], home: home)
        #expect(v.status == 0)
        #expect(v.stdout.hasPrefix("tf "))
        let h = try TFProcess.run(["analyze", "--help"], home: home)
        #expect(h.status == 0)
        for option in ["--text", "--id", "--tools", "--batch-size", "--threads", "--db", "--format", "--report", "--strict"] {
            #expect(h.stdout.contains(option), "help lacks \(option)")
        }
    }
}
