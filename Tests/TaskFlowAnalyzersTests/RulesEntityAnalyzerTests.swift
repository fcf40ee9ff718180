import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

@testable import TaskFlowAnalyzers

@Suite("entity.rules")
struct RulesEntityAnalyzerTests {
    let extractor = EntityRulesExtractor()

    /// `(text, label)` pairs found in `text`.
    func found(_ text: String, _ e: EntityRulesExtractor? = nil) -> [String] {
        (e ?? extractor).entities(text).map { "\($0.text)|\($0.label)" }
    }

    @Test("each label on a table of cases", arguments: [
        ("see https://example.com/a?b=1 now", "https://example.com/a?b=1|URL"),
        ("go to www.taskflow.dev.", "www.taskflow.dev|URL"),
        ("read (https://en.wikipedia.org/wiki/Swift_(programming_language)).", "https://en.wikipedia.org/wiki/Swift_(programming_language)|URL"),
        ("docs at example.com/help, thanks", "example.com/help|URL"),
        ("mail jane.doe+tf@example.co.uk today", "jane.doe+tf@example.co.uk|EMAIL"),
        ("thanks @jack_b for this", "@jack_b|MENTION"),
        ("loving the #BatteryLife today", "#BatteryLife|HASHTAG"),
        ("it cost $5 only", "$5|MONEY"),
        ("paid €3.50 for it", "€3.50|MONEY"),
        ("raised £1.2m last year", "£1.2m|MONEY"),
        ("about 20 USD a month", "20 USD|MONEY"),
        ("battery down 15% already", "15%|PERCENT"),
        ("up 3.5 percent", "3.5 percent|PERCENT"),
        ("released 2024-03-05 at last", "2024-03-05|DATE"),
        ("due 03/05/2024 or so", "03/05/2024|DATE"),
        ("see you March 5 then", "March 5|DATE"),
        ("born 5 March 2024 here", "5 March 2024|DATE"),
        ("on Mar 5th, 2024 it broke", "Mar 5th, 2024|DATE"),
        ("closed on Monday again", "Monday|DATE"),
        ("meet at 9:30 pm sharp", "9:30 pm|TIME"),
        ("starts 14:00 daily", "14:00|TIME"),
        ("call 555-123-4567 now", "555-123-4567|PHONE"),
        ("call +44 20 7946 0958 now", "+44 20 7946 0958|PHONE"),
        ("call (555) 123-4567 now", "(555) 123-4567|PHONE"),
        ("the 4.2 update broke it", "4.2|VERSION"),
        ("after v2.1.3 it works", "v2.1.3|VERSION"),
        ("since iOS 17 it lags", "iOS 17|VERSION"),
        ("I met Sarah Connor yesterday", "Sarah Connor|PERSON"),
        ("the letter from Dr Watson came", "Watson|PERSON"),
        ("I work at Acme Corp now", "Acme Corp|ORG"),
        ("Google bought it", "Google|ORG"),
        ("we flew to Lisbon last week", "Lisbon|LOC"),
        ("we live in Gardena now", "Gardena|LOC"),
        ("walked down Redondo Beach Blvd today", "Redondo Beach Blvd|LOC"),
        ("my new iPhone is great", "iPhone|PRODUCT"),
        ("the Halo Cam stopped", "Halo Cam|PRODUCT"),
        ("pairing over Bluetooth fails", "Bluetooth|PRODUCT"),
        ("my Pixel keeps rebooting", "Pixel|PRODUCT"),
        ("we were watching Stranger Things all night", "Stranger Things|WORK"),
        ("I am playing Minecraft again", "Minecraft|WORK"),
        ("a concert by Coldplay tonight", "Coldplay|GROUP"),
        ("she studies at Ohio State University", "Ohio State University|GROUP"),
    ])
    func labels(_ text: String, _ expected: String) {
        #expect(found(text).contains(expected), "\(found(text))")
    }

    @Test("nothing in texts without entities", arguments: [
        "", " ", "\n\t  \n", "i love this phone so much", "The battery is bad. It dies fast.", "12 3.5 1,000", "ok ok ok",
        "Thanks for the help!", "LOL this is SO bad",
    ])
    func nothing(_ text: String) {
        #expect(extractor.entities(text).isEmpty, "\(found(text))")
    }

    @Test func offsetsCountUnicodeScalars() {
        let text = "😀 café 👍🏽 then @bob at https://x.com"
        let spans = extractor.entities(text)
        let scalars = Array(text.unicodeScalars)
        #expect(spans.map(\.label) == ["MENTION", "URL"])
        for s in spans {
            #expect(String(String.UnicodeScalarView(scalars[s.start..<s.end])) == s.text)
        }
        #expect(spans.first?.start == 15)
        // Accented letters inside a name.
        let e = extractor.entities("Ich war in Zürich mit José Álvarez")
        #expect(e.contains { $0.text == "Zürich" && $0.label == "LOC" && $0.start == 11 && $0.end == 17 }, "\(e)")
    }

    @Test func spansAreSortedAndNeverOverlap() {
        let text = "Email bob@example.com or see www.example.com/(x) on March 5, 2024 at 10am; $20 or 20% off at Best Buy in New York."
        let spans = extractor.entities(text)
        #expect(spans.count >= 7, "\(spans)")
        for (a, b) in zip(spans, spans.dropFirst()) { #expect(a.end <= b.start) }
        // The e-mail's domain is not also a URL, the date holds its year.
        #expect(spans.contains { $0.text == "bob@example.com" && $0.label == "EMAIL" })
        #expect(spans.contains { $0.text == "March 5, 2024" && $0.label == "DATE" })
        #expect(spans.contains { $0.text == "Best Buy" && $0.label == "ORG" })
        #expect(spans.contains { $0.text == "New York" && $0.label == "LOC" })
    }

    @Test func overlappingCandidatesResolveByPriority() {
        // A URL beats the company name inside it; a pattern beats a gazetteer name.
        #expect(found("see https://www.google.com/maps") == ["https://www.google.com/maps|URL"])
        #expect(found("follow @Google now") == ["@Google|MENTION"])
        // Longer wins among equals: a whole date over a weekday or month alone.
        #expect(found("on Monday, March 5 it broke").contains("March 5|DATE"))
        let r = EntityCandidateResolver.resolve(
            [
                EntityCandidate(start: 0, end: 5, label: .person, kind: .capitalised),
                EntityCandidate(start: 0, end: 10, label: .person, kind: .capitalised),
                EntityCandidate(start: 3, end: 8, label: .org, kind: .gazetteer),
                EntityCandidate(start: 8, end: 12, label: .url, kind: .pattern),
                EntityCandidate(start: 0, end: 2, label: .product, kind: .userGazetteer),
            ], length: 12)
        #expect(r.map(\.label) == [.product, .org, .url])
    }

    @Test func scoresAreFixedPerRuleKind() {
        let spans = extractor.entities("Google bought @acme for $5 and Sarah Jones said hi to Zorblax Quimby")
        let byText = Dictionary(spans.map { ($0.text, $0.score) }, uniquingKeysWith: { a, _ in a })
        #expect(byText["@acme"] == 0.99)
        #expect(byText["$5"] == 0.9)
        #expect(byText["Google"] == 0.8)
        #expect(byText["Sarah Jones"] == 0.6)
        #expect(byText["Zorblax Quimby"] == 0.4)
    }

    @Test func shoutingAndSentenceStartsNeedCare() {
        #expect(found("THIS IS THE WORST PHONE EVER").isEmpty)
        #expect(found("Will you fix it? Apple should.") == ["Apple|ORG"])
        #expect(found("Great Service From The Team").isEmpty)
    }

    @Test func userGazetteerBeatsGuesses() throws {
        var e = extractor
        e.user = try EntityUserGazetteer.parse("text,label\nAura Speaker,PRODUCT\nPulse Band,product\n\"Acme, Inc.\",ORG\n", path: "g.csv")
        #expect(found("my aura speaker died; the Pulse Band too", e) == ["aura speaker|PRODUCT", "Pulse Band|PRODUCT"])
        #expect(found("Acme, Inc. rocks", e) == ["Acme, Inc.|ORG"])
        // Without it, "Pulse Band" is a guess of another kind.
        #expect(!found("the Pulse Band too").contains("Pulse Band|PRODUCT"))
        // Word boundaries: no match inside a longer word.
        #expect(found("auras speakers", e).isEmpty)
        // It wins over a pattern and a built-in name.
        e.user = try EntityUserGazetteer.parse("#launch,WORK\nGoogle,PRODUCT\n", path: "g.csv")
        #expect(found("#launch of Google", e) == ["#launch|WORK", "Google|PRODUCT"])
    }

    @Test("bad gazetteer files name the file and line", arguments: [
        ("text,label\nAura Speaker\n", "line 2 has 1 column; expected 2"),
        ("Aura,PRODUCT,extra\n", "line 1 has 3 columns; expected 2"),
        ("Aura,GADGET\n", "line 1 has an unknown label 'GADGET'"),
        ("\n\nAura,\n", "line 3 has no label"),
        (" ,PRODUCT\n", "line 1 has an empty text"),
        ("\"Aura,PRODUCT\n", "line 1 has a quote that is never closed"),
        ("...,PRODUCT\n", "line 1: '...' has no letters or digits"),
    ])
    func badGazetteer(_ content: String, _ message: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-gaz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("names.csv").path
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try RulesEntityAnalyzer(options: AnalyzerOptions(["gazetteer": .string(path)]), context: AnalyzerContext(homeDirectory: dir.path))
            Issue.record("no error for \(content.debugDescription)")
        } catch let e as TaskFlowFailure {
            #expect(e.description.contains(path), "\(e.description)")
            #expect(e.description.contains(message), "\(e.description)")
            #expect(e.hint != nil)
        }
    }

    @Test func missingOrUnreadableGazetteer() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-gaz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (path, message) in [(dir.appendingPathComponent("nope.csv").path, "no file at"), (dir.path, "it is a folder")] {
            #expect {
                _ = try RulesEntityAnalyzer(options: AnalyzerOptions(["gazetteer": .string(path)]), context: AnalyzerContext(homeDirectory: dir.path))
            } throws: { error in
                let d = (error as? TaskFlowFailure)?.description ?? ""
                return d.contains(path) && d.contains(message)
            }
        }
        let bad = dir.appendingPathComponent("latin1.csv")
        try Data([0x41, 0xE9, 0x2C, 0x4F, 0x52, 0x47, 0x0A]).write(to: bad)
        #expect(throws: TaskFlowFailure.self) {
            _ = try RulesEntityAnalyzer(options: AnalyzerOptions(["gazetteer": .string(bad.path)]), context: AnalyzerContext(homeDirectory: dir.path))
        }
    }

    @Test func gazetteerContentEntersTheFingerprint() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-gaz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("g.csv").path
        let context = AnalyzerContext(homeDirectory: dir.path)
        let plain = try RulesEntityAnalyzer(options: AnalyzerOptions(["gazetteer": .string("")]), context: context)
        try "Aura,PRODUCT\n".write(toFile: path, atomically: true, encoding: .utf8)
        let one = try RulesEntityAnalyzer(options: AnalyzerOptions(["gazetteer": .string(path)]), context: context)
        try "Aura,ORG\n".write(toFile: path, atomically: true, encoding: .utf8)
        let two = try RulesEntityAnalyzer(options: AnalyzerOptions(["gazetteer": .string(path)]), context: context)
        #expect(plain.fingerprints["gazetteer"] == nil)
        #expect(one.fingerprints["gazetteer"] != nil)
        #expect(one.fingerprints["gazetteer"] != two.fingerprints["gazetteer"])
    }

    @Test func hostileTextsDoNotCrash() async throws {
        let huge = String(repeating: "Call Sarah at 555-123-4567 or visit www.example.com (see #tags & @you) 😀 ", count: 2_800)
        #expect(huge.unicodeScalars.count >= 200_000)
        let spans = extractor.entities(huge)
        #expect(spans.count >= 2_800 * 4)
        let flat = String(repeating: "a", count: 200_000)
        #expect(extractor.entities(flat).isEmpty)
        let digits = String(repeating: "1", count: 200_000)
        _ = extractor.entities(digits)
        // Long runs that patterns could rescan from every position stay linear.
        for unit in ["a.", "1.", "1,000", "a@", "v1.", "+1 ", "Ab ", "(1) ", "ab-", "www."] {
            _ = extractor.entities(String(repeating: unit, count: 40_000 / unit.count))
        }
        let controls = "\u{0}\u{1}\u{7}\u{1B}[31mBob\u{8}\u{7F} @\u{0}x #\u{200B}y \u{FFFD}\u{FFFD} $ % 12: +( ) http:// www. @ #"
        for s in extractor.entities(controls) { #expect(s.start < s.end) }
        let invalid = String(decoding: [0xFF, 0xFE, 0x41, 0x80, 0x20, 0x40, 0x62, 0x6F, 0x62], as: UTF8.self)
        #expect(found(invalid).contains("@bob|MENTION"))
        let analyzer = try RulesEntityAnalyzer(options: AnalyzerOptions(["gazetteer": .string("")]), context: AnalyzerContext(homeDirectory: "."))
        let values = try await analyzer.analyze(
            [Record(id: "1", text: ""), Record(id: "2", text: "   "), Record(id: "3", text: huge)], context: AnalyzerContext(threads: 2, homeDirectory: "."))
        #expect(values.count == 3)
        #expect(values[0] == .spans([]) && values[1] == .spans([]))
    }

    @Test func isTheDefaultForEntities() throws {
        let registry = ToolRegistry()
        try BuiltinAnalyzers.register(into: registry)
        #expect(try registry.entry(named: "entity").id == "entity.rules")
        #expect(try registry.entry(named: "entities").id == "entity.rules")
    }
}
