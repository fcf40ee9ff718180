import Foundation
import TaskFlowPluginAPI

/// The writer's structured answer: a title, a summary, findings each citing the records that
/// support it, and recommendations.
struct NarrativeDraft: Sendable, Hashable {
    struct Finding: Sendable, Hashable {
        var text: String
        var records: [String]
    }

    var title: String
    var summary: String
    var findings: [Finding]
    var recommendations: [String]

    /// The JSON Schema the model answers in (strict-mode compatible: every property required,
    /// no others allowed).
    static let schema: JSONValue = {
        func str() -> JSONValue { .object([JSONField("type", .string("string"))]) }
        let finding: JSONValue = .object([
            JSONField("type", .string("object")), JSONField("additionalProperties", .bool(false)),
            JSONField("required", .array([.string("text"), .string("records")])),
            JSONField(
                "properties",
                .object([
                    JSONField("text", str()),
                    JSONField("records", .object([JSONField("type", .string("array")), JSONField("items", str())])),
                ])),
        ])
        return .object([
            JSONField("type", .string("object")), JSONField("additionalProperties", .bool(false)),
            JSONField("required", .array(["title", "summary", "findings", "recommendations"].map(JSONValue.string))),
            JSONField(
                "properties",
                .object([
                    JSONField("title", str()), JSONField("summary", str()),
                    JSONField(
                        "findings",
                        .object([
                            JSONField("type", .string("array")), JSONField("minItems", .int(1)), JSONField("maxItems", .int(8)),
                            JSONField("items", finding),
                        ])),
                    JSONField(
                        "recommendations",
                        .object([JSONField("type", .string("array")), JSONField("maxItems", .int(5)), JSONField("items", str())])),
                ])),
        ])
    }()

    init?(json: JSONValue?) {
        guard let json, let title = json["title"]?.stringValue, let summary = json["summary"]?.stringValue else { return nil }
        self.title = title
        self.summary = summary
        findings = (json["findings"]?.arrayValue ?? []).compactMap { f in
            guard let t = f["text"]?.stringValue else { return nil }
            return Finding(text: t, records: (f["records"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
        recommendations = (json["recommendations"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    var json: JSONValue {
        .object([
            JSONField("title", .string(title)), JSONField("summary", .string(summary)),
            JSONField(
                "findings",
                .array(findings.map { .object([JSONField("text", .string($0.text)), JSONField("records", .array($0.records.map(JSONValue.string)))]) })),
            JSONField("recommendations", .array(recommendations.map(JSONValue.string))),
        ])
    }

    /// The draft as a report section's Markdown; every string from the model is escaped.
    var markdown: String {
        var md = "**\(Markdown.text(title))**\n\n\(Markdown.text(summary))\n\n"
        if !findings.isEmpty {
            md += "Findings:\n\n"
            for f in findings {
                md += "- \(Markdown.text(f.text))"
                if !f.records.isEmpty { md += " (" + f.records.prefix(8).map { Markdown.code($0) }.joined(separator: ", ") + ")" }
                md += "\n"
            }
            md += "\n"
        }
        if !recommendations.isEmpty {
            md += "Recommendations:\n\n" + recommendations.map { "- \(Markdown.text($0))\n" }.joined() + "\n"
        }
        return md
    }

    /// All prose of the draft, for the checks.
    var prose: String { ([title, summary] + findings.map(\.text) + recommendations).joined(separator: "\n") }
}

/// The checks a draft must pass without a model: every number is one of the brief's figures,
/// every finding cites records that exist and share words with it, the main topics are covered.
struct NarrativeCheck: Sendable {
    var brief: NarrativeBrief
    /// Record id → text, of the whole run.
    var texts: [String: String]

    /// Points a percentage may be off a count/total ratio.
    static let percentTolerance = 0.5

    /// What is wrong, one line each; empty when the draft passes.
    func objections(_ d: NarrativeDraft) -> [String] {
        var out: [String] = []
        let bad = unsupportedNumbers(in: d.prose)
        if !bad.isEmpty {
            out.append("these numbers are not among the run's figures: " + bad.prefix(8).joined(separator: ", ") + "; use only the figures given")
        }
        for (i, f) in d.findings.enumerated() {
            if f.records.isEmpty {
                out.append("finding \(i + 1) cites no records; cite the ids of records that show it")
                continue
            }
            let unknown = f.records.filter { texts[$0] == nil }
            if !unknown.isEmpty {
                out.append("finding \(i + 1) cites records that do not exist: " + unknown.prefix(5).joined(separator: ", "))
            } else if !f.records.contains(where: { Self.shareWords(f.text, texts[$0] ?? "") }) {
                out.append("finding \(i + 1) cites records that do not mention what it says")
            }
        }
        let prose = d.prose.lowercased()
        for label in brief.mainTopics.prefix(3) {
            let terms = label.lowercased().components(separatedBy: " · ").filter { !$0.isEmpty }
            if !terms.contains(where: { prose.contains($0) }) {
                out.append("the topic \"\(label)\" (one of the three largest) is not covered")
            }
        }
        return out
    }

    /// 1 with no objection, less 0.15 for each.
    func score(_ d: NarrativeDraft) -> Double { max(0, 1 - 0.15 * Double(objections(d).count)) }

    func unsupportedNumbers(in text: String) -> [String] {
        var seen: [String] = []
        for n in NumberScan.numbers(in: text) where !supports(n) && !seen.contains(n.text) {
            seen.append(n.text)
        }
        return seen
    }

    func supports(_ n: NumberScan.Number) -> Bool {
        if n.isPercent {
            return brief.totals.contains { t in
                t > 0 && (brief.counts.union(brief.totals)).contains { c in
                    c <= t && abs(n.value - 100 * Double(c) / Double(t)) <= Self.percentTolerance + 1e-9
                }
            }
        }
        if n.places == 0 { return abs(n.value) < 1e15 && (brief.counts.contains(Int(n.value)) || brief.totals.contains(Int(n.value))) }
        return brief.decimals.contains { Double($0).map { abs($0 - n.value) < 1e-9 } ?? false }
            || brief.decimals.contains(n.text)
    }

    /// Whether a finding and a record share a content word (4+ letters, prefix-matched by 5).
    static func shareWords(_ a: String, _ b: String) -> Bool {
        func words(_ s: String) -> Set<String> {
            Set(s.lowercased().split { !$0.isLetter }.filter { $0.count >= 4 }.map { String($0.prefix(5)) })
        }
        return !words(a).isDisjoint(with: words(b))
    }
}
