import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

@testable import TaskFlowReporting

/// A record text that retitles the window, clears the screen, and carries an 8-bit CSI.
let hostileText = "hi\u{1B}]0;pwned\u{07}\u{1B}[2J there\u{9B}31m \u{202E}desrever"

/// Whether `s` holds anything a terminal obeys: ESC, BEL or another C0 control but newline
/// and tab, DEL, a C1 control or a bidi override.
func carriesControls(_ s: String) -> Bool {
    s.unicodeScalars.contains { c in
        (c.value < 0x20 && c != "\n" && c != "\t") || (0x7F..<0xA0).contains(c.value) || (0x202A...0x202E).contains(c.value)
            || (0x2066...0x2069).contains(c.value)
    }
}

/// Terminal output never carries a control sequence from the data (D10).
@Suite struct TerminalSafeTests {
    @Test(arguments: [
        ("plain text", false, "plain text"),
        ("\u{1B}]0;pwned\u{07}\u{1B}[2J", false, "␛]0;pwned␇␛[2J"),
        ("nul\u{0} del\u{7F} c1\u{9B}\u{85}", false, "nul␀ del␡ c1\u{FFFD} "),
        ("a\nb\tc\r\nd\u{2028}e", false, "a b c  d e"),
        ("a\nb\tc\r\nd\re", true, "a\nb\tc\nd␍e"),
        ("\u{202E}abc\u{2066}", true, "\u{FFFD}abc\u{FFFD}"),
        ("café — “quoted” 日本", false, "café — “quoted” 日本"),
    ] as [(String, Bool, String)])
    func neutralise(text: String, lineBreaks: Bool, expected: String) {
        #expect(TerminalSafe.neutralise(text, lineBreaks: lineBreaks) == expected)
    }

    @Test func ownColoursPassDataEscapesDoNot() {
        let styles = ["\u{1B}[1m", "\u{1B}[0m"]
        let text = "\u{1B}[1merror:\u{1B}[0m no record '\u{1B}[1m\u{1B}]8;;http://x\u{07}id\u{1B}[31m'"
        let safe = TerminalSafe.neutralise(text, lineBreaks: true, keeping: styles)
        #expect(safe == "\u{1B}[1merror:\u{1B}[0m no record '\u{1B}[1m␛]8;;http://x␇id␛[31m'")
    }

    @Test func theTableWriterNeutralisesCells() throws {
        var t = TextTable(headers: ["id", "text\u{1B}[2J"], flexibleColumn: 1)
        t.rows = [["1\u{9B}", hostileText]]
        let text = t.render(width: 100)
        #expect(!carriesControls(text))
        #expect(text.contains("hi␛]0;pwned␇␛[2J there"))
        // Still aligned: every line as wide as the header's columns allow.
        #expect(text.split(separator: "\n").allSatisfy { DisplayWidth.of(String($0)) <= 100 })
    }

    @Test func analyzeTableOutputHasNoControls() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tf-tt-\(UUID().uuidString)").path
        let out = try TextOutput.file(path)
        let w = RecordFormat.table.makeWriter(output: out, width: 80, maxTableRows: nil)
        w.write(Record(id: "x\u{1B}[31m", text: hostileText), [("sentiment", .classification(Classification(label: "neg\u{9B}", score: 0, scores: [])))])
        w.finish()
        try out.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!carriesControls(text))
        #expect(text.contains("hi␛]0;pwned"))
    }

    @Test func csvAndJSONLToAFileAreDataButJSONEscapesEveryControl() throws {
        for format in [RecordFormat.csv, .jsonl] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("tf-tt-\(UUID().uuidString)").path
            let out = try TextOutput.file(path)
            let w = format.makeWriter(output: out, width: 80, maxTableRows: nil)
            w.write(Record(id: "1", text: hostileText), [])
            w.finish()
            try out.close()
            let text = try String(contentsOfFile: path, encoding: .utf8)
            if format == .csv {
                #expect(text.contains(hostileText))  // a file of data keeps the data
            } else {
                #expect(!carriesControls(text.replacingOccurrences(of: "\u{202E}", with: "")))
                #expect(text.contains(#"hi\u001b]0;pwned\u0007\u001b[2J there\u009b31m"#))
            }
        }
    }

    @Test func theRunSummaryLineNeutralisesMessages() {
        var s = RunSummary(
            dataset: DatasetFacts(path: "/x.csv", format: "csv", textColumn: "text", idColumn: nil, bytes: 1, read: ReadReport()),
            status: .completed, device: "cpu", threads: 1, batchSize: 1, tools: [])
        s.failures = [AnalyzerFailure(analyzer: "plugin/x", batch: 0, records: 1, message: hostileText + "\nsecond line")]
        let line = RunSummaryLine.render(s)
        #expect(!carriesControls(line))
        #expect(line.hasSuffix("second line\n"))
    }
}
