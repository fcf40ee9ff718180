import Foundation
import Testing

/// `--tools topic` through the binary with the tiny BERT as the embedding model: every
/// per-record format completed with the topic after the corpus stage, the summary line and
/// report, continuing an earlier run, and its refusals.
@Suite("tf analyze --tools topic")
struct TopicCommandTests {
    static let csv: String = {
        var s = "id,text\n"
        let themes = ["the battery dies overnight", "support never answered my ticket", "the app crashes after the update"]
        for i in 0..<30 { s += "r\(i),\(themes[i % 3]) \(i)\n" }
        return s
    }()

    func dataset(_ home: URL) throws -> URL {
        let input = home.appendingPathComponent("in.csv")
        try Self.csv.write(to: input, atomically: true, encoding: .utf8)
        return input
    }

    func objects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
    }

    @Test("jsonl and csv carry the topic of every record; the summary and report name the topics")
    func everyFormatIsCompleted() throws {
        let home = try homeWithTinyModel()
        defer { try? FileManager.default.removeItem(at: home) }
        let input = try dataset(home)
        let report = home.appendingPathComponent("r.md")
        let r = try TFProcess.run(
            ["analyze", input.path, "--tools", "sentiment,topic", "--format", "jsonl", "--report", report.path], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try objects(r.stdout)
        #expect(rows.count == 30)
        #expect(rows.map { $0["id"] as? String } == (0..<30).map { "r\($0)" })
        for row in rows {
            let topic = row["topic"] as? [String: Any]
            #expect(topic?["id"] is Int && topic?["label"] is String && topic?["score"] is Double, "\(row)")
            #expect(row["sentiment"] != nil)
        }
        #expect(r.stderr.contains("with sentiment.vader, topic.cluster"))
        #expect(r.stderr.contains("topic.cluster: "))
        #expect(r.stderr.contains("seed 42"))
        let md = try String(contentsOf: report, encoding: .utf8)
        #expect(md.contains("## Topics"))
        // The JSON report holds the topic table as an object.
        let json = home.appendingPathComponent("r.json")
        let again = try TFProcess.run(["analyze", input.path, "--tools", "topic", "-q", "--report", json.path, "-o", "/dev/null"], home: home)
        #expect(again.status == 0, "\(again.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        let topics = parsed?["topics"] as? [String: Any]
        #expect(topics?["chosenBy"] as? String == "silhouette")
        #expect((topics?["topics"] as? [Any])?.isEmpty == false)

        let csv = try TFProcess.run(["analyze", input.path, "--tools", "topic", "--format", "csv"], home: home)
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 31)
        #expect(lines.first == "id,text,topic_id,topic_label,topic_score")
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",").count >= 5 })
    }

    @Test("a shuffled dataset gets the same topics")
    func orderDoesNotMatter() throws {
        let home = try homeWithTinyModel()
        defer { try? FileManager.default.removeItem(at: home) }
        let input = try dataset(home)
        var lines = Self.csv.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        let shuffled = home.appendingPathComponent("shuffled.csv")
        try ([header] + lines.reversed()).joined(separator: "\n").appending("\n").write(to: shuffled, atomically: true, encoding: .utf8)
        var seen: [[String: String]] = []
        for file in [input, shuffled] {
            let r = try TFProcess.run(["analyze", file.path, "--tools", "topic", "--format", "jsonl", "-q"], home: home)
            #expect(r.status == 0, "\(r.stderr)")
            var byID: [String: String] = [:]
            for row in try objects(r.stdout) {
                let t = row["topic"] as? [String: Any] ?? [:]
                byID[row["id"] as? String ?? ""] = "\(t["id"] ?? "") \(t["label"] ?? "")"
            }
            seen.append(byID)
        }
        #expect(seen[0] == seen[1])
    }

    @Test("from-run assigns a grown dataset to the earlier topics; a run that has none is refused before running")
    func continuingARun() throws {
        let home = try homeWithTinyModel()
        defer { try? FileManager.default.removeItem(at: home) }
        let input = try dataset(home)
        let first = try TFProcess.run(["analyze", input.path, "--tools", "topic", "--format", "jsonl"], home: home)
        #expect(first.status == 0, "\(first.stderr)")
        let run = first.stderr.components(separatedBy: "run #").dropFirst().first?.prefix { $0.isNumber } ?? ""
        let grown = home.appendingPathComponent("grown.csv")
        try (Self.csv + "r30,the battery dies overnight again\n").write(to: grown, atomically: true, encoding: .utf8)
        let next = try TFProcess.run(
            ["analyze", grown.path, "--tools", "topic", "--set", "topic.from-run=\(run)", "--format", "jsonl"], home: home)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("run \(run)"))
        let before = Dictionary(uniqueKeysWithValues: try objects(first.stdout).map { ($0["id"] as? String ?? "", "\(($0["topic"] as? [String: Any])?["id"] ?? "")") })
        for row in try objects(next.stdout) where row["id"] as? String != "r30" {
            #expect(before[row["id"] as? String ?? ""] == "\((row["topic"] as? [String: Any])?["id"] ?? "")")
        }

        let sentimentOnly = try TFProcess.run(["analyze", input.path, "--tools", "sentiment"], home: home)
        let other = sentimentOnly.stderr.components(separatedBy: "run #").dropFirst().first?.prefix { $0.isNumber } ?? ""
        for (runID, message) in [("999", "does not hold as a finished run"), (String(other), "did not run topic.cluster")] {
            let r = try TFProcess.run(["analyze", input.path, "--tools", "topic", "--set", "topic.from-run=\(runID)"], home: home)
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stderr.contains(message), "\(r.stderr)")
        }
    }
}

/// Topics and nearest neighbours from the REPL, and `tf similar`.
@Suite("topic and similar in the REPL and tf similar")
struct TopicREPLTests {
    @Test("topic, topic ID, top topics, filter topic=ID and similar work on the last run")
    func replCommands() throws {
        let home = try homeWithTinyModel()
        defer { try? FileManager.default.removeItem(at: home) }
        let input = home.appendingPathComponent("in.csv")
        try TopicCommandTests.csv.write(to: input, atomically: true, encoding: .utf8)
        let r = try TFProcess.run(
            ["-c", "load \(input.path); use sentiment,topic; run; topic; topic 0; top topics; filter topic=0; count; similar r1 2; similar \"battery dies\" 1; topic 77"],
            home: home)
        #expect(r.status != 0)  // `topic 77` fails, after everything before it worked
        #expect(r.stdout.contains("topics in 30 records (k by silhouette, seed 42)"), "\(r.stdout)")
        #expect(r.stdout.contains("topic 0: "))
        #expect(r.stdout.contains("most typical records:"))
        #expect(r.stdout.contains("records match topic=0"))
        #expect(r.stderr.contains("records most like r1:"))
        #expect(r.stderr.contains("there is no topic '77' in the last run"), "\(r.stderr)")
        #expect(r.stdout.contains("similarity"))
    }

    @Test("tf similar finds the nearest records by text or record id; an unknown id is refused")
    func similarCommand() throws {
        let home = try homeWithTinyModel()
        defer { try? FileManager.default.removeItem(at: home) }
        let input = home.appendingPathComponent("in.csv")
        try TopicCommandTests.csv.write(to: input, atomically: true, encoding: .utf8)
        let byText = try TFProcess.run(["similar", input.path, "the battery dies overnight 3", "-n", "1", "--format", "jsonl"], home: home)
        #expect(byText.status == 0, "\(byText.stderr)")
        #expect(byText.stdout.contains("\"id\":\"r3\""), "\(byText.stdout)")
        let byID = try TFProcess.run(["similar", input.path, "--like", "r0", "-n", "3"], home: home)
        #expect(byID.status == 0, "\(byID.stderr)")
        #expect(!byID.stdout.contains("r0 "))
        #expect(byID.stdout.split(separator: "\n").count == 5)  // header, rule, three rows
        let unknown = try TFProcess.run(["similar", input.path, "--like", "zzz"], home: home)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no record with id 'zzz'"))
        let both = try TFProcess.run(["similar", input.path, "text", "--like", "r0"], home: home)
        #expect(both.status == 2)
        let none = try TFProcess.run(["similar", input.path, "text", "-n", "0"], home: home)
        #expect(none.status == 2 && none.stderr.contains("-n must be at least 1"), "\(none.stderr)")
        let format = try TFProcess.run(["similar", input.path, "text", "--format", "xml"], home: home)
        #expect(format.status == 2 && format.stderr.contains("--format must be table or jsonl"), "\(format.stderr)")
        let missing = try TFProcess.run(["similar", home.appendingPathComponent("nope.csv").path, "text"], home: home)
        #expect(missing.status != 0 && missing.stderr.contains("nope.csv"), "\(missing.stderr)")
        let bench = try TFProcess.run(["bench", "pipeline", "--n", "0"], home: home)
        #expect(bench.status == 2 && bench.stderr.contains("--n must be at least 1"), "\(bench.stderr)")
    }
}
