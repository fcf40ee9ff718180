import Testing

@testable import TaskFlowREPL

@Suite struct ArgumentsAndScriptTests {
    @Test(arguments: [
        ("a b  c", ["a", "b", "c"]),
        ("'a b' c", ["a b", "c"]),
        ("\"a \\\"b\\\"\" c", ["a \"b\"", "c"]),
        ("text~\"battery life\"", ["text~battery life"]),
        ("a\\ b", ["a b"]),
        ("''", [""]),
        ("", []),
        ("it''s ok", ["its", "ok"]),
    ])
    func tokenizesLikeAShell(text: String, words: [String]) throws {
        #expect(try ReplArguments.tokenize(text) == words)
    }

    @Test(arguments: ["'open", "\"open", "a 'b"])
    func anUnclosedQuoteIsAnError(text: String) {
        #expect { try ReplArguments.tokenize(text) } throws: { "\($0)".contains("unclosed") }
    }

    @Test(arguments: ["plain", "with space", "it's", "a\\b", "#hash", "", "\"q\""])
    func quotedWordsReadBackUnchanged(word: String) throws {
        #expect(try ReplArguments.tokenize(ReplArguments.quote(word)) == [word])
    }

    @Test func parsesOptionsFlagsAndPositionals() throws {
        let args = try ReplArguments.parse("load f.csv --text body --id=ticket --fast")
        #expect(args.commandWord == "load")
        #expect(args.rest == "f.csv --text body --id=ticket --fast")
        let p = try args.parse(options: ["--text", "--id"], flags: ["--fast"])
        #expect(p.positional == ["f.csv"])
        #expect(p.values == ["--text": "body", "--id": "ticket"])
        #expect(p.flags == ["--fast"])
        #expect { try args.parse(options: ["--text", "--id"]) } throws: { "\($0)".contains("unknown option '--fast'") }
    }

    @Test func sessionFilesHaveCommentsAndContinuations() {
        let text = """
            # a comment
            load a.csv \\
                --text body

              # indented comment
            sql select 1 \\
            \\
               from run\r
            run
            show \\
            """
        #expect(SessionScript.commands(in: text) == [
            ScriptCommand(text: "load a.csv --text body", line: 2),
            ScriptCommand(text: "sql select 1 from run", line: 6),
            ScriptCommand(text: "run", line: 9),
            ScriptCommand(text: "show", line: 10),
        ])
    }

    @Test(arguments: [
        ("load a; run;show 3", ["load a", "run", "show 3"]),
        ("filter text~'a;b'; count", ["filter text~'a;b'", "count"]),
        (" ; ;", []),
        ("sql select ';'", ["sql select ';'"]),
    ])
    func oneLinersSplitOnSemicolonsOutsideQuotes(text: String, commands: [String]) {
        #expect(SessionScript.splitCommands(text) == commands)
    }
}
