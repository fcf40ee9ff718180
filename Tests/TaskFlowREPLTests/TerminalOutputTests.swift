import Foundation
import Testing
import TaskFlowCore
import TaskFlowReporting
import TaskFlowPluginAPI

@testable import TaskFlowREPL

/// A record text that retitles the window, clears the screen, and carries an 8-bit CSI.
private let hostile = "hi\u{1B}]0;pwned\u{07}\u{1B}[2J there\u{9B}31m"

/// Whether `s` holds ESC, BEL or another C0 control but newline and tab, DEL or a C1 control.
private func carriesControls(_ s: String) -> Bool {
    s.unicodeScalars.contains { c in (c.value < 0x20 && c != "\n" && c != "\t") || (0x7F..<0xA0).contains(c.value) }
}

/// What the REPL prints on a terminal carries no control sequence from the data (D10).
@Suite struct TerminalOutputTests {
    @Test func tablesNeutraliseCells() {
        let table = ReplTable(headers: ["id", "text"], rows: [["1\u{9B}", hostile], [nil, "ok"]])
        let text = table.render(mode: .table, width: 80)
        #expect(!carriesControls(text))
        #expect(text.contains("hi␛]0;pwned␇␛[2J there"))
        let bars = BarChart.render([(label: "neg\u{1B}[2J", count: 3)], total: 3, width: 80)
        #expect(!carriesControls(bars))
    }

    @Test func theMarkdownModeEscapesCells() {
        let table = ReplTable(headers: ["id", "score"], rows: [["x\n\n<script>", "-0.5"]], numeric: [1])
        #expect(table.render(mode: .markdown, width: 80) == "| id | score |\n|---|---:|\n| x  &lt;script&gt; | -0.5 |\n")
    }

    @Test func aTerminalGetsNeutralisedTextAndTheConsolesOwnColours() {
        let out = MemorySink(isTerminal: true)
        let err = MemorySink(isTerminal: true)
        let console = ReplConsole(out: out, err: err, colourAllowed: true, width: { 80 })
        console.print("text:\n" + hostile)
        #expect(!carriesControls(out.text))
        #expect(out.text == "text:\nhi␛]0;pwned␇␛[2J there\u{FFFD}31m\n")
        console.error(TaskFlowFailure("unknown-record", "no record with id '\(hostile)'", hint: "show 10"))
        #expect(!carriesControls(err.text.replacingOccurrences(of: "\u{1B}[31m", with: "").replacingOccurrences(of: "\u{1B}[36m", with: "")
            .replacingOccurrences(of: "\u{1B}[0m", with: "")))
        #expect(err.text.hasPrefix("\u{1B}[31merror:\u{1B}[0m no record with id 'hi␛]0;pwned"))
    }

    @Test func dataToAPipeOrFileStaysData() {
        let out = MemorySink(isTerminal: false)
        let console = ReplConsole(out: out, err: MemorySink(), colourAllowed: false, width: { 80 })
        console.print(hostile)
        #expect(out.text == hostile + "\n")
    }

    @Test func showPrintsATableWithoutControls() async throws {
        let h = try ReplHarness()
        let csv = h.path("hostile.csv")
        try "id,text\n1,\"\(hostile)\"\n2,fine\n".write(toFile: csv, atomically: true, encoding: .utf8)
        try await h.setUp(["load \(csv)", "run"])
        let shown = await h.run("show")
        #expect(shown.status == .ok)
        #expect(!carriesControls(shown.out))
        #expect(shown.out.contains("hi␛]0;pwned"))
    }
}
