import Foundation
import Testing
import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

@testable import TaskFlowAnalyzers

/// `topic.cluster` on synthetic embeddings: groups it must find, outliers, order and seed
/// independence, continuing an earlier run, labels and bad options.
@Suite struct TopicClusterTests {
    let context = AnalyzerContext(device: "cpu", threads: 1, homeDirectory: FileManager.default.temporaryDirectory.path)
    static let model = "test-model"

    /// Three themes, each with its own direction in 16 dimensions and its own words.
    static let themes: [(words: String, axis: Int)] = [
        ("battery dies overnight charger", 0), ("support ticket refund waiting", 5), ("app crashes after update", 10),
    ]

    static func corpus(perTheme: Int = 20, extra: [(String, [Float])] = [], seed: UInt64 = 7) -> Corpus {
        var rng = SplitMix64(seed: seed)
        var records: [Record] = []
        var vectors: [AnalysisValue] = []
        for (t, theme) in themes.enumerated() {
            for i in 0..<perTheme {
                var v = [Float](repeating: 0, count: 16)
                v[theme.axis] = 1
                for j in 0..<16 { v[j] += (rng.nextUnit() - 0.5) * 0.3 }
                records.append(Record(id: "t\(t)-\(i)", text: "note \(i): \(theme.words)"))
                vectors.append(.embedding(v))
            }
        }
        for (i, (text, v)) in extra.enumerated() {
            records.append(Record(id: "x\(i)", text: text))
            vectors.append(.embedding(v))
        }
        return Corpus(records: records, values: [:], features: [.embedding(model: model): vectors])
    }

    func analyzer(_ options: [String: OptionValue] = [:]) throws -> TopicClusterAnalyzer {
        var all = options
        all["model"] = .string(Self.model)
        return try TopicClusterAnalyzer(options: AnalyzerOptions(all), context: context)
    }

    func assignments(_ result: CorpusResult) -> [TopicAssignment?] {
        (result.perRecord ?? []).map { if case .topic(let t) = $0 { return t } else { return nil } }
    }

    func table(_ result: CorpusResult) throws -> TopicTable {
        try JSONDecoder().decode(TopicTable.self, from: Data(result.summary.jsonString.utf8))
    }

    @Test func findsTheThemesWithKChosenBySilhouetteAndLabelsThemByTheirWords() async throws {
        let corpus = Self.corpus()
        let result = try await analyzer().analyze(corpus: corpus, context: context)
        let t = try table(result)
        #expect(t.k == 3)
        #expect(t.chosenBy == "silhouette")
        #expect(t.seed == 42)
        #expect(t.candidates.first?.k == 2)
        let a = assignments(result)
        #expect(a.allSatisfy { $0 != nil })
        // Each theme is one topic, and the topics differ.
        for theme in 0..<3 {
            let ids = Set(a[(theme * 20)..<(theme * 20 + 20)].map { $0!.id })
            #expect(ids.count == 1)
        }
        #expect(Set(a.map { $0!.id }) == [0, 1, 2])
        for row in t.topics {
            let words = Self.themes.first { row.keywords.contains(String($0.words.split(separator: " ")[0])) || row.label.contains(String($0.words.split(separator: " ")[0])) }
            #expect(words != nil, "label \(row.label) keywords \(row.keywords)")
            #expect(!row.label.contains("note"))  // in every topic: no weight
            #expect(row.representatives.count == 3)
            #expect(row.centroid != nil)
        }
        #expect(result.reportSection.contains("## Topics"))
        #expect(result.reportSection.contains("k = 3 chosen by silhouette"))
    }

    @Test func theSameRecordsInAnotherOrderGiveTheSameTopics() async throws {
        let corpus = Self.corpus()
        var rng = SplitMix64(seed: 99)
        let order = Array(rng.permutation(corpus.records.count).reversed())
        let shuffled = Corpus(
            records: order.map { corpus.records[$0] }, values: [:],
            features: [.embedding(model: Self.model): order.map { corpus.features[.embedding(model: Self.model)]![$0] }])
        let a = assignments(try await analyzer().analyze(corpus: corpus, context: context))
        let b = assignments(try await analyzer().analyze(corpus: shuffled, context: context))
        var byID: [String: TopicAssignment] = [:]
        for (r, t) in zip(corpus.records, a) { byID[r.id] = t }
        for (r, t) in zip(shuffled.records, b) {
            let before: TopicAssignment?? = byID[r.id]
            #expect(before == t, "record \(r.id)")
        }
    }

    @Test func aFixedKAndAnotherSeedAreHonoured() async throws {
        let result = try await analyzer(["k": .int(2), "seed": .int(5)]).analyze(corpus: Self.corpus(), context: context)
        let t = try table(result)
        #expect(t.k == 2)
        #expect(t.chosenBy == "fixed")
        #expect(t.seed == 5)
        #expect(t.candidates.isEmpty)
    }

    @Test func farRecordsAndTooSmallGroupsAreOutliers() async throws {
        var far = [Float](repeating: 0, count: 16)
        far[15] = 1  // orthogonal to every theme
        var near = [Float](repeating: 0, count: 16)
        near[13] = 1
        let corpus = Self.corpus(extra: [("lonely text", far), ("another one", near)])
        let result = try await analyzer(["k": .int(4), "min-size": .int(5)]).analyze(corpus: corpus, context: context)
        let a = assignments(result)
        #expect(a[60]?.id == -1 && a[60]?.label == "outliers")
        #expect(a[61]?.id == -1)
        let t = try table(result)
        #expect(t.outliers == 2)
        #expect(t.topics.last?.id == -1)
        #expect(t.topics.last?.centroid == nil)
    }

    @Test func continuingAnEarlierRunKeepsItsIdsAndLabels() async throws {
        let first = try await analyzer().analyze(corpus: Self.corpus(), context: context)
        let grown = Self.corpus(perTheme: 30, seed: 8)
        let a = try analyzer(["from-run": .int(4)])
        #expect(a.earlierRun == 4)
        let next = try await a.analyze(corpus: grown, earlier: first.summary, context: context)
        let before = try table(first)
        let after = try table(next)
        #expect(after.chosenBy == "run 4")
        #expect(Set(after.topics.map(\.label)) == Set(before.topics.map(\.label)))
        // Each theme keeps the id it had.
        let old = assignments(first)
        let new = assignments(next)
        for theme in 0..<3 {
            #expect(new[theme * 30]?.id == old[theme * 20]?.id)
        }
    }

    @Test func aCorruptEarlierFindingIsRefusedWithAFix() async throws {
        let a = try analyzer(["from-run": .int(3)])
        await #expect(throws: TaskFlowFailure.self) {
            _ = try await a.analyze(corpus: Self.corpus(), earlier: .object([JSONField("topics", .string("x"))]), context: context)
        }
    }

    @Test func recordsWithoutAnEmbeddingGetNoTopicAndFewRecordsOneTopic() async throws {
        let corpus = Corpus(
            records: [Record(id: "1", text: "a"), Record(id: "2", text: "b")], values: [:],
            features: [.embedding(model: Self.model): [.embedding([1, 0]), .json(.null)]])
        let result = try await analyzer().analyze(corpus: corpus, context: context)
        let a = assignments(result)
        #expect(a[0]?.id == 0)
        #expect(a[1] == nil)
        #expect(try table(result).chosenBy == "too few records")
    }

    @Test(arguments: [("k", OptionValue.int(-1)), ("max-k", .int(1)), ("outlier-similarity", .double(2)), ("seed", .double(1.5))])
    func badOptionsAreNamed(_ name: String, _ value: OptionValue) throws {
        #expect {
            _ = try analyzer([name: value])
        } throws: { error in
            "\(error)".contains("topic.cluster.\(name)")
        }
    }

    @Test func termsAreContentWordsAndTheirPairs() {
        #expect(TopicTerms.terms(of: "The battery dies, overnight!") == ["battery", "dies", "battery dies", "overnight"])
        #expect(TopicTerms.terms(of: "it is 2024 and we are") == [])
        var terms = TopicTerms(topics: 2)
        for _ in 0..<3 { terms.add("app crashes daily", topic: 0) }
        for _ in 0..<3 { terms.add("refund requested", topic: 1) }
        let k = terms.keywords(limit: 3)
        #expect(k[0].contains("app crashes") || k[0].contains("crashes daily"))
        #expect(!k[0].contains("app") || !k[0].contains("app crashes"))
        #expect(k[1].first == "refund requested" || k[1].contains("refund requested"))
    }
}
