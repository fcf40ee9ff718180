import Foundation
import Testing
import TaskFlowCore

@testable import TaskFlowAnalyzers

/// `Tests/Fixtures/vader_scores.json`: vaderSentiment 3.3.2 outputs for 82 texts.
struct VADERGoldens: Decodable, Sendable {
    struct Item: Decodable, Sendable, CustomTestStringConvertible {
        let set: String
        let text: String
        let neg: Double
        let neu: Double
        let pos: Double
        let compound: Double

        var testDescription: String {
            let shown = text.count > 60 ? String(text.prefix(57)) + "..." : text
            return "\(set): \(shown.debugDescription)"
        }
    }

    struct Lexicon: Decodable, Sendable {
        let bytes: Int
        let lines: Int
        let sha256: String
    }

    let version: String
    let lexicons: [String: Lexicon]
    let items: [Item]

    static let testsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtureURL = testsDirectory.appendingPathComponent("Fixtures/vader_scores.json")
    static let lexiconDirectory = testsDirectory.deletingLastPathComponent()
        .appendingPathComponent("Modules/TaskFlowAnalyzers/Sentiment/VADER/Lexicon")

    static func load() throws -> VADERGoldens {
        try JSONDecoder().decode(VADERGoldens.self, from: Data(contentsOf: fixtureURL))
    }

    /// The golden items, or none when the fixture cannot be read (`fixtureLoads` then fails).
    static let items: [Item] = (try? load())?.items ?? []
}

@Suite("VADERScorer")
struct VADERScorerTests {
    let scorer = VADERScorer.shared

    @Test func fixtureLoads() throws {
        let goldens = try VADERGoldens.load()
        #expect(goldens.version == "3.3.2")
        #expect(goldens.items.count == 82)
    }

    @Test("matches vaderSentiment 3.3.2", arguments: VADERGoldens.items)
    func matchesGolden(_ item: VADERGoldens.Item) {
        let got = scorer.scores(item.text)
        let tolerance = 1e-4
        let context = """
            text \(item.text.debugDescription): got \(got), \
            want neg \(item.neg) neu \(item.neu) pos \(item.pos) compound \(item.compound)
            """
        #expect(abs(got.neg - item.neg) <= tolerance, "neg, \(context)")
        #expect(abs(got.neu - item.neu) <= tolerance, "neu, \(context)")
        #expect(abs(got.pos - item.pos) <= tolerance, "pos, \(context)")
        #expect(abs(got.compound - item.compound) <= tolerance, "compound, \(context)")
    }

    @Test func embeddedLexiconsMatchFiles() throws {
        let goldens = try VADERGoldens.load()
        let embedded = [
            "vader_lexicon.txt": VADERLexiconData.words,
            "emoji_utf8_lexicon.txt": VADERLexiconData.emoji,
        ]
        for (name, text) in embedded {
            let golden = try #require(goldens.lexicons[name], "no golden entry for \(name)")
            let file = try [UInt8](Data(contentsOf: VADERGoldens.lexiconDirectory.appendingPathComponent(name)))
            #expect(file.count == golden.bytes, "\(name) size")
            #expect(SHA256Digest.hex(file) == golden.sha256, "\(name) on disk differs from vaderSentiment 3.3.2")
            #expect(
                VADERLexiconData.sourceSHA256[name] == golden.sha256,
                "\(name): regenerate with Tools/gen-vader-lexicon")
            // Bytes, not String ==, which would compare canonically equivalent text as equal.
            let same = Array(text.utf8) == Self.removingCarriageReturns(before: 0x0A, in: file)
            #expect(same, "\(name): embedded text differs from the file; regenerate with Tools/gen-vader-lexicon")
        }
    }

    @Test func lexiconsAreParsed() {
        #expect(scorer.lexiconCount == 7506)  // 7,520 lines with 14 repeated words
        #expect(scorer.emojiCount == 1212)  // entries of a single code point
    }

    @Test func textsWithoutWordsScoreZero() {
        #expect(scorer.scores("") == .zero)
        #expect(scorer.scores(" \t\n\u{3000} ") == .zero)
        #expect(scorer.scores("").label == .neutral)
    }

    @Test func negationFlipsPolarity() {
        let plain = scorer.scores("The food is good.")
        let negated = scorer.scores("The food is not good.")
        let contracted = scorer.scores("The food isn't good.")
        #expect(plain.label == .positive)
        #expect(negated.label == .negative)
        #expect(contracted.label == .negative)
        #expect(scorer.scores("The food is not bad.").label == .positive)
    }

    @Test func exclamationMarksAmplify() {
        let plain = scorer.scores("Good")
        let loud = scorer.scores("Good!!!")
        #expect(abs(loud.compound) > abs(plain.compound))
        #expect(abs(scorer.scores("Terrible!!!").compound) > abs(scorer.scores("Terrible").compound))
        // Only four exclamation marks count.
        #expect(scorer.scores("Good!!!!").compound == scorer.scores("Good!!!!!!!!").compound)
    }

    @Test func capsBoostersAndButShiftScores() {
        let base = scorer.scores("The food is good.").compound
        #expect(scorer.scores("The food is GOOD.").compound > base)
        #expect(scorer.scores("The food is very good.").compound > base)
        #expect(scorer.scores("The food is kind of good.").compound < base)
        #expect(scorer.scores("The plot was great, but the acting was terrible.").label == .negative)
        #expect(scorer.scores("The acting was terrible, but the plot was great.").label == .positive)
    }

    @Test func labelsUseTheConventionalThresholds() {
        #expect(VADERScores(neg: 0, neu: 1, pos: 0, compound: 0.05).label == .positive)
        #expect(VADERScores(neg: 0, neu: 1, pos: 0, compound: 0.0499).label == .neutral)
        #expect(VADERScores(neg: 0, neu: 1, pos: 0, compound: -0.05).label == .negative)
    }

    @Test func customLexiconSkipsMalformedLines() {
        let custom = VADERScorer(
            lexicon: "good\t2.0\t0.5\t[2]\r\nno tab here\n\t\nbad\tnot-a-number\nugly\t-1.5\n",
            emojiLexicon: "😀\tgood\nbroken\n🇫🇷\tflag\n"
        )
        #expect(custom.lexiconCount == 2)
        #expect(custom.emojiCount == 1)
        #expect(custom.scores("good").compound > 0)
        #expect(custom.scores("ugly").compound < 0)
        #expect(custom.scores("bad").compound == 0)
        #expect(custom.scores("😀").compound > 0)
    }

    @Test func sharedScorerIsConsistentAcrossTasks() async {
        let shared = scorer
        let texts = VADERGoldens.items.map(\.text)
        let expected = texts.map { shared.scores($0) }
        let results = await withTaskGroup(of: [VADERScores].self) { group in
            for _ in 0..<4 {
                group.addTask { texts.map { shared.scores($0) } }
            }
            var all: [[VADERScores]] = []
            for await result in group { all.append(result) }
            return all
        }
        for result in results {
            #expect(result == expected)
        }
    }

    /// `bytes` with every carriage return that precedes `next` removed (CRLF to LF).
    static func removingCarriageReturns(before next: UInt8, in bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for (i, byte) in bytes.enumerated() where !(byte == 0x0D && i + 1 < bytes.count && bytes[i + 1] == next) {
            output.append(byte)
        }
        return output
    }
}
