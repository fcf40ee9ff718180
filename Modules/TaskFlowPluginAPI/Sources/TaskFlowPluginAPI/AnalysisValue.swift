/// The output of one analyzer for one record.
///
/// Each case encodes to the JSON shape of DESIGN.md for its task; plugins with other shapes use
/// `.json`.
public enum AnalysisValue: Sendable, Hashable {
    /// `{"label","score","scores":{…}}` — sentiment, emotion and other classifiers.
    case classification(Classification)
    /// `{"id","label","score"}` — a topic assignment.
    case topic(TopicAssignment)
    /// `[{"text","label","start","end","score"}]` — entity spans; offsets in Unicode scalars.
    case spans([Span])
    /// `[{"text","score"}]` — keyphrases in the analyzer's order.
    case keyphrases([Keyphrase])
    /// `[Float]` — a vector, e.g. a sentence embedding.
    case embedding([Float])
    /// Any other JSON a plugin produces.
    case json(JSONValue)

    /// The JSON value of DESIGN.md's per-record output.
    public var json: JSONValue {
        switch self {
        case .classification(let c):
            return .object([
                JSONField("label", .string(c.label)),
                JSONField("score", .double(c.score)),
                JSONField("scores", .object(c.scores.map { JSONField($0.name, .double($0.value)) })),
            ])
        case .topic(let t):
            return .object([
                JSONField("id", .int(t.id)), JSONField("label", .string(t.label)),
                JSONField("score", .double(t.score)),
            ])
        case .spans(let spans):
            return .array(spans.map { s in
                .object([
                    JSONField("text", .string(s.text)), JSONField("label", .string(s.label)),
                    JSONField("start", .int(s.start)), JSONField("end", .int(s.end)),
                    JSONField("score", .double(s.score)),
                ])
            })
        case .keyphrases(let phrases):
            return .array(phrases.map { .object([JSONField("text", .string($0.text)), JSONField("score", .double($0.score))]) })
        case .embedding(let v):
            return .array(v.map { .double(Double($0)) })
        case .json(let j):
            return j
        }
    }

    /// Compact JSON text of `json`.
    public var jsonString: String {
        if case .embedding(let v) = self {
            var out = "["
            out.reserveCapacity(v.count * 12)
            for (i, x) in v.enumerated() {
                if i > 0 { out += "," }
                out += x.isFinite ? x.description : "null"
            }
            return out + "]"
        }
        return json.jsonString
    }

    /// Reads a value back from its JSON, choosing the case by the JSON's shape.
    public init(json: JSONValue) {
        switch json {
        case .object(let fields):
            let keys = Set(fields.map(\.key))
            if keys == ["id", "label", "score"], case .int(let id)? = json["id"],
                let label = json["label"]?.stringValue, let score = json["score"]?.doubleValue
            {
                self = .topic(TopicAssignment(id: id, label: label, score: score))
                return
            }
            if keys == ["label", "score", "scores"], let label = json["label"]?.stringValue,
                let score = json["score"]?.doubleValue, case .object(let sf)? = json["scores"]
            {
                let scores = sf.compactMap { f in f.value.doubleValue.map { ScoredLabel(f.key, $0) } }
                if scores.count == sf.count {
                    self = .classification(Classification(label: label, score: score, scores: scores))
                    return
                }
            }
        case .array(let items) where !items.isEmpty:
            if items.allSatisfy({ $0.doubleValue != nil }) {
                self = .embedding(items.map { Float($0.doubleValue ?? 0) })
                return
            }
            let spans = items.compactMap(Span.init(json:))
            if spans.count == items.count { self = .spans(spans); return }
            let phrases = items.compactMap(Keyphrase.init(json:))
            if phrases.count == items.count { self = .keyphrases(phrases); return }
        default:
            break
        }
        self = .json(json)
    }
}

/// A named score.
public struct ScoredLabel: Sendable, Hashable {
    public var name: String
    public var value: Double
    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

/// A classifier's decision: the chosen label, its score and every score it computed.
public struct Classification: Sendable, Hashable {
    public var label: String
    public var score: Double
    public var scores: [ScoredLabel]
    public init(label: String, score: Double, scores: [ScoredLabel]) {
        self.label = label
        self.score = score
        self.scores = scores
    }

    /// The score named `name`, if present.
    public subscript(name: String) -> Double? { scores.first(where: { $0.name == name })?.value }
}

/// A record's topic.
public struct TopicAssignment: Sendable, Hashable {
    public var id: Int
    public var label: String
    public var score: Double
    public init(id: Int, label: String, score: Double) {
        self.id = id
        self.label = label
        self.score = score
    }
}

/// A labelled span of text; `start`/`end` count Unicode scalars, half-open.
public struct Span: Sendable, Hashable {
    public var text: String
    public var label: String
    public var start: Int
    public var end: Int
    public var score: Double
    public init(text: String, label: String, start: Int, end: Int, score: Double) {
        self.text = text
        self.label = label
        self.start = start
        self.end = end
        self.score = score
    }

    init?(json: JSONValue) {
        guard let text = json["text"]?.stringValue, let label = json["label"]?.stringValue,
            case .int(let start)? = json["start"], case .int(let end)? = json["end"],
            let score = json["score"]?.doubleValue
        else { return nil }
        self.init(text: text, label: label, start: start, end: end, score: score)
    }
}

/// A keyphrase and its score (for YAKE, lower is more relevant).
public struct Keyphrase: Sendable, Hashable {
    public var text: String
    public var score: Double
    public init(text: String, score: Double) {
        self.text = text
        self.score = score
    }

    init?(json: JSONValue) {
        guard case .object(let f) = json, f.count == 2, let text = json["text"]?.stringValue,
            let score = json["score"]?.doubleValue
        else { return nil }
        self.init(text: text, score: score)
    }
}
