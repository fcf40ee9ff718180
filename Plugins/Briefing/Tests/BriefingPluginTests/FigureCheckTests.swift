import Testing

@testable import BriefingPlugin

@Suite struct FigureCheckTests {
    /// The sample run: 351 records; 186/89/76 sentiment; 346/5 toxicity; 2 clusters of 9 records; 0 failures.
    let check = FigureCheck(
        counts: [351, 186, 89, 76, 346, 5, 2, 9, 0], totals: [351],
        quoted: Set(FigureCheck.numbers(in: "FB-0221: Two-way audio has a 3 second delay")))

    @Test(arguments: [
        ("351 records, 53% positive", ["351", "53%"]),
        ("1,204 comments", ["1,204"]),
        ("a mean of 0.19 overall", ["0.19"]),
        ("FB-0112 and v2 and the 4th and 10am and record_12", []),
        ("since the 4.2.1 update", []),
        ("write 2–4 sentences", ["2", "4"]),
        ("write 2-4 sentences", ["2", "4"]),
        ("fell by -3 points", ["-3"]),
        ("12 percent, 7 Per cent and 8 %", ["12%", "7%", "8%"]),
        ("186, 89 and 76.", ["186", "89", "76"]),
        ("(1,234,567 rows)", ["1,234,567"]),
        ("no numbers at all", []),
    ])
    func readsNumbersAsWritten(text: String, expected: [String]) {
        #expect(FigureCheck.numbers(in: text).map(\.text) == expected)
    }

    @Test func readsValuesPlacesAndPercent() {
        let n = FigureCheck.numbers(in: "1,204 then 0.19 then -3 then 12.5 percent")
        #expect(n.map(\.value) == [1204, 0.19, -3, 12.5])
        #expect(n.map(\.places) == [0, 2, 0, 1])
        #expect(n.map(\.isPercent) == [false, false, false, true])
    }

    @Test(arguments: [
        "351", "186", "5", "0",  // counts
        "53%", "52.99%", "22%", "25%", "1.4%", "1%", "98.6%", "100%",  // count / total
        "2.6%",  // 9 of 351, a ratio the facts don't print
        "351.0",  // a count at the places written
        "3",  // in a quoted comment
    ])
    func supported(text: String) {
        #expect(check.unsupported(in: "The run: \(text) here.") == [])
    }

    @Test(arguments: ["60%", "54%", "4%", "7", "352", "-5", "0.5", "2.5", "1,204", "12 percent"])
    func unsupported(text: String) {
        let expected = text == "12 percent" ? "12%" : text
        #expect(check.unsupported(in: "The run: \(text) here.") == [expected])
    }

    /// 186 of 351 is 52.99%: within half a point passes, beyond it fails.
    @Test(arguments: [("52.5%", true), ("53.49%", true), ("53.5%", false), ("52.4%", false), ("0.5%", true), ("3.1%", false)])
    func percentagesAreWithinHalfAPoint(text: String, ok: Bool) {
        #expect(check.unsupported(in: text).isEmpty == ok)
    }

    @Test func listsEachUnsupportedNumberOnce() {
        #expect(check.unsupported(in: "60% said so, 60% again, then 7 and 351") == ["60%", "7"])
    }
}
