import Testing
import TaskFlowPluginAPI

@testable import BriefingPlugin

@Suite struct RunFactsTests {
    @Test func headlineFactsFromTheSampleReport() {
        let facts = RunFacts(summary: Fixtures.summary, records: 0)
        #expect(facts.lines == [
            "351 records analysed",
            "sentiment: 53% positive (186), 25% neutral (89), 22% negative (76)",
            "toxicity: 5 toxic (1.4%)",
            "2 near-duplicate clusters covering 9 records",
            "no analyzer failures",
        ])
        #expect(facts.distributions.map(\.total) == [351, 351])
    }

    @Test func genericTasksFailuresAndClusterFindings() {
        func counts(_ pairs: [(String, Int)]) -> JSONValue {
            .array(pairs.map { .object([JSONField("label", .string($0.0)), JSONField("count", .int($0.1))]) })
        }
        let summary = JSONValue.object([
            JSONField("distributions", .array([
                .object([JSONField("task", .string("emotion")), JSONField("counts", counts([("joy", 10), ("anger", 30), ("fear", 10)]))]),
                .object([JSONField("counts", counts([("x", 1)]))]),  // no task: skipped
            ])),
            JSONField("corpus", .array([
                .object([
                    JSONField("analyzer", .string("topics/kmeans")),
                    JSONField("summary", .object([JSONField("clusters", .int(3)), JSONField("records_in_clusters", .int(40))])),
                ]),
                .object([JSONField("analyzer", .string("nearduplicates/duplicates.minhash")), JSONField("summary", .string(#"{"clusters":0,"records_in_clusters":0}"#))]),
                .object([JSONField("analyzer", .string("trends")), JSONField("summary", .string("not json"))]),
            ])),
            JSONField("failures", .array([
                .object([JSONField("analyzer", .string("emotion.onnx")), JSONField("batch", .int(0))]),
                .object([JSONField("analyzer", .string("emotion.onnx")), JSONField("batch", .int(1))]),
                .object([JSONField("analyzer", .string("ner")), JSONField("batch", .int(1))]),
            ])),
        ])
        let facts = RunFacts(summary: summary, records: 50)
        #expect(facts.lines == [
            "50 records analysed",
            "emotion: 60% anger (30), 20% joy (10), 20% fear (10)",
            "topics/kmeans: 3 clusters covering 40 records",
            "no near-duplicate clusters",
            "3 analyzer failures (emotion.onnx, ner)",
        ])
        let check = facts.figureCheck(quoting: [])
        #expect(check.counts == [50, 3, 30, 10, 40, 0])
        #expect(check.totals == [50])
        #expect(facts.json["tasks"]?.arrayValue?.first?["labels"]?.arrayValue?.first?["percent"] == .double(60))
    }

    @Test func emptySummaryStillSaysSomething() {
        #expect(RunFacts(summary: .null, records: 1).lines == ["1 record analysed", "no analyzer failures"])
    }

    @Test(arguments: [
        (52.99, "53%"), (1.4245, "1.4%"), (9.96, "10%"), (9.94, "9.9%"), (0, "0%"), (0.04, "<0.1%"), (100, "100%"),
    ])
    func percentText(p: Double, text: String) {
        #expect(RunFacts.percentText(p) == text)
    }
}
