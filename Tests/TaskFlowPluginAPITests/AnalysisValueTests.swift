import Foundation
import Testing
import TaskFlowPluginAPI

@Suite struct AnalysisValueTests {
    static let sentiment = AnalysisValue.classification(
        Classification(
            label: "positive", score: 0.6369,
            scores: [ScoredLabel("neg", 0), ScoredLabel("neu", 0.58), ScoredLabel("pos", 0.42), ScoredLabel("compound", 0.6369)]))

    @Test(arguments: [
        (sentiment, #"{"label":"positive","score":0.6369,"scores":{"neg":0.0,"neu":0.58,"pos":0.42,"compound":0.6369}}"#),
        (.topic(TopicAssignment(id: 3, label: "battery life · charger · dies", score: 0.74)),
         #"{"id":3,"label":"battery life · charger · dies","score":0.74}"#),
        (.spans([Span(text: "Apple", label: "ORG", start: 10, end: 15, score: 0.99)]),
         #"[{"text":"Apple","label":"ORG","start":10,"end":15,"score":0.99}]"#),
        (.keyphrases([Keyphrase(text: "battery life", score: 0.021)]), #"[{"text":"battery life","score":0.021}]"#),
        (.embedding([0.5, -1, 2.25]), "[0.5,-1.0,2.25]"),
        (.json(.object([JSONField("n", .int(2)), JSONField("s", .string("a\"b\n\u{1}"))])), #"{"n":2,"s":"a\"b\n\u0001"}"#),
    ] as [(AnalysisValue, String)])
    func encodesToTheDesignShape(value: AnalysisValue, json: String) throws {
        #expect(value.jsonString == json)
        // The text is valid JSON.
        _ = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
    }

    @Test(arguments: [
        sentiment,
        .topic(TopicAssignment(id: 3, label: "battery", score: 0.74)),
        .spans([Span(text: "Apple", label: "ORG", start: 10, end: 15, score: 0.99)]),
        .keyphrases([Keyphrase(text: "battery life", score: 0.021)]),
        .embedding([0.5, -1, 2.25]),
        .json(.object([JSONField("words", .int(4))])),
    ] as [AnalysisValue])
    func readsBackByShape(value: AnalysisValue) {
        #expect(AnalysisValue(json: value.json) == value)
    }

    @Test func nonFiniteNumbersBecomeNull() {
        #expect(JSONValue.array([.double(.nan), .double(.infinity)]).jsonString == "[null,null]")
    }

    @Test func optionsCanonicalJSONIsSortedAndTyped() {
        var o = AnalyzerOptions()
        o["threshold"] = .double(0.05)
        o["alpha"] = .int(15)
        o["mode"] = .string("fast")
        #expect(o.canonicalJSON == #"{"alpha":15,"mode":"fast","threshold":0.05}"#)
    }

    @Test(arguments: [
        (OptionValue.bool(false), "on", OptionValue.bool(true)), (.int(1), "42", .int(42)), (.double(0), "0.25", .double(0.25)),
        (.string(""), "x", .string("x")),
    ] as [(OptionValue, String, OptionValue)])
    func optionValuesParseAsTheirKind(kind: OptionValue, text: String, expected: OptionValue) {
        #expect(kind.parsingSameKind(text) == expected)
    }

    @Test func badOptionTextIsRejected() {
        #expect(OptionValue.int(1).parsingSameKind("many") == nil)
        #expect(OptionValue.bool(true).parsingSameKind("maybe") == nil)
    }

    @Test func abiVersionIsStable() {
        #expect(TaskFlowPluginABI.version == 1)
    }
}
