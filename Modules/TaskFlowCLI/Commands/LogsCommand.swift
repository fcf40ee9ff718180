import ArgumentParser
import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowWorkspace

/// `tf logs`: the language-model calls runs made, from the store's `llm_call` log.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "List the language-model calls of runs: tokens, time, cost, cache, retries, outcome.",
        discussion: """
            Every call an agent makes is logged in the results store with its prompt and answer
            (never a key). --json prints one JSON object per call, prompt and answer included.
            --prices prints the price table costs are computed with (the shipped prices, with
            $TF_HOME/llm-prices.json laid over them).
            Examples:
              tf logs --run last
              tf logs --run 12 --json
            """)

    @Option(help: "Only this run's calls: a run number or last.")
    var run: String?

    @Option(name: .customShort("n"), help: "At most this many calls (the newest, without --run).")
    var limit: Int = 100

    @Flag(help: "One JSON object per call, with the prompt and the answer.")
    var json = false

    @Flag(help: "Print the price table instead (dollars per million tokens).")
    var prices = false

    @Option(help: "Results database. Default: $TF_DB, else $TF_HOME/taskflow.sqlite.")
    var db: String?

    @OptionGroup var pluginFlags: PluginFlags

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("-n must be at least 1") }
    }

    func run() async throws {
        try await runReporting {
            let workspace = try pluginFlags.openWorkspace(database: db)
            if prices {
                var t = TextTable(headers: ["provider", "model", "input $/M", "output $/M"], rightAligned: [2, 3])
                for p in try workspace.llmPrices() {
                    t.rows.append([
                        TerminalSafe.neutralise(p.provider), TerminalSafe.neutralise(p.model), String(format: "%.2f", p.input),
                        String(format: "%.2f", p.output),
                    ])
                }
                print(t.render(width: Terminal.width()), terminator: "")
                return
            }
            let calls = try await workspace.llmCalls(run: run, limit: limit)
            if json {
                for c in calls { print(Self.json(c).jsonString) }
                return
            }
            guard !calls.isEmpty else {
                FileHandle.standardError.write(Data("no language-model calls logged\(run.map { " for run \($0)" } ?? "") yet\n".utf8))
                return
            }
            var t = TextTable(
                headers: ["id", "run", "agent", "model", "in", "out", "seconds", "first", "cost $", "cache", "retries", "outcome"],
                rightAligned: [0, 1, 4, 5, 6, 7, 8, 10])
            var cost = 0.0
            var tokensIn = 0
            var tokensOut = 0
            for c in calls {
                cost += c.cost ?? 0
                tokensIn += c.inputTokens
                tokensOut += c.outputTokens
                t.rows.append([
                    c.id.map(String.init) ?? "", c.runID.map(String.init) ?? "", TerminalSafe.neutralise(c.agent),
                    TerminalSafe.neutralise(c.provider + "/" + c.model), "\(c.inputTokens)\(c.tokensEstimated ? "~" : "")",
                    "\(c.outputTokens)\(c.tokensEstimated ? "~" : "")", String(format: "%.2f", c.seconds),
                    c.firstTokenSeconds.map { String(format: "%.2f", $0) } ?? "", c.cost.map { String(format: "%.5f", $0) } ?? "?",
                    c.cache == .none ? "" : c.cache.rawValue, c.retries == 0 ? "" : "\(c.retries)", TerminalSafe.neutralise(c.outcome),
                ])
            }
            print(t.render(width: Terminal.width()), terminator: "")
            print(String(format: "%d calls, %d tokens in, %d out, $%.5f", calls.count, tokensIn, tokensOut, cost))
        }
    }

    /// A call as JSON (`tf logs --json`).
    static func json(_ c: LLMCallRecord) -> JSONValue {
        var f: [JSONField] = [
            JSONField("id", c.id.map { .int(Int($0)) } ?? .null), JSONField("run", c.runID.map { .int(Int($0)) } ?? .null),
            JSONField("agent", .string(c.agent)), JSONField("provider", .string(c.provider)), JSONField("model", .string(c.model)),
            JSONField("promptHash", .string(c.promptHash)), JSONField("inputTokens", .int(c.inputTokens)),
            JSONField("outputTokens", .int(c.outputTokens)), JSONField("tokensEstimated", .bool(c.tokensEstimated)),
            JSONField("seconds", .double(c.seconds)), JSONField("firstTokenSeconds", c.firstTokenSeconds.map(JSONValue.double) ?? .null),
            JSONField("cost", c.cost.map(JSONValue.double) ?? .null), JSONField("cache", .string(c.cache.rawValue)),
            JSONField("retries", .int(c.retries)), JSONField("rateLimited", .int(c.rateLimited)), JSONField("outcome", .string(c.outcome)),
            JSONField("error", c.error.map(JSONValue.string) ?? .null),
            JSONField("request", (try? JSONParser.parse(c.request)) ?? .string(c.request)),
            JSONField("response", c.response.map(JSONValue.string) ?? .null),
            JSONField("createdAt", .string(c.createdAt.formatted(.iso8601))),
        ]
        f.removeAll { $0.key == "error" && $0.value == .null }
        return .object(f)
    }
}
