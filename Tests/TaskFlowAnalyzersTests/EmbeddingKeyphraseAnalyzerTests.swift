import Foundation
import Synchronization
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

@testable import TaskFlowAnalyzers

/// `keyphrase.embed` end to end with the tiny BERT fixture as its embedding model (and the real
/// all-MiniLM-L6-v2 when it is installed), its options and its bad input.
@Suite struct EmbeddingKeyphraseAnalyzerTests {
    let context = AnalyzerContext(device: "cpu", threads: 1, homeDirectory: FileManager.default.temporaryDirectory.path)
    var tiny: String { TinyBertOutputs.directory.path }

    func analyzer(_ options: [String: OptionValue] = [:], model: String? = nil) throws -> EmbeddingKeyphraseAnalyzer {
        var all = options
        all["model"] = .string(model ?? tiny)
        return try EmbeddingKeyphraseAnalyzer(options: AnalyzerOptions(all), context: context)
    }

    /// The features the engine would hand over for `records`: their vectors, and a provider
    /// that embeds extra texts with the same extractor and records every request.
    func features(for records: [Record], model: String? = nil, requests: Requests = Requests(), context: AnalyzerContext? = nil)
        async throws -> FeatureValues
    {
        let context = context ?? self.context
        let extractor = try EmbeddingFeatureExtractor(model: model ?? tiny, context: context)
        let vectors = try await extractor.extract(records, context: context)
        let provider = FeatureProvider { _, texts in
            requests.add(texts)
            return try await extractor.extract(texts.map { Record(id: "", text: $0) }, context: context)
        }
        return FeatureValues([.embedding(model: model ?? tiny): vectors], provider: provider)
    }

    final class Requests: Sendable {
        private let log = Mutex<[[String]]>([])
        func add(_ texts: [String]) { log.withLock { $0.append(texts) } }
        var all: [[String]] { log.withLock { $0 } }
    }

    static let texts = [
        "The battery life of the Pulse Band is terrible. The battery dies before noon and the charger is slow.",
        "Customer service answered quickly and replaced the broken strap for free.",
        "Great sound quality, but the Aura Speaker app keeps crashing on my phone.",
    ]

    @Test func ranksYAKECandidatesByCosineHighestFirst() async throws {
        let a = try analyzer()
        let records = Self.texts.enumerated().map { Record(id: String($0.offset), text: $0.element) }
        let given = try await features(for: records)
        let out = try await a.analyze(records, features: given, context: context)
        #expect(out.count == records.count)
        let extractor = try EmbeddingFeatureExtractor(model: tiny, context: context)
        for (r, value) in out.enumerated() {
            guard case .keyphrases(let phrases) = value else {
                Issue.record("record \(r): not keyphrases")
                continue
            }
            #expect(!phrases.isEmpty && phrases.count <= 10)
            #expect(phrases.map(\.score) == phrases.map(\.score).sorted(by: >), "record \(r): not highest first")
            // Every phrase is one of YAKE's candidates, and its score is its cosine to the text.
            let candidates = a.candidateExtractor.ranked(records[r].text)
            let document = try await extractor.extract([records[r]], context: context)
            guard case .embedding(let d)? = document.first else { throw TaskFlowFailure("test", "no vector") }
            for p in phrases {
                let c = try #require(candidates.first { $0.surface == p.text }, "\(p.text) is not a YAKE candidate")
                let v = try await extractor.extract([Record(id: "", text: c.key)], context: context)
                guard case .embedding(let pv)? = v.first else { throw TaskFlowFailure("test", "no vector") }
                #expect(abs(p.score - KeyphraseRanking.cosine(pv, d)) < 1e-5)  // batched vs alone: float rounding
                #expect(p.score >= -1 - 1e-9 && p.score <= 1 + 1e-9)
            }
        }
    }

    @Test func theBatchPhrasesAreEmbeddedInOneRequestEachOnce() async throws {
        let a = try analyzer()
        // The same text three times and one other: its phrases are asked for once.
        let records = [Self.texts[0], Self.texts[0], Self.texts[1], Self.texts[0]].enumerated().map {
            Record(id: String($0.offset), text: $0.element)
        }
        let requests = Requests()
        let out = try await a.analyze(records, features: try await features(for: records, requests: requests), context: context)
        #expect(requests.all.count == 1)
        let asked = try #require(requests.all.first)
        #expect(asked.count == Set(asked).count)
        let expected = Set((a.candidateExtractor.ranked(Self.texts[0]) + a.candidateExtractor.ranked(Self.texts[1])).map(\.key))
        #expect(Set(asked) == expected)
        #expect(out[0] == out[1] && out[1] == out[3])
    }

    @Test func phrasesAreEmbeddedLowerCase() async throws {
        let a = try analyzer()
        let records = [Record(id: "1", text: "The Pulse Band strap broke. Pulse Band support was slow.")]
        let requests = Requests()
        _ = try await a.analyze(records, features: try await features(for: records, requests: requests), context: context)
        let asked = requests.all.flatMap { $0 }
        #expect(!asked.isEmpty)
        #expect(asked.allSatisfy { $0 == $0.lowercased() })
    }

    @Test func emptyAndWhitespaceTextsGetNoKeyphrasesAndNoRequest() async throws {
        let a = try analyzer()
        let records = ["", "   \n\t ", "\u{0}\u{7}\u{1B}[31m", "!!! ... ???", "123 456"].enumerated().map {
            Record(id: String($0.offset), text: $0.element)
        }
        let requests = Requests()
        let out = try await a.analyze(records, features: try await features(for: records, requests: requests), context: context)
        #expect(out == Array(repeating: .keyphrases([]), count: records.count))
        #expect(requests.all.isEmpty)
    }

    @Test func aHugeTextIsBoundedByTheCandidateCap() async throws {
        let a = try analyzer(["candidates": .int(15), "top": .int(5)])
        var text = ""
        var g = SystemRandomNumberGenerator()
        let vocabulary = ["battery", "strap", "charger", "screen", "app", "sync", "noon", "great", "slow", "broken", "sound", "music"]
        var count = 0
        while text.utf8.count < 200_000 {
            count += 1
            text += vocabulary.randomElement(using: &g)! + (count % 9 == 0 ? ". " : " ")
        }
        text = String(text.prefix(200_000))
        let records = [Record(id: "huge", text: text)]
        let requests = Requests()
        let out = try await a.analyze(records, features: try await features(for: records, requests: requests), context: context)
        guard case .keyphrases(let phrases) = out.first else { throw TaskFlowFailure("test", "not keyphrases") }
        #expect(phrases.count == 5)
        #expect(requests.all.flatMap { $0 }.count <= 15)
    }

    @Test func hostileTextsDoNotCrash() async throws {
        let a = try analyzer(["diversity": .double(0.5)])
        let records = [
            "\u{FFFD}\u{FFFD} broken bytes \u{FFFD} in the strap",
            String(repeating: "a", count: 5000),
            "e\u{301}\u{301}\u{301} zalgo t\u{358}\u{35C}ext \u{202E}reversed\u{202C} \u{200B}zero\u{200B}width",
            "emoji 👩‍👩‍👧‍👦 family 🇫🇷 flag battery",
            String(repeating: "word ", count: 20_000),
        ].enumerated().map { Record(id: String($0.offset), text: $0.element) }
        let out = try await a.analyze(records, features: try await features(for: records), context: context)
        #expect(out.count == records.count)
        for value in out {
            guard case .keyphrases(let phrases) = value else { throw TaskFlowFailure("test", "not keyphrases") }
            #expect(phrases.allSatisfy { $0.score.isFinite })
        }
    }

    @Test func diversityChangesWhichPhrasesAreKept() async throws {
        let records = [Record(id: "1", text: Self.texts[0] + " " + Self.texts[1] + " " + Self.texts[2])]
        let plain = try await analyzer(["top": .int(4)]).analyze(records, features: try await features(for: records), context: context)
        let diverse = try await analyzer(["top": .int(4), "diversity": .double(1)])
            .analyze(records, features: try await features(for: records), context: context)
        guard case .keyphrases(let p) = plain[0], case .keyphrases(let d) = diverse[0] else { throw TaskFlowFailure("test", "not keyphrases") }
        #expect(p.count == 4 && d.count == 4)
        // The best phrase is kept either way; both lists are by cosine, highest first.
        #expect(p.first == d.first)
        #expect(d.map(\.score) == d.map(\.score).sorted(by: >))
    }

    @Test func itDescribesItsOptionsAndScoreDirection() throws {
        let d = EmbeddingKeyphraseAnalyzer.descriptor
        #expect(d.id == "keyphrase.embed" && d.task == "keyphrases")
        #expect(d.summary.contains("higher is more relevant"))
        #expect(d.options.map(\.name) == ["model", "n", "top", "candidates", "diversity"])
        let a = try analyzer()
        #expect(a.features == [.embedding(model: tiny)])
        #expect(a.fingerprints.keys.contains { $0.hasSuffix("model.safetensors") })
        #expect(a.fingerprints["stopwords/english.txt"] == YAKEStopwords.sourceSHA256)
        #expect(a.candidateExtractor.n == 2 && a.candidateExtractor.top == 20 && a.top == 10 && a.diversity == 0)
    }

    @Test(arguments: [
        ("diversity", OptionValue.double(-0.1), "keyphrase.embed.diversity must be from 0 to 1, got -0.1"),
        ("diversity", .double(1.5), "keyphrase.embed.diversity must be from 0 to 1, got 1.5"),
        ("diversity", .double(.nan), "keyphrase.embed.diversity must be from 0 to 1"),
        ("top", .int(0), "keyphrase.embed.top must be a whole number from 1 to 1000, got 0"),
        ("top", .int(1001), "keyphrase.embed.top must be a whole number from 1 to 1000, got 1001"),
        ("top", .double(2.5), "keyphrase.embed.top must be a whole number from 1 to 1000, got 2.5"),
        ("n", .int(0), "keyphrase.embed.n must be a whole number from 1 to 10, got 0"),
        ("n", .int(11), "keyphrase.embed.n must be a whole number from 1 to 10, got 11"),
        ("candidates", .int(0), "keyphrase.embed.candidates must be a whole number from 1 to 1000, got 0"),
        ("candidates", .int(-5), "keyphrase.embed.candidates must be a whole number from 1 to 1000, got -5"),
    ])
    func badOptionsAreRefusedNamingTheOption(name: String, value: OptionValue, message: String) throws {
        do {
            _ = try analyzer([name: value])
            Issue.record("\(name)=\(value) was accepted")
        } catch let e as TaskFlowFailure {
            #expect(e.code == "bad-option-value")
            #expect(e.description.hasPrefix(message), "\(e.description)")
            #expect(e.hint != nil)
        }
    }

    @Test func aModelThatIsNotInstalledIsRefusedWhenTheAnalyzerIsMade() throws {
        do {
            _ = try analyzer(model: "no-such-model")
            Issue.record("accepted a missing model")
        } catch let e as TaskFlowFailure {
            #expect(e.description.contains("no-such-model"), "\(e.description)")
            #expect(e.hint != nil)
        }
    }

    @Test func withoutAProviderItSaysWhatIsMissing() async throws {
        let a = try analyzer()
        let records = [Record(id: "1", text: Self.texts[0])]
        let plain = try await features(for: records)
        let noProvider = FeatureValues([.embedding(model: tiny): try plain.values(for: .embedding(model: tiny))])
        await #expect(throws: TaskFlowFailure.self) { try await a.analyze(records, features: noProvider, context: context) }
        await #expect(throws: TaskFlowFailure.self) { try await a.analyze(records, context: context) }
    }

    @Test func severalThreadsGiveTheSameKeyphrases() async throws {
        let records = (0..<200).map { Record(id: String($0), text: Self.texts[$0 % 3] + " number \($0) of many") }
        let a = try analyzer()
        let one = try await a.analyze(records, features: try await features(for: records), context: context)
        let four = AnalyzerContext(device: "cpu", threads: 4, homeDirectory: context.homeDirectory)
        let many = try await a.analyze(records, features: try await features(for: records, context: four), context: four)
        #expect(one == many)
    }

    /// With the real all-MiniLM-L6-v2 (skipped when it is not installed): the phrases that say
    /// what the text is about come first.
    @Test func withMiniLMTheTopicComesFirst() async throws {
        guard let minilm = Self.installedMiniLM else { return }
        let a = try analyzer(["top": .int(3)], model: minilm)
        let records = [Record(id: "1", text: Self.texts[0]), Record(id: "2", text: Self.texts[1])]
        let out = try await a.analyze(records, features: try await features(for: records, model: minilm), context: context)
        guard case .keyphrases(let first) = out[0], case .keyphrases(let second) = out[1] else {
            throw TaskFlowFailure("test", "not keyphrases")
        }
        #expect(first.contains { $0.text.lowercased().contains("battery") }, "\(first)")
        #expect(second.contains { $0.text.lowercased().contains("service") || $0.text.lowercased().contains("strap") }, "\(second)")
        #expect(first.allSatisfy { $0.score > 0.2 && $0.score <= 1 })
    }

    /// Where the real all-MiniLM-L6-v2 is installed, if anywhere: `$TF_MINILM_DIR`, else the
    /// store of `$TF_HOME` (default `~/.taskflow`).
    static var installedMiniLM: String? {
        let env = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let d = env["TF_MINILM_DIR"], !d.isEmpty { candidates.append(d) }
        let home = env["TF_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() as NSString).appendingPathComponent(".taskflow")
        candidates.append((home as NSString).appendingPathComponent("models/all-MiniLM-L6-v2"))
        return candidates.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("model.safetensors")) }
    }
}
