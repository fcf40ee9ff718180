import Dispatch
import Foundation
import Synchronization
import TaskFlowLLM
import TaskFlowPluginAPI
import Testing

/// Runs `tf` on a thread outside Swift's cooperative pool, so the loopback server the test
/// process hosts keeps answering while the test waits.
func runOffPool(_ args: [String], home: URL, environment: [String: String]) async throws -> TFProcess.Result {
    try await withCheckedThrowingContinuation { c in
        DispatchQueue.global().async {
            c.resume(with: Result { try TFProcess.run(args, home: home, environment: environment) })
        }
    }
}

/// A provider stand-in that writes narratives from the prompt it gets: the first draft cites an
/// invented number (so the critic sends it back), the revision only what the prompt holds.
final class NarrativeServer: Sendable {
    private let drafts = Mutex(0)
    private let reviews = Mutex(0)
    var draftCount: Int { drafts.withLock { $0 } }
    var reviewCount: Int { reviews.withLock { $0 } }

    func respond(_ r: LoopbackServer.Request) -> LoopbackServer.Response {
        let body = r.json
        let schemaName = body?["response_format"]?["json_schema"]?["name"]?.stringValue ?? body?["tool_choice"]?["name"]?.stringValue
        let prompt = (body?["messages"]?.arrayValue ?? []).compactMap { $0["content"]?.stringValue }.joined(separator: "\n")
        if schemaName == "review" {
            reviews.withLock { $0 += 1 }
            return LoopbackProvider.answer(#"{"score":0.4,"objections":["a number is not among the figures"]}"#, to: r, inputTokens: 900)
        }
        let n = drafts.withLock { d in
            d += 1
            return d
        }
        // Quoted records: "- [ID] text".
        var quotes: [(String, String)] = []
        for line in prompt.split(separator: "\n") where line.hasPrefix("- [") {
            guard let close = line.firstIndex(of: "]") else { continue }
            let id = String(line[line.index(line.startIndex, offsetBy: 3)..<close])
            quotes.append((id, String(line[line.index(after: close)...]).trimmingCharacters(in: .whitespaces)))
        }
        let words = { (t: String) in t.split(separator: " ").filter { $0.count >= 4 && !$0.contains(where: \.isNumber) }.prefix(4).joined(separator: " ") }
        var findings: [JSONValue] = quotes.prefix(3).map { q in
            .object([JSONField("text", .string("Customers write about " + words(q.1))), JSONField("records", .array([.string(q.0)]))])
        }
        if findings.isEmpty { findings = [.object([JSONField("text", .string("nothing quoted")), JSONField("records", .array([]))])] }
        // The topics' first terms (lines `- topic N "a · b · c": …`), without digits, so the revision covers them.
        var terms: [String] = []
        for line in prompt.split(separator: "\n") where line.contains("- topic ") {
            guard let open = line.firstIndex(of: "\""), let close = line[line.index(after: open)...].firstIndex(of: "\"") else { continue }
            let label = line[line.index(after: open)..<close]
            if let t = label.components(separatedBy: " · ").first(where: { !$0.contains(where: \.isNumber) }) { terms.append(t) }
        }
        let topics = terms.isEmpty ? "" : " Topics: " + terms.joined(separator: ", ") + "."
        let summary = n == 1 ? "Complaints rose by 987654 overnight." : "Customers mostly write about what the quoted records show." + topics
        let draft: JSONValue = .object([
            JSONField("title", .string("What customers say")), JSONField("summary", .string(summary)),
            JSONField("findings", .array(findings)), JSONField("recommendations", .array([.string("Read the quoted records.")])),
        ])
        return LoopbackProvider.answer(draft.jsonString, to: r, inputTokens: prompt.utf8.count / 4, pieceBytes: 40)
    }
}

@Suite("Language models over HTTP in a run", .serialized)
struct LanguageModelRunTests {
    static let key = "sk-e2e-SECRET-0123456789abcdef"

    @Test("writer and critic against a local OpenAI-compatible server: narrative, logs with tokens and cost, no key anywhere")
    func writerAndCriticEndToEnd() async throws {
        let fake = NarrativeServer()
        let server = try await LoopbackServer.start { fake.respond($0) }
        defer { Task { await server.stop() } }
        // Topics need an embedding model: the tiny BERT stands in for all-MiniLM-L6-v2 (emotion's
        // shipped head needs the real one, so emotion is left out here).
        let home = try homeWithTinyModel()
        defer { try? FileManager.default.removeItem(at: home) }
        let env = ["OPENAI_BASE_URL": server.baseURL + "/v1", "OPENAI_API_KEY": Self.key, "TF_LLM_MODEL": "gpt-4o-mini"]
        let report = home.appendingPathComponent("report.md").path
        let out = home.appendingPathComponent("out.jsonl").path
        let tools = "sentiment,topic,keyphrase,writer,critic"
        let r = try await runOffPool(
            ["analyze", "Playground/feedback.csv", "--tools", tools, "--llm", "openai", "--report", report, "--format", "jsonl", "-o", out],
            home: home, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let md = try String(contentsOfFile: report, encoding: .utf8)
        #expect(md.contains("## Narrative"))
        #expect(md.contains("What customers say"))
        #expect(md.contains("Critic score"))
        #expect(!md.contains("987654"), "the revision replaced the draft with the invented number")
        #expect(fake.draftCount == 2 && fake.reviewCount == 1)
        // The HTML report from the store carries the narrative and the critic's score.
        let html = home.appendingPathComponent("report.html").path
        let rendered = try await runOffPool(["report", "last", "-o", html], home: home, environment: env)
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("What customers say") && page.contains("Critic score"))
        #expect(!page.contains("&lt;sub"))
        let logs = try await runOffPool(["logs", "--run", "last", "--json"], home: home, environment: env)
        #expect(logs.status == 0, "\(logs.stderr)")
        let calls = logs.stdout.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
        #expect(calls.count == 3)
        #expect(calls.map { $0["agent"]?.stringValue ?? "" } == ["writer", "critic", "critic"])
        #expect(calls.allSatisfy { ($0["inputTokens"]?.intValue ?? 0) > 0 && ($0["outputTokens"]?.intValue ?? 0) > 0 })
        #expect(calls.allSatisfy { ($0["cost"]?.doubleValue ?? 0) > 0 }, "gpt-4o-mini has a price")
        #expect(calls.allSatisfy { $0["outcome"]?.stringValue == "ok" })
        // The key is nowhere: not in the store, the cache, the outputs or what tf printed.
        for path in try FileManager.default.subpathsOfDirectory(atPath: home.path) {
            let full = home.appendingPathComponent(path).path
            guard let data = FileManager.default.contents(atPath: full) else { continue }
            #expect(data.range(of: Data(Self.key.utf8)) == nil, "the key is in \(path)")
        }
        #expect(!(r.stdout + r.stderr + logs.stdout + logs.stderr).contains(Self.key))
        // A second run answers from the exact cache: no new request reaches the server.
        let before = server.requestCount
        let again = try await runOffPool(
            ["analyze", "Playground/feedback.csv", "--tools", tools, "--llm", "openai", "-q", "--report", report],
            home: home, environment: env)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(server.requestCount == before)
        let cached = try await runOffPool(["logs", "--run", "last", "--json"], home: home, environment: env)
        #expect(cached.stdout.split(separator: "\n").allSatisfy { $0.contains(#""cache":"exact""#) })
        // The replay provider writes the same report offline, from the log.
        let replayed = try await runOffPool(
            ["analyze", "Playground/feedback.csv", "--tools", tools, "--llm", "replay", "--no-cache", "-q",
             "--report", report],
            home: home, environment: [:])
        #expect(replayed.status == 0, "\(replayed.stderr)")
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("What customers say"))
        #expect(server.requestCount == before)
        await server.stop()
    }

    @Test("when every retry fails the run completes without the narrative, says why and exits 3")
    func failingProviderLeavesTheRestOfTheReport() async throws {
        let server = try await LoopbackServer.start { LoopbackProvider.error(503, "overloaded", to: $0) }
        defer { Task { await server.stop() } }
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let report = home.appendingPathComponent("report.md").path
        let r = try await runOffPool(
            ["analyze", "Playground/feedback.csv", "--tools", "sentiment,writer", "--llm", "openai", "--report", report],
            home: home, environment: ["OPENAI_BASE_URL": server.baseURL + "/v1", "OPENAI_API_KEY": Self.key, "TF_LLM_RETRIES": "1"])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains("writer"))
        #expect(r.stderr.contains("HTTP 503"))
        let md = try String(contentsOfFile: report, encoding: .utf8)
        #expect(md.contains("## Sentiment"))
        #expect(!md.contains("## Narrative"))
        #expect(md.contains("failed: "))
        #expect(md.contains("after 2 attempts"))
        #expect(server.requestCount == 2)
        await server.stop()
    }

    @Test("--budget refuses a call that would pass it, and the report says so")
    func budgetRefusesCalls() async throws {
        let fake = NarrativeServer()
        let server = try await LoopbackServer.start { fake.respond($0) }
        defer { Task { await server.stop() } }
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let report = home.appendingPathComponent("report.md").path
        let r = try await runOffPool(
            ["analyze", "Playground/feedback.csv", "--tools", "sentiment,writer", "--llm", "openai", "--llm-model", "gpt-4o",
             "--budget", "0.0001", "--report", report],
            home: home, environment: ["OPENAI_BASE_URL": server.baseURL + "/v1", "OPENAI_API_KEY": Self.key])
        #expect(r.status == 3)
        #expect(r.stderr.contains("budget"))
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("budget"))
        #expect(server.requestCount == 0)
        let bad = try await runOffPool(["analyze", "Playground/feedback.csv", "--budget", "-1"], home: home, environment: [:])
        #expect(bad.status == 2)
        await server.stop()
    }

    @Test("each agent may use its own provider and model")
    func perAgentModels() async throws {
        let fake = NarrativeServer()
        let server = try await LoopbackServer.start { fake.respond($0) }
        defer { Task { await server.stop() } }
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let report = home.appendingPathComponent("report.json").path
        let r = try await runOffPool(
            ["analyze", "Playground/feedback.csv", "--tools", "sentiment,writer,critic", "--llm", "openai", "--set", "writer.model=gpt-4.1-mini",
             "--set", "critic.llm=mock", "--report", report, "-q"],
            home: home, environment: ["OPENAI_BASE_URL": server.baseURL + "/v1", "OPENAI_API_KEY": Self.key])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONParser.parse(try String(contentsOfFile: report, encoding: .utf8))
        let agents = json["agents"]?.arrayValue ?? []
        #expect(agents.map { $0["model"]?.stringValue ?? "" } == ["openai/gpt-4.1-mini", "mock/echo"])
        #expect(fake.draftCount == 1, "the writer asked the server once; the critic asked the mock")
        await server.stop()
    }

    @Test(
        "mistakes with the language-model options are usage errors that name the fix",
        arguments: [
            (["analyze", "Playground/feedback.csv", "--tools", "sentiment,writer", "--llm", "mock", "--set", "llm.semantic-cache=2"],
             "llm.semantic-cache must be a similarity above 0 and at most 1"),
            (["analyze", "Playground/feedback.csv", "--tools", "sentiment,writer", "--llm", "mock", "--set", "llm.speed=3"],
             "llm has no option 'speed'"),
            (["analyze", "Playground/feedback.csv", "--tools", "sentiment,critic", "--llm", "mock", "--set", "critic.quality-threshold=5"],
             "critic.quality-threshold must be between 0 and 1"),
            (["analyze", "Playground/feedback.csv", "--tools", "sentiment,writer", "--llm", "mock", "--set", "writer.quotes=0"],
             "writer.quotes must be between 1 and 30"),
            (["analyze", "Playground/feedback.csv", "--tools", "sentiment,writer", "--llm", "anthropic"],
             "ANTHROPIC_API_KEY is not set"),
            (["analyze", "Playground/feedback.csv", "--tools", "sentiment,writer", "--llm", "openai", "--budget", "0"],
             "--budget must be a positive number"),
            (["logs", "--run", "99"], "no run '99'"),
            (["logs", "-n", "0"], "-n must be at least 1"),
            (["eval", "semantic-cache", "--data", "Playground/feedback.csv"], "is not a pair"),
            (["eval", "semantic-cache", "--data", "/nonexistent/pairs.jsonl"], "cannot read /nonexistent/pairs.jsonl"),
        ])
    func usageMistakes(args: [String], message: String) async throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        // A store with one run, so that `logs --run 99` names a run that is not there.
        _ = try await runOffPool(["analyze", "Playground/feedback.csv", "-q", "-o", "/dev/null"], home: home, environment: [:])
        let r = try await runOffPool(args, home: home, environment: ["ANTHROPIC_API_KEY": "", "OPENAI_API_KEY": ""])
        #expect(r.status == 2, "\(args): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
    }

    @Test("a price table in TF_HOME that is not one is named, with the shape to write")
    func badPriceTable() async throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        try #"{"openai": ["not", "models"]}"#.write(to: home.appendingPathComponent("llm-prices.json"), atomically: true, encoding: .utf8)
        let r = try await runOffPool(["logs", "--prices"], home: home, environment: [:])
        #expect(r.status == 2)
        #expect(r.stderr.contains("llm-prices.json is not a price table"), "\(r.stderr)")
        let run = try await runOffPool(["analyze", "Playground/feedback.csv", "--tools", "sentiment,writer", "--llm", "mock", "-q"], home: home, environment: [:])
        #expect(run.status == 2, "\(run.stderr)")
    }
}
