import Testing
import TaskFlowPluginAPI

@testable import BriefingPlugin

@Suite struct ReadFirstTests {
    @Test func severalFlagsFirstThenStrongestScoreThenInputOrder() {
        let picks = ReadFirst.pick(from: Fixtures.corpus, watch: ["negative", "toxic"], limit: 10)
        #expect(picks.map(\.record.id) == ["FB-4", "FB-5", "FB-3", "FB-2", "FB-6"])
        #expect(picks[0].flags.map(\.label) == ["negative", "toxic"])
        #expect(picks[0].strength == 0.55)
    }

    @Test func limitWatchOptionAndCase() {
        let watch = ReadFirst.labels(" Negative ,, ")
        #expect(watch == ["Negative"])
        #expect(ReadFirst.pick(from: Fixtures.corpus, watch: watch, limit: 2).map(\.record.id) == ["FB-3", "FB-2"])
        #expect(ReadFirst.pick(from: Fixtures.corpus, watch: ["toxic"], limit: 0).isEmpty)
        #expect(ReadFirst.pick(from: Fixtures.corpus, watch: [], limit: 5).isEmpty)
    }

    // The SDK's Markdown.text now escapes for the briefing: `<` and `>` as entities (safer than
    // `\<`, which Python-Markdown does not honour).
    @Test func escapesMarkdownAndFoldsLines() {
        let text = "a*b_c [x](y) <b> #1 | `c` \\ end\nnext"
        #expect(Markdown.text(text) == ##"a\*b\_c \[x\](y) &lt;b&gt; \#1 \| \`c\` \\ end next"##)
    }

    @Test func aHostileRecordStaysOneListItem() {
        let pick = ReadFirst.Pick(
            record: Record(id: "x\n\n<script>alert(6)</script>\n\n", text: "[click](javascript:alert(1))"), flags: [])
        let body = BriefingMarkdown.body(
            facts: RunFacts(summary: Fixtures.summary, records: 1), picks: [pick], watch: ["negative"],
            narrative: .notAsked, modelName: nil)
        #expect(!body.contains("<"))
        let item = body.split(separator: "\n").filter { $0.hasPrefix("1. ") }
        #expect(item.count == 1)
        #expect(item.first?.hasSuffix(#": \[click\](javascript:alert(1))"#) == true)
        #expect(item.first?.contains("&lt;script&gt;alert(6)&lt;/script&gt;") == true)
    }

    @Test func trimsLongTextAtAWord() {
        let long = String(repeating: "word ", count: 60) + "\n\tlast"
        let t = BriefingMarkdown.trimmed(long)
        #expect(t.count <= BriefingMarkdown.quoteLimit)
        #expect(t.hasSuffix("word…"))
        #expect(!t.contains("  "))
        #expect(BriefingMarkdown.trimmed("  short \n text ") == "short text")
    }

    @Test(arguments: [(-0.8519, "-0.85"), (0.55, "0.55"), (0.004, "0.00"), (-0.004, "0.00"), (1, "1.00"), (-12.346, "-12.35")])
    func fixed(x: Double, text: String) {
        #expect(BriefingMarkdown.fixed(x, 2) == text)
    }
}
