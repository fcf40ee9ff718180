import Testing

@testable import TaskFlowREPL

@Suite struct CommandTableTests {
    let table = CommandTable.builtin()

    @Test func builtinNamesAreDistinctAndDescribed() {
        #expect(table.commands.count == BuiltinCommands.all.count)
        for d in table.descriptors {
            #expect(d.usage.hasPrefix(d.name), "\(d.name): usage starts with the name")
            #expect(!d.summary.isEmpty && !d.summary.contains("\n"), "\(d.name): one-line summary")
        }
    }

    @Test(arguments: [
        ("load", "load"), ("lo", "load"), ("LOAD", "load"), (".read", "source"), ("exit", "quit"), (".quit", "quit"),
        ("q", "quit"), ("?", "help"), ("where", "filter"), ("pi", "pipeline"), ("res", "results"), ("run", "run"),
        ("runs", "runs"), ("sq", "sql"),
    ])
    func resolvesNamesAliasesAndPrefixes(word: String, name: String) throws {
        #expect(try table.resolve(word).descriptor.name == name)
    }

    @Test(arguments: [
        ("lod", "Unknown command 'lod'. Did you mean 'load'?"),
        ("shwo", "Did you mean 'show'?"),
        ("xyzzy", "Unknown command 'xyzzy'."),
        ("s", "Ambiguous command 's': it could be set, show, similar, sql, save or source"),
        ("re", "Ambiguous command 're'"),
        (String(repeating: "x", count: 5000), "Unknown command 'xxxxxxxx"),
    ])
    func unknownAndAmbiguousWordsSayWhatTheyCouldBe(word: String, message: String) {
        #expect {
            try table.resolve(word)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    struct PingCommand: ReplCommand {
        static let descriptor = CommandDescriptor(
            name: "ping", aliases: ["pong"], usage: "ping [WORD]", summary: "Answer", category: .shell,
            completion: .words(["loud", "quiet"]))

        func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
            session.console.print("pong \(args.words.first ?? "")")
            return .ok
        }
    }

    @Test func pluginsAddCommandsThatGetHelpCompletionAndDispatch() async throws {
        let commands = CommandTable.builtin()
        try commands.register(PingCommand.self)
        #expect(throws: (any Error).self) { try commands.register(PingCommand.self) }
        let h = try ReplHarness(commands: commands)
        #expect(await h.run("ping loud").out == "pong loud\n")
        #expect(await h.run("pon").out == "pong \n")
        #expect(await h.run("help").out.contains("ping [WORD]"))
        let completer = Completer(commands: commands, hints: h.session.hints)
        #expect(completer.complete("pi") == ["ping", "pipeline"])
        #expect(completer.complete("ping l") == ["loud"])
    }

    @Test func aCommandClashingWithABuiltinIsRefused() {
        struct Clash: ReplCommand {
            static let descriptor = CommandDescriptor(name: "mine", aliases: ["load"], usage: "mine", summary: "x", category: .shell)
            func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome { .ok }
        }
        #expect { try table.register(Clash.self) } throws: { "\($0)".contains("'load' is already registered") }
    }
}
