import Foundation
import Testing
import TaskFlowPluginAPI

@testable import TaskFlowAnalyzers

@Suite("YAKE extractor")
struct YAKEExtractorTests {
    let extractor = YAKEExtractor()

    @Test("empty and whitespace-only texts have no keyphrases", arguments: ["", " ", "\n\n\t  \n", ". , ! ?", "12 3.5 1,000"])
    func emptyTexts(_ text: String) {
        #expect(extractor.keyphrases(text).isEmpty)
    }

    @Test func scoresAscendAndRespectTop() {
        let text = "The battery life is short. Battery life matters; the battery charger is slow. Great screen though."
        let got = extractor.keyphrases(text)
        #expect(!got.isEmpty && got.count <= 10)
        #expect(zip(got, got.dropFirst()).allSatisfy { $0.score <= $1.score })
        #expect(got.allSatisfy { $0.score.isFinite && $0.score > 0 })
        var three = extractor
        three.top = 3
        #expect(three.keyphrases(text) == Array(got.prefix(3)))
    }

    @Test func candidatesNeitherStartNorEndWithStopWords() {
        let got = extractor.keyphrases("The museum's new exhibition is open to the public on Sundays and it is free.")
        for k in got {
            let words = k.text.lowercased().split(separator: " ").map(String.init)
            #expect(!YAKEStopwords.english.contains(words.first!), "\(k.text)")
            #expect(!YAKEStopwords.english.contains(words.last!), "\(k.text)")
        }
        #expect(got.contains { $0.text == "museum new exhibition" })
    }

    @Test func nLimitsPhraseLength() {
        var one = extractor
        one.n = 1
        let got = one.keyphrases("Wireless headphones deliver excellent noise cancellation for commuters.")
        #expect(!got.isEmpty)
        #expect(got.allSatisfy { !$0.text.contains(" ") })
    }

    @Test func dedupOfOneKeepsNearDuplicates() {
        let text = "Battery drains fast. Batteries drain fast. The battery drain is bad."
        var keepAll = extractor
        keepAll.dedup = 1
        keepAll.top = 100
        var strict = extractor
        strict.dedup = 0.5
        strict.top = 100
        #expect(keepAll.keyphrases(text).count > strict.keyphrases(text).count)
    }

    @Test func tokenizerSplitsContractionsAndKeepsInnerPunctuation() {
        let tokens = YAKETokenizer.tokens(ArraySlice(Array("It doesn't fit, the museum's over-processed v2.4 (really)!".unicodeScalars)))
            .map { String(String.UnicodeScalarView($0)) }
        #expect(tokens == ["It", "does", "n't", "fit", ",", "the", "museum", "over-processed", "v2.4", "(", "really", ")", "!"])
    }

    @Test func sentencesEndAtTerminalsBeforeCapitalsAndAtBlankLines() {
        let text = Array("Version 2.4 is out. It works! does it? Yes.\n\nNew para\nsame sentence".unicodeScalars)
        let sentences = YAKETokenizer.sentences(text).map { String(String.UnicodeScalarView(text[$0])) }
        #expect(sentences == ["Version 2.4 is out.", "It works! does it?", "Yes.", "New para\nsame sentence"])
    }

    @Test("tags", arguments: [
        ("2.4", 1, YAKETermTag.digit), ("1,000", 1, .digit), ("v2", 1, .unusual), ("a-b-c", 1, .unusual),
        ("TLS", 1, .acronym), ("Paris", 1, .properNoun), ("Paris", 0, .plain), ("battery", 3, .plain),
        (String(repeating: "a", count: 65), 1, .unusual),
    ])
    func tags(_ word: String, _ position: Int, _ tag: YAKETermTag) {
        #expect(YAKETermTag(Array(word.unicodeScalars), position: position) == tag)
    }

    @Test func similarityIsLevenshteinRatio() {
        #expect(YAKESimilarity.distance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars)) == 3)
        #expect(YAKESimilarity.exceeds(Array("battery life".unicodeScalars), Array("battery lifes".unicodeScalars), threshold: 0.9))
        #expect(!YAKESimilarity.exceeds(Array("battery".unicodeScalars), Array("battery life".unicodeScalars), threshold: 0.9))
    }

    /// 200,000 characters of varied prose, and 200,000 without a space: linear work, so even a
    /// debug build takes a second or so; a quadratic pass would take minutes.
    @Test func longTextsStayFast() {
        let words = ["battery", "screen", "charger", "support", "refund", "update", "the", "and", "slow", "great",
                     "app", "crashes", "after", "delivery", "late", "price", "quality", "sound", "band", "strap"]
        var rng = SystemRandomNumberGenerator()
        var text = ""
        var count = 0
        var length = 0
        while length < 200_000 {
            let word = words.randomElement(using: &rng)!
            count += 1
            let gap = count % 12 == 0 ? ". " : (count % 5 == 0 ? ", " : " ")
            text += word + gap
            length += word.unicodeScalars.count + gap.unicodeScalars.count
        }
        let clock = ContinuousClock()
        let prose = clock.measure { #expect(!extractor.keyphrases(text).isEmpty) }
        let blob = clock.measure {
            #expect(extractor.keyphrases(String(repeating: "a", count: 200_000)).isEmpty)
            _ = extractor.keyphrases(String(repeating: "ab ", count: 66_667))
        }
        print("YAKE 200,000 characters: prose \(prose), without spaces and of stop words \(blob)")
        #expect(prose < .seconds(60) && blob < .seconds(60), "prose \(prose), blob \(blob)")
    }

    @Test func embeddedStopwordsMatchTheFile() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Modules/TaskFlowAnalyzers/Keyphrase/YAKE/Stopwords/english.txt")
        let file = try String(contentsOf: url, encoding: .utf8)
        #expect(file == YAKEStopwords.text + "\n")
        #expect(YAKEStopwords.english.count == 260)
    }

    @Test func analyzerRejectsBadOptions() {
        let context = AnalyzerContext(homeDirectory: "")
        for (name, value) in [("n", OptionValue.int(0)), ("top", .int(0)), ("window", .int(11)), ("dedup", .double(1.5)), ("top", .double(2.5))] {
            #expect(throws: (any Error).self) {
                try YAKEKeyphraseAnalyzer(options: AnalyzerOptions([name: value]), context: context)
            }
        }
    }

    @Test func analyzerReturnsKeyphrasesInOrder() async throws {
        let context = AnalyzerContext(threads: 2, homeDirectory: "")
        let analyzer = try YAKEKeyphraseAnalyzer(options: AnalyzerOptions(["top": .int(5)]), context: context)
        let texts = (0..<100).map { "Record \($0): the battery charger broke after the firmware update. Support was slow." }
        let records = texts.enumerated().map { Record(id: String($0.offset), text: $0.element) }
        let values = try await analyzer.analyze(records, context: context)
        #expect(values.count == 100)
        let first = extractor.keyphrases(texts[0]).prefix(5)
        #expect(values[0] == .keyphrases(Array(first)))
    }
}
