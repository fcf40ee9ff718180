import Foundation
import Testing

/// The Briefing agent plugin through the built binary: without a model, with the mock model
/// (a checked summary, a retry, a refusal) and with a model that fails.
@Suite struct AgentPluginTests {
    static var briefing: String { PluginCommandTests.bundleDirectory.appendingPathComponent("libBriefing.so").path }

    func analyze(_ extra: [String], script: String? = nil) throws -> (TFProcess.Result, report: String, jsonl: [String]) {
        let home = try TFProcess.temporaryDirectory()
        let out = home.appendingPathComponent("o.jsonl").path
        let report = home.appendingPathComponent("r.md").path
        var env: [String: String] = [:]
        if let script {
            let path = home.appendingPathComponent("script.txt").path
            try script.write(toFile: path, atomically: true, encoding: .utf8)
            env["TF_LLM_MOCK_SCRIPT"] = path
        }
        let r = try TFProcess.run(
            ["analyze", "Playground/feedback.csv", "--plugin", PluginCommandTests.toxicity, "--plugin", Self.briefing,
             "--tools", "sentiment,toxicity,briefing", "--format", "jsonl", "-o", out, "--report", report] + extra,
            home: home, environment: env)
        let md = (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""
        let lines = ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        return (r, md, lines)
    }

    @Test func withoutAModelTheBriefingHasFiguresAndQuotesAndLeadsTheReport() throws {
        let (r, md, lines) = try analyze([])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(lines.count == 351)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(Set(first.keys) == ["id", "text", "columns", "sentiment", "toxicity"], "agents add no per-record keys")
        let briefing = try #require(md.range(of: "## Briefing"))
        let run = try #require(md.range(of: "## Run"))
        #expect(briefing.lowerBound < run.lowerBound)
        #expect(md.contains("351 records"))
        #expect(md.contains("**Read first**"))
        #expect(md.contains("needs a language model (`--llm`)"))
        #expect(md.contains("| `briefing/briefing` v1 | done | none | 0 |"))
        #expect(r.stderr.contains("briefing/briefing: 1 report section"))
    }

    @Test func aSummaryWithAnUnsupportedNumberIsRetriedThenKept() throws {
        let (r, md, _) = try analyze(
            ["--llm", "mock"],
            script: "Of 351 comments, 99 read as negative.\n---\nOf 351 comments, 76 read as negative.\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(md.contains("Of 351 comments, 76 read as negative."))
        #expect(!md.contains("99 read as negative"))
        #expect(md.contains("| `briefing/briefing` v1 | done | mock/script | 2 |"))
        #expect(r.stderr.contains("(mock/script, 2 calls"))
    }

    @Test func aSummaryThatStaysWrongIsLeftOutWithANote() throws {
        let (r, md, _) = try analyze(["--llm", "mock"], script: "Of 351 comments, 99 read as negative.\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!md.contains("99 read as negative"))
        #expect(md.contains("## Briefing"))
        #expect(r.stderr.contains("note: briefing/briefing:"))
        #expect(r.stderr.contains("99"))
    }

    @Test func aFailingModelCostsTheSummaryNotTheReport() throws {
        let (r, md, _) = try analyze(["--llm", "mock"], script: "!error 503 service unavailable\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(md.contains("## Briefing"))
        #expect(md.contains("351 records"))
        #expect(r.stderr.contains("503 service unavailable"))
    }

    @Test(arguments: [("gpt", "unknown language-model provider 'gpt'"), ("openai", "needs an API key and OPENAI_API_KEY is not set")])
    func anUnusableModelIsAUsageError(name: String, message: String) throws {
        let (r, _, _) = try analyze(["--llm", name])
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stderr.contains("--llm mock") || r.stderr.contains("none, mock"))
    }

    @Test func pluginsListAndToolsShowTheAgent() throws {
        let home = try TFProcess.temporaryDirectory()
        let list = try TFProcess.run(["plugins", "list", "--plugin", Self.briefing], home: home)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("agent briefing/briefing"))
        let tools = try TFProcess.run(["tools", "--plugin", Self.briefing], home: home)
        #expect(tools.stdout.contains("briefing/briefing"))
        #expect(tools.stdout.contains("read-first=5"))
    }
}
