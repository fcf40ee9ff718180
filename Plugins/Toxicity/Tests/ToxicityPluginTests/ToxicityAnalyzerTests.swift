import Testing
import TaskFlowPluginAPI

@testable import ToxicityPlugin

@Suite struct ToxicityAnalyzerTests {
    let analyzer = try! ToxicityAnalyzer(options: AnalyzerOptions(["threshold": .double(0.5)]), context: AnalyzerContext(homeDirectory: "/tmp"))

    func label(_ text: String) async throws -> (String, Double, Classification) {
        let v = try await analyzer.analyze([Record(id: "1", text: text)], context: AnalyzerContext(homeDirectory: "/tmp"))
        guard case .classification(let c) = v[0] else { Issue.record("not a classification"); return ("", 0, Classification(label: "", score: 0, scores: [])) }
        return (c.label, c.score, c)
    }

    @Test(arguments: [
        "this update is fucking broken",
        "what a load of sh1t",
        "f.u.c.k this app",
        "f u c k this app",
        "fuuuuuck why",
        "f**k the new ui",
        "F*CK",
        "you are all idiots",
        "SHUT UP and fix it, morons",
        "i know where you live",
        "@sshole support",
        "b!tch",
    ])
    func obfuscatedToxicTextIsFlagged(text: String) async throws {
        let (l, score, _) = try await label(text)
        #expect(l == "toxic", "\(text) scored \(score)")
    }

    @Test(arguments: [
        "I love the new battery life",
        "Scunthorpe delivery was quick",
        "Please assess the class of service",
        "This kills the battery but otherwise fine",
        "The shell of the speaker cracked",
        "A cocktail of bugs",
        "",
        "5 stars, 10/10",
        "hello hello hello",
    ])
    func cleanTextIsNotFlagged(text: String) async throws {
        let (l, score, _) = try await label(text)
        #expect(l == "clean", "\(text) scored \(score)")
    }

    @Test(arguments: [
        ("The app is useless after the update", "clean"),
        ("Garbage firmware, total trash", "clean"),
        ("Support was clueless about my order", "clean"),
        ("you are useless", "toxic"),
        ("you're so stupid", "toxic"),
        ("Your team is clueless", "toxic"),
        ("u r pathetic", "toxic"),
        ("this update is f**king useless", "toxic"),
    ])
    func mildInsultsNeedSomeoneAddressed(text: String, expected: String) async throws {
        let (l, score, _) = try await label(text)
        #expect(l == expected, "\(text) scored \(score)")
    }

    @Test func categoriesAndNoisyOr() async throws {
        let (_, score, c) = try await label("you stupid crap, I will kill you")
        #expect(c["threat"] ?? 0 >= 0.9)
        #expect(c["insult"] ?? 0 > 0.5)
        #expect(c["profanity"] ?? 0 > 0.4)
        #expect(score > (c["threat"] ?? 0))
        #expect(score <= 1)
    }

    @Test func mildWordsAloneStayBelowTheThreshold() async throws {
        let (l, score, _) = try await label("damn, the app crashed")
        #expect(l == "clean")
        #expect(score > 0)
    }

    @Test func matchesReportTheTextAsWritten() {
        let m = ToxicityAnalyzer.matches(in: "so f.u.c.k.i.n.g slow")
        #expect(m.first?.term == "fucking")
        #expect(m.first?.text == "f.u.c.k.i.n.g")
    }
}
