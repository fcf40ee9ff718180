import Foundation
import Testing

@testable import TaskFlowREPL

/// Tab completion, from the descriptors: command names, tools, options, fields and paths.
@Suite struct CompletionTests {
    /// A line typed before Tab, and candidates that must (or, with `!`, must not) be offered.
    @Test(arguments: [
        ("", ["load", "help", "quit", "!.read"]),
        ("lo", ["load"]),
        ("he", ["help"]),
        ("s", ["set", "show", "sql", "save", "source"]),
        (".r", [".read"]),
        ("help so", ["source"]),
        ("help source ", ["!source"]),
        ("use sent", ["sentiment", "sentiment.vader"]),
        ("use sentiment,sentiment.v", ["sentiment,sentiment.vader"]),
        ("enable ", ["sentiment"]),
        ("options s", ["sentiment.vader"]),
        ("set ", ["cache", "batch-size", "sentiment.threshold", "sentiment.vader.threshold"]),
        ("set sentiment.", ["sentiment.threshold", "sentiment.vader.threshold"]),
        ("set sentiment.vader.t", ["sentiment.vader.threshold"]),
        ("set cache ", ["on", "off", "refresh"]),
        ("unset c", ["cache"]),
        ("mode j", ["json"]),
        ("timer ", ["on", "off"]),
        ("device g", ["gpu"]),
        ("device cpu --t", ["--threads"]),
        ("device ", ["cpu", "!--threads"]),
        ("top ", ["sentiment", "topics", "entities", "keyphrases"]),
        ("top sentiment ", ["!sentiment"]),
        ("count ", ["by", "text", "sentiment"]),
        ("count by sent", ["sentiment", "sentiment.score"]),
        ("filter ", ["off", "text~", "score<", "sentiment="]),
        ("sql select * fr", ["from"]),
        ("output o", ["off"]),
        ("load --t", ["--text"]),
        ("nope ", ["!load"]),
        ("quit ", ["!quit"]),
    ])
    func offersCandidatesFromTheDescriptors(line: String, expected: [String]) throws {
        let h = try ReplHarness()
        let completer = Completer(commands: h.session.environment.commands, hints: h.session.hints)
        let got = completer.complete(line)
        for e in expected {
            if e.hasPrefix("!") {
                #expect(!got.contains(String(e.dropFirst())), "'\(line)' offers \(e.dropFirst()): \(got)")
            } else {
                #expect(got.contains(e), "'\(line)' lacks \(e): \(got)")
            }
        }
    }

    @Test func filterCompletionOffersTheLabelsOfTheResults() async throws {
        let h = try ReplHarness()
        try await h.setUp(["load \(ReplHarness.feedback)", "run"])
        let completer = Completer(commands: h.session.environment.commands, hints: h.session.hints)
        #expect(completer.complete("filter sentiment=n") == ["sentiment=negative", "sentiment=neutral"])
        #expect(completer.complete("filter sentiment.n").contains("sentiment.neg<"))
        #expect(completer.complete("count by sentiment.c") == ["sentiment.compound"])
    }

    @Test func modelOptionsOfferInstalledModels() async throws {
        let h = try ReplHarness()
        try FileManager.default.createDirectory(at: h.home.appendingPathComponent("models/tiny-bert"), withIntermediateDirectories: true)
        try await h.setUp(["tools"])
        let completer = Completer(commands: h.session.environment.commands, hints: h.session.hints)
        let options = completer.complete("set ").filter { $0.hasSuffix(".model") }
        try #require(!options.isEmpty, "no analyzer with a model option is registered")
        #expect(completer.complete("set \(options[0]) ").contains("tiny-bert"))
    }

    @Test func pathsCompleteFilesAndFolders() throws {
        let h = try ReplHarness()
        let dir = h.home.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for name in ["reviews.csv", "reviews-2.csv", ".hidden.csv"] {
            _ = FileManager.default.createFile(atPath: dir.appendingPathComponent(name).path, contents: Data("text\nx\n".utf8))
        }
        let completer = Completer(commands: h.session.environment.commands, hints: h.session.hints)
        let base = dir.path + "/"
        #expect(completer.complete("load \(base)rev") == [base + "reviews-2.csv", base + "reviews.csv"])
        #expect(completer.complete("source \(base)s") == [base + "sub/"])
        #expect(completer.complete("save \(base)") == [base + "reviews-2.csv", base + "reviews.csv", base + "sub/"])
        #expect(completer.complete("load \(base).h") == [base + ".hidden.csv"])
        #expect(completer.complete("report \(base)nothing") == [])
        #expect(completer.complete("load /no/such/dir/x") == [])
    }
}
