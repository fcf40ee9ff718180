import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import Testing

@testable import TaskFlowAnalyzers

@Suite("entity.model")
struct ModelEntityAnalyzerTests {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tiny-models")
    static let tokcls = models.appendingPathComponent("tiny-bert-tokcls").path

    let context = AnalyzerContext(device: "cpu", threads: 2, homeDirectory: FileManager.default.temporaryDirectory.path)

    func options(_ extra: [String: OptionValue] = [:]) -> AnalyzerOptions {
        var o = AnalyzerOptions()
        for spec in ModelEntityAnalyzer.descriptor.options { o[spec.name] = spec.defaultValue }
        o["model"] = .string(Self.tokcls)
        for (k, v) in extra { o[k] = v }
        return o
    }

    @Test("entities as spans: text between the offsets, labels without B-/I-, probabilities")
    func spans() async throws {
        let analyzer = try ModelEntityAnalyzer(options: options(), context: context)
        #expect(analyzer.fingerprints.keys.contains { $0.hasSuffix("model.safetensors") })
        let texts = ["Marie Curie moved from Warsaw to Paris in 1891.", "", "   ", "meh... ok 😀"]
        let records = texts.enumerated().map { Record(id: "\($0.offset)", text: $0.element) }
        let values = try await analyzer.analyze(records, context: context)
        #expect(values.count == texts.count)
        for (text, value) in zip(texts, values) {
            guard case .spans(let spans) = value else {
                Issue.record("'\(text)': not spans: \(value)")
                continue
            }
            if text.trimmingCharacters(in: .whitespaces).isEmpty { #expect(spans.isEmpty) }
            let scalars = Array(text.unicodeScalars)
            for s in spans {
                #expect(0 <= s.start && s.start < s.end && s.end <= scalars.count)
                #expect(s.text == String(String.UnicodeScalarView(scalars[s.start..<s.end])))
                #expect(["PER", "ORG", "LOC", "MISC"].contains(s.label), "\(s.label)")
                #expect((0...1).contains(s.score))
            }
        }
        guard case .spans(let first) = values[0] else { return }
        #expect(!first.isEmpty)
        // The emoji is one scalar: offsets count scalars, not UTF-16 units.
        guard case .spans(let last) = values[3] else { return }
        #expect(last.allSatisfy { $0.end <= 11 })
    }

    @Test("threshold drops entities under it; none keeps B-/I- labels", arguments: TokenAggregationCase.all)
    func thresholdAndStrategies(_ c: TokenAggregationCase) async throws {
        let text = [Record(id: "1", text: "Marie Curie moved from Warsaw to Paris in 1891.")]
        let all = try await ModelEntityAnalyzer(options: options(["aggregation": .string(c.name)]), context: context)
            .analyze(text, context: context)
        let some = try await ModelEntityAnalyzer(
            options: options(["aggregation": .string(c.name), "threshold": .double(0.3)]), context: context
        ).analyze(text, context: context)
        guard case .spans(let a) = all[0], case .spans(let b) = some[0] else {
            Issue.record("not spans")
            return
        }
        #expect(b == a.filter { $0.score >= 0.3 })
        #expect(a.allSatisfy { c.name == "none" ? ($0.label.hasPrefix("B-") || $0.label.hasPrefix("I-")) : !$0.label.contains("-") })
    }

    @Test("a 200,000-character text is windowed, not truncated: entities to its end")
    func longText() async throws {
        let analyzer = try ModelEntityAnalyzer(options: options(), context: context)
        let text = String(String(repeating: "Marie Curie moved from Warsaw to Paris in 1891. ", count: 4200).prefix(200_000))
        let values = try await analyzer.analyze([Record(id: "1", text: text)], context: context)
        guard case .spans(let spans) = values[0] else {
            Issue.record("not spans")
            return
        }
        #expect(spans.count > 1000)
        #expect((spans.last?.end ?? 0) > 199_000)
        for (a, b) in zip(spans, spans.dropFirst()) { #expect(a.end <= b.start) }
    }

    @Test("bad option values name the option and the fix")
    func badOptions() throws {
        for (name, value, says) in [
            ("aggregation", OptionValue.string("longest"), "entity.model.aggregation: 'longest'"),
            ("threshold", .double(1.5), "entity.model.threshold must be from 0 to 1, got 1.5"),
            ("threshold", .double(-0.1), "entity.model.threshold"),
            ("stride", .double(0.9), "entity.model.stride must be from 0 to 0.5, got 0.9"),
        ] {
            #expect {
                _ = try ModelEntityAnalyzer(options: options([name: value]), context: context)
            } throws: { error in
                let f = error as? TaskFlowFailure
                return f?.code == "bad-option-value" && f?.description.contains(says) == true && f?.hint != nil
            }
        }
    }

    @Test("through the registry, an unknown aggregation is refused with the choices")
    func registryChoices() throws {
        let registry = ToolRegistry()
        try BuiltinAnalyzers.register(into: registry)
        let entry = try registry.entry(named: "entity.model")
        #expect {
            _ = try entry.effectiveOptions(overrides: ["aggregation": "longest"])
        } throws: { error in
            (error as? TaskFlowFailure)?.hint?.contains("none, simple, first, average, max") == true
        }
        #expect(try entry.effectiveOptions()["aggregation"] == .string("simple"))
    }

    @Test("a folder that is not a token classifier is refused, naming the folder and what to use")
    func notATokenClassifier() throws {
        let folder = Self.models.appendingPathComponent("tiny-bert-seqcls").path
        #expect {
            _ = try ModelEntityAnalyzer(options: options(["model": .string(folder)]), context: context)
        } throws: { error in
            let f = error as? TaskFlowFailure
            return f?.code == "not-a-token-classifier" && f?.description.contains("tiny-bert-seqcls") == true
                && f?.hint?.contains("ForTokenClassification") == true
        }
    }

    @Test("the default model, when not installed, says how to install it")
    func defaultModelMissing() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("tf-entity-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        var o = options()
        o["model"] = .string("bert-base-NER")
        #expect {
            _ = try ModelEntityAnalyzer(options: o, context: AnalyzerContext(homeDirectory: home))
        } throws: { error in
            (error as? TaskFlowFailure)?.hint?.contains("tf models pull bert-base-NER") == true
        }
    }
}

/// The aggregation strategies, as option values.
struct TokenAggregationCase: Sendable, CustomTestStringConvertible {
    let name: String
    var testDescription: String { name }
    static let all = ["none", "simple", "first", "average", "max"].map(TokenAggregationCase.init)
}
