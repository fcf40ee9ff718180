import Testing
import TaskFlowPluginAPI

@testable import NearDuplicatesPlugin

@Suite struct NearDuplicatesTests {
    let texts = [
        "The app crashes every time I open the settings page after the update.",  // 0
        "the app crashes every time i open the settings page after the update!!",  // 1: same, case and punctuation
        "Battery lasts two days, very happy with it.",  // 2
        "The app crashes every single time I open the settings page after the update.",  // 3: one word added
        "Shipping took three weeks and nobody answered my emails.",  // 4
        "Battery lasts two days, very happy with it",  // 5
        "ok",  // 6: too short to shingle
        "ok",  // 7
    ]

    @Test func clustersNearDuplicatesAndLeavesTheRestAlone() {
        let clusters = MinHashIndex().clusters(texts, threshold: 0.8)
        #expect(clusters.count == 2)
        #expect(clusters[0] == [0, 1, 3])
        #expect(clusters[1] == [2, 5])
    }

    @Test func aStricterThresholdSplitsLooserMatches() {
        let clusters = MinHashIndex().clusters(texts, threshold: 0.99)
        #expect(!clusters.contains { $0.contains(3) })
    }

    @Test func signaturesEstimateJaccard() throws {
        let index = MinHashIndex()
        let a = try #require(index.signature("the quick brown fox jumps over the lazy dog"))
        let b = try #require(index.signature("the quick brown fox jumps over the lazy cat"))
        let c = try #require(index.signature("completely different words entirely here"))
        #expect(MinHashIndex.similarity(a, a) == 1)
        #expect(MinHashIndex.similarity(a, b) > 0.6)
        #expect(MinHashIndex.similarity(a, c) < 0.2)
    }

    @Test func corpusResultHasClustersSectionAndPerRecordValues() async throws {
        let analyzer = try NearDuplicatesAnalyzer(options: AnalyzerOptions(["threshold": .double(0.8), "show": .int(10)]), context: AnalyzerContext(homeDirectory: "/tmp"))
        let corpus = Corpus(records: texts.enumerated().map { Record(id: "r\($0.offset)", text: $0.element) }, values: [:])
        let result = try await analyzer.analyze(corpus: corpus, context: AnalyzerContext(homeDirectory: "/tmp"))
        #expect(result.summary["clusters"] == .int(2))
        #expect(result.reportSection.hasPrefix("## Near-duplicates"))
        #expect(result.reportSection.contains("| 3 | r0, r1, r3 |"))
        #expect(result.perRecord?[1] == .json(.object([JSONField("cluster", .int(1)), JSONField("size", .int(3))])))
        #expect(result.perRecord?[4] == .json(.null))
    }

    @Test(arguments: [(["x"], "cannot read 'x'"), (["--threshold", "2"], "cannot read")])
    func dupesRejectsBadArguments(args: [String], message: String) async {
        let corpus = Corpus(records: [Record(id: "1", text: "hello there")], values: [:])
        do {
            _ = try await DupesCommand().run(arguments: args, corpus: corpus)
            Issue.record("accepted \(args)")
        } catch {
            #expect("\(error)".contains(message))
        }
    }

    @Test func dupesListsClusters() async throws {
        let corpus = Corpus(records: texts.enumerated().map { Record(id: "r\($0.offset)", text: $0.element) }, values: [:])
        let out = try await DupesCommand().run(arguments: ["1"], corpus: corpus)
        #expect(out.hasPrefix("2 clusters"))
        #expect(out.contains("#1  3 records (r0, r1, r3)"))
        #expect(!out.contains("#2"))
        #expect(try await DupesCommand().run(arguments: [], corpus: nil).contains("no run yet"))
    }
}
