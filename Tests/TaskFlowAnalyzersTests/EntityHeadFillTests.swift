import TaskFlowPluginAPI
import Testing

@testable import TaskFlowAnalyzers

/// `entity.minilm`'s gap fill: the head's entities stay, the rules' come in only where they
/// overlap none of them.
@Suite struct EntityHeadFillTests {
    func span(_ start: Int, _ end: Int, _ label: String) -> Span {
        Span(text: "x", label: label, start: start, end: end, score: 1)
    }

    @Test func rulesFillOnlyTheGaps() {
        let head = [span(10, 15, "PERSON"), span(0, 4, "LOC")]
        let rules = [span(3, 6, "ORG"), span(20, 25, "PRODUCT"), span(12, 30, "WORK"), span(22, 24, "URL")]
        let merged = TokenHeadRunner.filling(head, with: rules)
        #expect(merged.map(\.label) == ["LOC", "PERSON", "PRODUCT"])
        #expect(merged.map(\.start) == [0, 10, 20])
    }

    @Test func nothingFromEitherSideIsNothing() {
        #expect(TokenHeadRunner.filling([], with: []).isEmpty)
        #expect(TokenHeadRunner.filling([], with: [span(1, 2, "URL")]).map(\.label) == ["URL"])
    }

    @Test func theShippedHeadDeclaresItsDecodingOptions() {
        let names = MiniLMEntityAnalyzer.descriptor.options.map(\.name)
        #expect(names.contains("bio") && names.contains("rules"))
        #expect(MiniLMEntityAnalyzer.descriptor.options.first { $0.name == "rules" }?.defaultValue == .bool(true))
        #expect(HeadEntityAnalyzer.descriptor.options.first { $0.name == "rules" }?.defaultValue == .bool(false))
    }
}
