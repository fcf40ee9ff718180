import Testing
import TaskFlowPluginAPI

/// An analyzer written before features existed.
private struct PlainAnalyzer: Analyzer {
    static let descriptor = AnalyzerDescriptor(id: "plain", task: "plain", version: "1", summary: "test", backend: "none")
    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
    func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        batch.map { .json(.string($0.text)) }
    }
}

/// An analyzer that only consumes a feature.
private struct ConsumerAnalyzer: Analyzer {
    static let descriptor = AnalyzerDescriptor(id: "consumer", task: "consumer", version: "1", summary: "test", backend: "none")
    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
    var features: [FeatureRequest] { [.embedding(model: "mini")] }
    func analyze(_ batch: [Record], features: FeatureValues, context: AnalyzerContext) async throws -> [AnalysisValue] {
        try features.values(for: .embedding(model: "mini"))
    }
}

/// A feature extractor written before `extractBatch` existed: only `extract`.
private struct PlainExtractor: FeatureExtractor {
    static let kind = "embedding"
    static let version = "1"
    init(model: String, context: AnalyzerContext) throws {}
    func extract(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        batch.map { _ in .embedding([1]) }
    }
}

@Suite struct FeatureTests {
    let context = AnalyzerContext(homeDirectory: "/nonexistent")
    let batch = [Record(id: "1", text: "a"), Record(id: "2", text: "b")]

    @Test func requestsNameTheirKindAndModel() {
        #expect(FeatureRequest.embedding(model: "mini") == FeatureRequest(kind: "embedding", model: "mini"))
        #expect(FeatureRequest.tokens(model: "mini").description == "tokens(mini)")
        #expect(FeatureRequest.embedding(model: "mini") != .tokens(model: "mini"))
    }

    @Test func anExtractorWithoutExtractBatchReportsItsValuesAndNothingTruncated() async throws {
        let e = try PlainExtractor(model: "mini", context: context)
        let out = try await e.extractBatch(batch, context: context)
        #expect(out == FeatureBatch(values: [.embedding([1]), .embedding([1])], truncated: 0))
    }

    @Test func anAnalyzerWithoutFeaturesIsCalledAsBefore() async throws {
        let a = try PlainAnalyzer(options: AnalyzerOptions(), context: context)
        #expect(a.features.isEmpty)
        #expect(try await a.analyze(batch, features: FeatureValues(), context: context) == [.json(.string("a")), .json(.string("b"))])
    }

    @Test func aConsumerGetsItsFeatureAndRefusesToRunWithoutIt() async throws {
        let a = try ConsumerAnalyzer(options: AnalyzerOptions(), context: context)
        let vectors: [AnalysisValue] = [.embedding([1, 0]), .embedding([0, 1])]
        let given = FeatureValues([.embedding(model: "mini"): vectors])
        #expect(try await a.analyze(batch, features: given, context: context) == vectors)
        do {
            _ = try await a.analyze(batch, context: context)
            Issue.record("expected a refusal")
        } catch let e as TaskFlowFailure {
            #expect(e.description.contains("consumer needs the features embedding(mini)"))
        }
        await #expect(throws: TaskFlowFailure.self) { try await a.analyze(batch, features: FeatureValues(), context: context) }
    }
}
