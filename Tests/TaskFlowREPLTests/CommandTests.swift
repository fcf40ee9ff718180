import Foundation
import Testing

@testable import TaskFlowREPL

/// One command line, what runs before it, and what it must print.
struct CommandCase: Sendable, CustomTestStringConvertible {
    var setup: [String]
    var line: String
    var status: CommandStatus
    /// Substrings of stdout, and substrings that must not be there (prefixed with `!`).
    var out: [String]
    var err: [String]

    init(_ line: String, after setup: [String] = [], _ status: CommandStatus = .ok, out: [String] = [], err: [String] = []) {
        self.setup = setup
        self.line = line
        self.status = status
        self.out = out
        self.err = err
    }

    var testDescription: String { (setup + [line]).joined(separator: "; ") }
}

let load = "load $FEEDBACK"
let ran = [load, "run"]

/// Every built-in command, its happy path and its error paths, in process.
@Suite struct CommandTests {
    static let data: [CommandCase] = [
        CommandCase(load, err: ["loaded feedback.csv: 351 records", "text column text, id column id"]),
        CommandCase("load $TICKETS --text body --id ticket", err: ["40 records", "jsonl", "id column ticket"]),
        CommandCase("load $TICKETS --text=body --id=ticket --limit 10", err: ["10 records"]),
        CommandCase("load $MALFORMED", err: ["warning:", "malformed rows skipped (lines 5"]),
        CommandCase("load $PLAYGROUND/nope.csv", .failed, err: ["nope.csv: no such file", "hint:"]),
        CommandCase("load $PLAYGROUND", .failed, err: ["is a folder"]),
        CommandCase("load", .failed, err: ["usage: load PATH"]),
        CommandCase("load a b", .failed, err: ["usage: load PATH"]),
        CommandCase("load $FEEDBACK --txt body", .failed, err: ["unknown option '--txt'", "did you mean '--text'?"]),
        CommandCase("load $FEEDBACK --text", .failed, err: ["--text needs a value"]),
        CommandCase("load $FEEDBACK --text body", .failed, err: ["no text column \"body\""]),
        CommandCase("load $FEEDBACK --limit 0", .failed, err: ["--limit must be a positive whole number"]),
        CommandCase("load $HOME/readme.md", .failed, err: ["no such file"]),
        CommandCase("info", .failed, err: ["error: no dataset loaded", "hint: load PATH first"]),
        CommandCase("info", after: [load], out: ["columns", "id, product, channel, rating, created, text", "351", "none yet"]),
        CommandCase("info", after: ran, out: ["run #1: completed, 351 records with sentiment.vader"]),
        CommandCase("info extra", after: [load], .failed, err: ["usage: info"]),
        CommandCase("head", after: [load], out: ["FB-0001", "FB-0010", "!FB-0011"]),
        CommandCase("head 2", after: [load], out: ["FB-0002", "!FB-0003"]),
        CommandCase("head x", after: [load], .failed, err: ["not a positive number"]),
        CommandCase("head", .failed, err: ["no dataset loaded"]),
    ]

    static let pipeline: [CommandCase] = [
        CommandCase("tools", out: ["sentiment.vader", "sentiment", "VADER", "yes (#1)"]),
        CommandCase("tools x", .failed, err: ["usage: tools"]),
        CommandCase("use sentiment", err: ["tools: sentiment.vader"]),
        CommandCase("use sentiment.vader,sentiment", err: ["tools: sentiment.vader"]),
        CommandCase("use nope", .failed, err: ["unknown tool 'nope'", "available: sentiment.vader"]),
        CommandCase("use sentimnt", .failed, err: ["did you mean 'sentiment'?"]),
        CommandCase("use", .failed, err: ["usage: use TOOL"]),
        CommandCase("enable sentiment", err: ["already enabled"]),
        CommandCase("enable sentiment", after: ["disable sentiment"], err: ["tools: sentiment.vader"]),
        CommandCase("enable", .failed, err: ["usage: enable"]),
        CommandCase("disable sentiment", err: ["tools: none"]),
        CommandCase("disable sentiment", after: ["disable sentiment"], .failed, err: ["sentiment.vader is not enabled"]),
        CommandCase("disable nope", .failed, err: ["unknown tool"]),
        CommandCase("set sentiment.threshold 0.3", err: ["sentiment.vader.threshold = 0.3"]),
        CommandCase("set sentiment.vader.threshold 0.3", err: ["sentiment.vader.threshold = 0.3"]),
        CommandCase("set sentiment.threshold 0.3", after: ["disable sentiment"], err: ["is not enabled"]),
        CommandCase("set sentiment.threshold abc", .failed, err: ["'abc' is not a valid value"]),
        CommandCase("set sentiment.nope 1", .failed, err: ["has no option 'nope'", "threshold"]),
        CommandCase("set nope.threshold 1", .failed, err: ["unknown tool 'nope'"]),
        CommandCase("set threshold 1", .failed, err: ["is not TOOL.OPTION"]),
        CommandCase("set sentiment.threshold", .failed, err: ["usage: set"]),
        CommandCase("set cache off", err: ["cache: off"]),
        CommandCase("set cache maybe", .failed, err: ["on, off or refresh"]),
        CommandCase("set batch-size 100", err: ["batch size: 100"]),
        CommandCase("set batch-size 0", .failed, err: ["batch-size must be"]),
        CommandCase("set", out: ["sentiment.vader.threshold", "cache", "batch-size"]),
        CommandCase("unset sentiment.threshold", after: ["set sentiment.threshold 0.3"], err: ["= 0.05 (default)"]),
        CommandCase("unset sentiment", after: ["set sentiment.threshold 0.3"], err: ["every option back to its default"]),
        CommandCase("unset cache", after: ["set cache off"], err: ["cache: on"]),
        CommandCase("unset batch-size", err: ["batch size: 256"]),
        CommandCase("unset sentiment.nope", .failed, err: ["has no option 'nope'"]),
        CommandCase("unset", .failed, err: ["usage: unset"]),
        CommandCase("options", out: ["sentiment.vader.threshold", "0.05", "compound"]),
        CommandCase("options sentiment", after: ["set sentiment.threshold 0.3"], out: ["0.3 *", "!batch-size"]),
        CommandCase("options nope", .failed, err: ["unknown tool 'nope'"]),
        CommandCase("device", out: ["device: auto → cpu ("]),
        CommandCase("device cpu --threads 1", err: ["device: cpu (1 thread)"]),
        CommandCase("device --threads 2", err: ["device: auto → cpu (2 threads)"]),
        CommandCase("device gpu", .failed, err: ["device 'gpu:0' is not available", "hint: device cpu"]),
        CommandCase("device tpu", .failed, err: ["unknown device 'tpu'"]),
        CommandCase("device cpu --threads x", .failed, err: ["--threads must be a positive whole number"]),
        CommandCase("device cpu gpu", .failed, err: ["usage: device"]),
        CommandCase("pipeline", out: ["none: load PATH first", "sentiment.vader", "threshold=0.05", "store"]),
        CommandCase("pipeline", after: [load, "set sentiment.threshold 0.4", "filter sentiment=negative"],
            out: ["feedback.csv (csv, 351 records", "threshold=0.4*", "sentiment=negative"]),
        CommandCase("pipeline", after: ["disable sentiment"], out: ["none: enable TOOL first"]),
        CommandCase("run", .failed, err: ["no dataset loaded", "load PATH first"]),
        CommandCase("run", after: [load, "disable sentiment"], .failed, err: ["no tools enabled"]),
        CommandCase("run", after: [load], err: ["done: 351 records", "with sentiment.vader", "run #1"]),
        CommandCase("run --limit 5", after: [load], err: ["done: 5 records"]),
        CommandCase("run", after: [load, "set cache off", "device cpu --threads 1", "set batch-size 50"], err: ["done: 351 records"]),
        CommandCase("run", after: [load, "filter sentiment=negative"], err: ["done: 351", "filter sentiment=negative: 76 of 351"]),
        CommandCase("run now", after: [load], .failed, err: ["usage: run"]),
    ]

    static let results: [CommandCase] = [
        CommandCase("show", .failed, err: ["no results yet", "load PATH, then run"]),
        CommandCase("show", after: [load], .failed, err: ["no results yet", "hint: run first"]),
        CommandCase("show", after: ran, out: ["FB-0001", "sentiment", "score", "FB-0010", "!FB-0011"], err: ["10 of 351 records"]),
        CommandCase("show 3", after: ran, out: ["FB-0003", "!FB-0004"]),
        CommandCase("show FB-0004", after: ran, out: ["positive 0.6588", "compound=0.6588", "Great!"]),
        CommandCase("show id FB-0004", after: ran, out: ["Great!"]),
        CommandCase("show nope", after: ran, .failed, err: ["no record with id 'nope'", "FB-0001"]),
        CommandCase("show 0", after: ran, .failed, err: ["usage: show"]),
        CommandCase("show 1 2 3", after: ran, .failed, err: ["usage: show"]),
        CommandCase("show 2", after: ran + ["filter sentiment=negative"], out: ["negative", "!positive"],
            err: ["2 of 76 records matching sentiment=negative (351 in all)"]),
        CommandCase("columns", after: [load], out: ["product", "rating", "integer", "created", "time"], err: ["run to see values"]),
        CommandCase("columns", after: ran, out: ["Pulse Band", "survey"]),
        CommandCase("columns", .failed, err: ["no results yet"]),
        CommandCase("columns x", after: [load], .failed, err: ["usage: columns"]),
        CommandCase("trend sentiment by month", after: ran, out: ["2026-01", "mean sentiment", "% positive"], err: ["sentiment by month of created"]),
        CommandCase("trend sentiment by week by product", after: ran, out: ["Aura Speaker", "per week"]),
        CommandCase("trend emotion", after: ran, .failed, err: ["the results have no emotion values", "tasks in the results: sentiment"]),
        CommandCase("trend sentiment --time channel", after: ran, .failed, err: ["no record has a time in column 'channel'"]),
        CommandCase("trend sentiment by", after: ran, .failed, err: ["usage: trend"]),
        CommandCase("trend", .failed, err: ["usage: trend"]),
        CommandCase("top sentiment by product", after: ran, out: ["Aura Speaker", "positive (59)"]),
        CommandCase("top sentiment by", after: ran, .failed, err: ["usage: top"]),
        CommandCase("top sentiment", after: ran,
            out: ["sentiment (sentiment.vader) over 351 records", "positive  186", "neutral    89", "negative   76", "█", "mean score +0.19"]),
        CommandCase("top sentiment 1", after: ran, out: ["positive", "!negative"], err: ["2 more"]),
        CommandCase("top sentiment.vader", after: ran, out: ["positive"]),
        CommandCase("top sentiment", after: ran + ["filter sentiment=negative"], out: ["over 76 records matching sentiment=negative", "100.0%"]),
        CommandCase("top topics", .failed, err: ["no results yet"]),
        CommandCase("top topics", after: ran, .failed, err: ["the results have no topic values", "enable topic.cluster, then run"]),
        CommandCase("topic", .failed, err: ["no results yet"]),
        CommandCase("topic", after: ran, .failed, err: ["the last run found no topics", "enable topic"]),
        CommandCase("topic 1 2", after: ran, .failed, err: ["usage: topic"]),
        CommandCase("similar", .failed, err: ["usage: similar"]),
        CommandCase("similar \"battery dies\" 5 6", .failed, err: ["usage: similar"]),
        CommandCase("similar \"battery dies\"", .failed, err: ["no dataset loaded"]),
        CommandCase("top entities", after: ran, .failed, err: ["the results have no entities values", "enable entity.rules, then run"]),
        CommandCase("top keyphrases", after: ran, .failed, err: ["the results have no keyphrases values", "enable keyphrase.yake, then run"]),
        CommandCase("top keyphrases", after: [load, "use sentiment,keyphrase", "run"],
            out: ["keyphrases (keyphrase.yake) over 351 records", "pulse band", "█"]),
        CommandCase("top emotion", after: ran, .failed, err: ["the results have no emotion values", "enable emotion.minilm, then run"]),
        CommandCase("top sentiment", .failed, err: ["no results yet"]),
        CommandCase("top", .failed, err: ["usage: top"]),
        CommandCase("top sentiment 0", after: ran, .failed, err: ["not a positive number"]),
        CommandCase("filter sentiment=negative", after: ran, err: ["filter: sentiment=negative: 76 of 351 records"]),
        CommandCase("filter sentiment = negative", after: ran, err: ["76 of 351"]),
        CommandCase("filter sentiment=negative and score<=-0.5", after: ran, err: ["sentiment=negative score<=-0.5"]),
        CommandCase("filter text~battery sentiment!=positive", after: ran, err: ["text~battery sentiment!=positive:"]),
        CommandCase("filter text~\"battery life\"", after: ran, err: ["text~'battery life'"]),
        CommandCase("filter sentiment.neg>0.3", after: ran, err: ["sentiment.neg>0.3:"]),
        CommandCase("filter id=FB-0004", after: ran, err: ["1 of 351"]),
        CommandCase("filter sentiment=negative", err: ["applies to the results of the next run"]),
        CommandCase("filter", after: ran + ["filter sentiment=negative"], out: ["filter: sentiment=negative (76 of 351 records)"]),
        CommandCase("filter", out: ["filter: off"]),
        CommandCase("filter off", after: ["filter sentiment=negative"], err: ["filter: off"]),
        CommandCase("filter banana", .failed, err: ["'banana' is not a condition"]),
        CommandCase("filter sentimnt=negative", .failed, err: ["unknown field 'sentimnt'", "did you mean 'sentiment'?"]),
        CommandCase("filter score<abc", .failed, err: ["score is a number"]),
        CommandCase("filter =x", .failed, err: ["not a condition"]),
        CommandCase("count", after: ran, out: ["351 records"]),
        CommandCase("count", after: ran + ["filter sentiment=negative"], out: ["76 records match sentiment=negative (of 351)"]),
        CommandCase("count by sentiment", after: ran, out: ["positive", "186", "53.0%", "█"]),
        CommandCase("count sentiment.label", after: ran, out: ["neutral", "89"]),
        CommandCase("count by score", after: ran, out: ["…", "count"]),
        CommandCase("count by nope", after: ran, .failed, err: ["unknown field 'nope'"]),
        CommandCase("count by a b", after: ran, .failed, err: ["usage: count"]),
        CommandCase("count", .failed, err: ["no results yet"]),
        CommandCase("sql select count(*) as n from run", after: ran, out: ["n", "1"], err: ["1 row"]),
        CommandCase("sql select id, status from run;", after: ran, out: ["completed"]),
        CommandCase("sql select 1 as n -- it's a comment", out: ["n", "1"]),
        CommandCase("sql delete from run", .failed, err: ["only read-only queries are allowed"]),
        CommandCase("sql selec 1", .failed, err: ["SQL error", "syntax error"]),
        CommandCase("sql", .failed, err: ["usage: sql"]),
        CommandCase("report", after: ran, out: ["# TaskFlow report: feedback.csv", "## Sentiment (`sentiment.vader`)"]),
        CommandCase("report $HOME/r.md", after: ran, err: ["report: "]),
        CommandCase("report $HOME/r.json", after: ran, err: ["report: "]),
        CommandCase("report $HOME/r.html", after: ran, err: ["report: "]),
        CommandCase("report $HOME/r.pdf", after: ran, .failed, err: ["unknown report type '.pdf'", ".html"]),
        CommandCase("report $HOME/missing/r.md", after: ran, .failed, err: ["folder", "does not exist"]),
        CommandCase("report", .failed, err: ["no results yet"]),
        CommandCase("cache", out: ["entries", "hit rate"]),
        CommandCase("cache stats", after: [load, "set sentiment.threshold 0.1"], out: ["entries"]),
        CommandCase("cache clear --older-than 7d", out: ["removed 0 entries"]),
        CommandCase("cache clear --older-than soon", .failed, err: ["cannot read the age 'soon'"]),
        CommandCase(
            "cache clear --analyzer nosuch", .failed, err: ["no analyzer named 'nosuch' has entries in the cache", "the cache holds no entries"]),
        CommandCase("cache clear --analyzer sentiment.vader", out: ["removed 0 entries"]),
        CommandCase("cache purge", .failed, err: ["usage: cache"]),
        CommandCase("plugins", out: ["no plugins loaded"]),
        CommandCase("plugins x", .failed, err: ["usage: plugins"]),
        CommandCase("plugin load $HOME/missing.so", .failed, err: ["missing.so refused", "no such file"]),
        CommandCase("plugin load $FEEDBACK", .failed, err: ["refused", "invalid ELF header"]),
        CommandCase("plugin unload x", .failed, err: ["usage: plugin load PATH"]),
        CommandCase("runs", out: ["no runs yet"]),
        CommandCase("runs", after: ran + ["run --limit 3"], out: ["feedback.csv", "completed", "sentiment.vader", "351", "3"]),
        CommandCase("runs x", .failed, err: ["not a positive number"]),
        CommandCase("results last", after: ran, err: ["results of run #1 (feedback.csv, completed): 351 records with sentiment.vader"]),
        CommandCase("results 1", after: ran + ["run --limit 3"], err: ["351 records"]),
        CommandCase("results 99", after: ran, .failed, err: ["no run '99'", "the newest is #1"]),
        CommandCase("results last", .failed, err: ["has no runs yet"]),
        CommandCase("results", .failed, err: ["usage: results"]),
    ]

    static let output: [CommandCase] = [
        CommandCase("mode", out: ["mode: table"]),
        CommandCase("mode json", err: ["mode: json"]),
        CommandCase("show 1", after: ran + ["mode json"], out: ["[\n{\"id\":\"FB-0001\"", "\"sentiment\":{\"label\":\"neutral\""]),
        CommandCase("show 1", after: ran + ["mode csv"], out: ["id,sentiment,score,text\r\n", "FB-0001,neutral,0.0000,"]),
        CommandCase("show 1", after: ran + ["mode markdown"], out: ["| id | sentiment | score | text |", "|---|---|---:|---|"]),
        CommandCase("tools", after: ["mode json"], out: ["{\"id\":\"sentiment.vader\""]),
        CommandCase("top sentiment", after: ran + ["mode csv"], out: ["sentiment,count,share\r\n", "positive,186,"]),
        CommandCase("mode md", err: ["mode: markdown"]),
        CommandCase("mode xml", .failed, err: ["unknown mode 'xml'", "table, json, csv, markdown"]),
        CommandCase("output", out: ["output: terminal"]),
        CommandCase("output $HOME/o.txt", err: ["output: "]),
        CommandCase("output off", after: ["output $HOME/o.txt"], err: ["back to the terminal"]),
        CommandCase("output $HOME/missing/o.txt", .failed, err: ["cannot write", "No such file or directory"]),
        CommandCase("timer on", out: []),
        CommandCase("tools", after: ["timer on"], err: ["time: "]),
        CommandCase("timer", after: ["timer on"], out: ["timer: on"]),
        CommandCase("timer maybe", .failed, err: ["timer takes on or off"]),
    ]

    static let session: [CommandCase] = [
        CommandCase("save $HOME/s.tf", after: ran, err: ["saved "]),
        CommandCase("save", .failed, err: ["usage: save"]),
        CommandCase("save $HOME/missing/s.tf", .failed, err: ["does not exist"]),
        CommandCase("save $HOME", .failed, err: ["is a folder"]),
        CommandCase("source $HOME/none.tf", .failed, err: ["no such file"]),
        CommandCase(".read $HOME/none.tf", .failed, err: ["no such file"]),
        CommandCase("source", .failed, err: ["usage: source"]),
        CommandCase("history", out: ["(no history yet)"]),
        CommandCase("bail", out: ["bail: off"]),
        CommandCase("bail", after: ["bail on"], out: ["bail: on"]),
        CommandCase("bail sometimes", .failed, err: ["bail takes on or off"]),
        CommandCase("echo", out: ["echo: off"]),
        CommandCase("tools", after: ["echo on"], out: ["tf> tools", "sentiment.vader"]),
        CommandCase("echo on off", .failed, err: ["echo takes on or off"]),
        CommandCase("clear", out: []),
        CommandCase("clear now", .failed, err: ["usage: clear"]),
        CommandCase("help", out: ["Commands", "Data", "load PATH", "Results", "quit"]),
        CommandCase("help load", out: ["load PATH [--text COL] [--id COL] [--columns all|none|A,B] [--limit N]", "Examples:"]),
        CommandCase("help .read", out: ["source FILE.tf", "aliases: .read"]),
        CommandCase("help nope", .failed, err: ["Unknown command 'nope'"]),
        CommandCase("? set", out: ["set TOOL.OPTION VALUE"]),
        CommandCase("quit", .exit(0)),
        CommandCase("quit 3", .exit(3)),
        CommandCase("exit", .exit(0)),
        CommandCase(".quit", .exit(0)),
        CommandCase("quit", after: ["nope"], .exit(1)),
        CommandCase("quit x", .failed, err: ["exit code must be 0 to 255"]),
        CommandCase("lod x", .failed, err: ["error: Unknown command 'lod'. Did you mean 'load'?", "hint: help lists the commands"]),
        CommandCase("s", .failed, err: ["Ambiguous command 's'", "set", "show", "sql"]),
        CommandCase("lo $FEEDBACK", err: ["loaded feedback.csv"]),
        CommandCase("LOAD $FEEDBACK", err: ["loaded feedback.csv"]),
        CommandCase("# a comment", out: []),
        CommandCase("   ", out: []),
        CommandCase("load 'unclosed", .failed, err: ["unclosed ' quote"]),
    ]

    @Test(arguments: data + pipeline)
    func dataAndPipeline(_ c: CommandCase) async throws { try await check(c) }

    @Test(arguments: results)
    func resultCommands(_ c: CommandCase) async throws { try await check(c) }

    @Test(arguments: output + session)
    func outputAndSessionCommands(_ c: CommandCase) async throws { try await check(c) }

    func check(_ c: CommandCase) async throws {
        let h = try ReplHarness()
        func expand(_ s: String) -> String {
            s.replacingOccurrences(of: "$FEEDBACK", with: ReplHarness.feedback)
                .replacingOccurrences(of: "$TICKETS", with: ReplHarness.tickets)
                .replacingOccurrences(of: "$MALFORMED", with: ReplHarness.malformed)
                .replacingOccurrences(of: "$PLAYGROUND", with: ReplHarness.playground)
                .replacingOccurrences(of: "$HOME", with: h.home.path)
        }
        for line in c.setup {
            let o = await h.run(expand(line))
            // `nope` in a setup is there to fail on purpose.
            if line != "nope" { #expect(o.status == .ok, "setup '\(line)': \(o.err)") }
        }
        let o = await h.run(expand(c.line))
        #expect(o.status == c.status, "status; stderr: \(o.err)")
        for s in c.out {
            if s.hasPrefix("!") {
                #expect(!o.out.contains(String(s.dropFirst())), "stdout has \(s.dropFirst()):\n\(o.out)")
            } else {
                #expect(o.out.contains(s), "stdout lacks \(s):\n\(o.out)\nstderr:\n\(o.err)")
            }
        }
        for s in c.err {
            #expect(o.err.contains(s), "stderr lacks \(s):\n\(o.err)")
        }
        if c.status == .failed {
            #expect(o.err.hasPrefix("error: "), "a failure starts with error:\n\(o.err)")
            #expect(o.err.split(separator: "\n").count <= 2, "one error line plus a hint:\n\(o.err)")
        }
    }

    @Test func everyBuiltinCommandHasACase() {
        let all = Self.data + Self.pipeline + Self.results + Self.output + Self.session
        let used = Set(all.compactMap { c in try? CommandTable.builtin().resolve(String(c.line.split(separator: " ").first ?? "")).descriptor.name })
        let missing = BuiltinCommands.all.map { $0.descriptor.name }.filter { !used.contains($0) }
        #expect(missing.isEmpty, "commands without a test case: \(missing)")
    }
}
