import Foundation
import Testing
import TaskFlowPluginAPI

@testable import TaskFlowCache

@Suite struct CacheKeyTests {
    static func descriptor(id: String = "sentiment.vader", version: String = "1") -> AnalyzerDescriptor {
        AnalyzerDescriptor(id: id, task: "sentiment", version: version, summary: "", backend: "")
    }

    static func options(_ pairs: [(String, OptionValue)]) -> AnalyzerOptions {
        var o = AnalyzerOptions()
        for (k, v) in pairs { o[k] = v }
        return o
    }

    static let base = CacheKeyMaker(
        descriptor: descriptor(), options: options([("threshold", .double(0.05))]), fingerprints: ["lexicon.txt": "aa"]
    ).key(for: "battery dies")

    @Test func theSameInputsGiveTheSameKey() {
        let again = CacheKeyMaker(
            descriptor: Self.descriptor(), options: Self.options([("threshold", .double(0.05))]), fingerprints: ["lexicon.txt": "aa"]
        ).key(for: "battery dies")
        #expect(again == Self.base)
        #expect(Self.base.bytes.count == 32)
    }

    @Test func optionOrderDoesNotMatter() {
        let a = CacheKeyMaker(descriptor: Self.descriptor(), options: Self.options([("a", .int(1)), ("b", .int(2))]), fingerprints: [:])
        let b = CacheKeyMaker(descriptor: Self.descriptor(), options: Self.options([("b", .int(2)), ("a", .int(1))]), fingerprints: [:])
        #expect(a.key(for: "x") == b.key(for: "x"))
    }

    @Test(arguments: [
        ("analyzer id", CacheKeyMaker(descriptor: descriptor(id: "sentiment.other"), options: options([("threshold", .double(0.05))]), fingerprints: ["lexicon.txt": "aa"]).key(for: "battery dies")),
        ("analyzer version", CacheKeyMaker(descriptor: descriptor(version: "2"), options: options([("threshold", .double(0.05))]), fingerprints: ["lexicon.txt": "aa"]).key(for: "battery dies")),
        ("an option", CacheKeyMaker(descriptor: descriptor(), options: options([("threshold", .double(0.1))]), fingerprints: ["lexicon.txt": "aa"]).key(for: "battery dies")),
        ("an option's type", CacheKeyMaker(descriptor: descriptor(), options: options([("threshold", .string("0.05"))]), fingerprints: ["lexicon.txt": "aa"]).key(for: "battery dies")),
        ("a model file", CacheKeyMaker(descriptor: descriptor(), options: options([("threshold", .double(0.05))]), fingerprints: ["lexicon.txt": "ab"]).key(for: "battery dies")),
        ("another model file", CacheKeyMaker(descriptor: descriptor(), options: options([("threshold", .double(0.05))]), fingerprints: ["lexicon.txt": "aa", "emoji.txt": "cc"]).key(for: "battery dies")),
        ("the text", CacheKeyMaker(descriptor: descriptor(), options: options([("threshold", .double(0.05))]), fingerprints: ["lexicon.txt": "aa"]).key(for: "battery dies!")),
        ("the text's case", CacheKeyMaker(descriptor: descriptor(), options: options([("threshold", .double(0.05))]), fingerprints: ["lexicon.txt": "aa"]).key(for: "Battery dies")),
    ] as [(String, CacheKey)])
    func changingAnyInputChangesTheKey(what: String, key: CacheKey) {
        #expect(key != Self.base, "changing \(what) kept the key")
    }

    @Test func fieldsCannotRunIntoEachOther() {
        let a = CacheKeyMaker(descriptor: Self.descriptor(id: "ab", version: "c"), options: AnalyzerOptions(), fingerprints: [:])
        let b = CacheKeyMaker(descriptor: Self.descriptor(id: "a", version: "bc"), options: AnalyzerOptions(), fingerprints: [:])
        #expect(a.key(for: "t") != b.key(for: "t"))
    }

    @Test(arguments: [
        AnalysisValue.classification(Classification(label: "negative", score: -0.4588, scores: [ScoredLabel("neg", 0.3), ScoredLabel("compound", -0.4588)])),
        .embedding([0.1, -0.2, 1e-7, .pi]),
        .keyphrases([Keyphrase(text: "battery life", score: 0.021)]),
        .json(.object([JSONField("words", .int(3))])),
    ])
    func valuesRoundTripExactly(value: AnalysisValue) {
        #expect(CachedValueCoding.decode(CachedValueCoding.encode(value)) == value)
    }

    @Test func embeddingsAreRawFloat32() {
        let bytes = CachedValueCoding.encode(.embedding([1, 2]))
        #expect(bytes.count == 1 + 8)
        #expect(bytes[1...4] == [0x00, 0x00, 0x80, 0x3F])
    }

    @Test(arguments: [[UInt8](), [0x00], [0x4A, 0x7B], [0x46, 1, 2, 3]])
    func garbageDecodesToNothing(bytes: [UInt8]) {
        #expect(CachedValueCoding.decode(bytes) == nil)
    }
}
