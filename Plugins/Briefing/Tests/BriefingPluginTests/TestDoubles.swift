import TaskFlowPluginAPI

@testable import BriefingPlugin

/// A language model that answers with scripted replies, in order, and keeps every request.
actor ScriptedModel: LanguageModel {
    nonisolated let name = "mock/scripted"
    private var replies: [String]
    private(set) var requests: [LanguageModelRequest] = []

    init(_ replies: [String]) {
        self.replies = replies
    }

    func complete(_ request: LanguageModelRequest) async throws -> LanguageModelReply {
        requests.append(request)
        guard !replies.isEmpty else { throw TaskFlowFailure("script-exhausted", "no scripted reply left") }
        return LanguageModelReply(text: replies.removeFirst())
    }
}

/// A language model that cannot answer.
struct FailingModel: LanguageModel {
    let name = "mock/down"

    func complete(_ request: LanguageModelRequest) async throws -> LanguageModelReply {
        throw TaskFlowFailure("llm-unavailable", "connection refused")
    }
}

/// A run summary as the host passes it (trimmed from a real `--report` JSON), and a small corpus.
enum Fixtures {
    static let summaryJSON = #"""
        {
          "recordsDone": 351,
          "distributions": [
            {"analyzer": "sentiment.vader", "task": "sentiment", "meanScore": 0.193,
             "counts": [{"count": 186, "label": "positive"}, {"count": 89, "label": "neutral"}, {"count": 76, "label": "negative"}]},
            {"analyzer": "toxicity/toxicity.lexicon", "task": "toxicity", "meanScore": 0.0078,
             "counts": [{"count": 346, "label": "clean"}, {"count": 5, "label": "toxic"}]}
          ],
          "failures": [],
          "corpus": [
            {"analyzer": "nearduplicates/duplicates.minhash", "seconds": 0.12,
             "reportSection": "## Near-duplicates\n\n2 clusters.\n\n",
             "summary": "{\"clusters\":2,\"records_in_clusters\":9,\"largest\":[]}"}
          ]
        }
        """#

    static var summary: JSONValue { try! JSONParser.parse(summaryJSON) }

    static func sentiment(_ label: String, _ score: Double) -> AnalysisValue {
        .classification(Classification(label: label, score: score, scores: [ScoredLabel("compound", score)]))
    }

    static func toxicity(_ score: Double) -> AnalysisValue {
        .classification(Classification(label: score >= 0.5 ? "toxic" : "clean", score: score, scores: [ScoredLabel("toxicity", score)]))
    }

    /// Six records: FB-4 is negative and toxic, FB-5 the most toxic, FB-3 the most negative;
    /// FB-2 and FB-6 tie; FB-6 has no toxicity value.
    static let corpus = Corpus(
        records: [
            Record(id: "FB-1", text: "Works fine, battery lasts a week"),
            Record(id: "FB-2", text: "Setup was a bit confusing"),
            Record(id: "FB-3", text: "Terrible terrible terrible"),
            Record(id: "FB-4", text: "Useless garbage, crashed 3 times today"),
            Record(id: "FB-5", text: "You *idiots* broke [sync] again"),
            Record(id: "FB-6", text: "Not impressed with the strap"),
        ],
        values: [
            "sentiment": [
                sentiment("positive", 0.6), sentiment("negative", -0.4), sentiment("negative", -0.85),
                sentiment("negative", -0.3), sentiment("neutral", 0), sentiment("negative", -0.4),
            ],
            "toxicity": [toxicity(0), toxicity(0), toxicity(0), toxicity(0.55), toxicity(0.9)],
            "duplicates": Array(repeating: .json(.null), count: 6),
        ])

    static let context = AgentContext(analyzer: AnalyzerContext(homeDirectory: "/tmp"))
}
