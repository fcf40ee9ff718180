import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import Testing

@testable import TaskFlowReporting

/// The report's Keyphrases and Entities sections, and the summary line's top terms.
@Suite struct TermSectionsTests {
    /// A summary whose terms, labels, example ids and texts are `value`.
    static func summary(_ value: String) -> RunSummary {
        var s = MarkdownEscapingTests.summary("plain")
        s.recordsDone = 10
        let example = TermExample(id: value, text: value)
        s.terms = [
            TermFindings(
                task: "keyphrases", analyzer: "keyphrase.yake", records: 8, distinct: 40,
                top: [
                    TermCount(text: "battery life", label: nil, count: 5, examples: [example]),
                    TermCount(text: value, label: nil, count: 2, examples: []),
                ]),
            TermFindings(
                task: "entities", analyzer: "entity.rules", records: 4, distinct: 3,
                top: [
                    TermCount(text: "Pulse Band", label: "PRODUCT", count: 3, examples: [example]),
                    TermCount(text: value, label: value, count: 1, examples: [example]),
                ],
                labels: [
                    TermLabel(label: "PRODUCT", records: 3, top: [TermCount(text: "Pulse Band", label: "PRODUCT", count: 3, examples: [])]),
                    TermLabel(label: value, records: 1, top: [TermCount(text: value, label: value, count: 1, examples: [])]),
                ]),
        ]
        return s
    }

    @Test func keyphrasesAndEntitiesGetTablesWithCountsAndExamples() {
        let md = MarkdownReportRenderer().render(Self.summary("plain"))
        #expect(md.contains("## Keyphrases (`keyphrase.yake`)"))
        #expect(md.contains("8 of 10 records have one (80.0%); 40 distinct"))
        #expect(md.contains("| battery life | 5 | `plain`: plain |"))
        #expect(md.contains("## Entities (`entity.rules`)"))
        #expect(md.contains("| PRODUCT | 3 | Pulse Band (3) |"))
        #expect(md.contains("| Pulse Band | PRODUCT | 3 | `plain`: plain |"))
    }

    @Test func hostileTermsLeaveTheStructureAlone() {
        let plainLines = MarkdownReportRenderer().render(Self.summary("plain")).split(separator: "\n", omittingEmptySubsequences: false).count
        for hostile in HostileStrings(seed: 41, count: 300) {
            let md = MarkdownReportRenderer().render(Self.summary(hostile))
            let problems = markupProblems(md)
            #expect(problems == [], "\(hostile.debugDescription)")
            #expect(md.split(separator: "\n", omittingEmptySubsequences: false).count == plainLines, "\(hostile.debugDescription)")
            if !problems.isEmpty { break }
        }
    }

    @Test func theJSONReportAndTheSummaryLineCarryTheTopTerms() throws {
        let s = Self.summary("plain")
        let json = try ReportFormat.json.render(s)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let terms = try #require(object["terms"] as? [[String: Any]])
        #expect(terms.map { $0["task"] as? String } == ["keyphrases", "entities"])
        let decoded = try JSONDecoder.withISODates.decode(RunSummary.self, from: Data(json.utf8))
        #expect(decoded.terms == s.terms)
        let line = RunSummaryLine.render(s)
        #expect(line.contains("keyphrase.yake: top keyphrases: battery life (5), plain (2)"))
        #expect(line.contains("entity.rules: top entities: Pulse Band [PRODUCT] (3)"))
    }
}

extension JSONDecoder {
    static var withISODates: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }
}
