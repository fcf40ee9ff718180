import Testing
import TaskFlowPluginAPI

@Suite struct MarkdownTests {
    @Test(arguments: [
        ("plain text, 42.", "plain text, 42."),
        ("a*b_c [x](y) <b> #1 | `c` \\ end\nnext", ##"a\*b\_c \[x\](y) &lt;b&gt; \#1 \| \`c\` \\ end next"##),
        ("x\n\n<script>alert(6)</script>\n\n", "x  &lt;script&gt;alert(6)&lt;/script&gt;  "),
        ("[click](javascript:alert(1))", #"\[click\](javascript:alert(1))"#),
        ("AT&T ~~gone~~", #"AT&amp;T \~\~gone\~\~"#),
        ("line\r\nbreaks\u{2028}and\u{2029}more\u{85}end\u{0B}\u{0C}\ttab", "line  breaks and more end   tab"),
        ("bell\u{07} esc\u{1B} c1\u{9B} nul\u{0}", "bell\u{FFFD} esc\u{FFFD} c1\u{FFFD} nul\u{FFFD}"),
        ("- item", #"\- item"#), ("  + item", #"  \+ item"#), ("===", #"\==="#), ("1986. A year", #"1986\. A year"#),
        ("2) two", #"2\) two"#), ("e-mail 3.5 x+y=z", "e-mail 3.5 x+y=z"), ("> quote", "&gt; quote"),
        ("[\u{338}x](javascript:1)", "\\[\u{338}x\\](javascript:1)"),
    ] as [(String, String)])
    func text(input: String, expected: String) {
        #expect(Markdown.text(input) == expected)
    }

    @Test(arguments: [
        ("sentiment.vader", false, "`sentiment.vader`"),
        ("a`b", false, "``a`b``"),
        ("``x```", false, "```` ``x``` ````"),
        ("`", false, "`` ` ``"),
        (" padded ", false, "`  padded  `"),
        ("  ", false, "`  `"),
        ("", false, "` `"),
        ("x\n\n<script>alert(6)</script>\n\n", false, "`x  <script>alert(6)</script>  `"),
        ("a|b", false, "`a|b`"),
        ("a|b", true, #"`a\|b`"#),
        (#"a\|b"#, true, #"`a\\\|b`"#),
        ("esc\u{1B}[2J", false, "`esc\u{FFFD}[2J`"),
    ] as [(String, Bool, String)])
    func code(input: String, inTable: Bool, expected: String) {
        #expect(Markdown.code(input, inTable: inTable) == expected)
    }
}

@Suite struct JSONStringEscapingTests {
    @Test(arguments: [
        ("plain", #""plain""#),
        ("esc\u{1B}[2J bel\u{07}", #""esc\u001b[2J bel\u0007""#),
        ("del\u{7F} c1\u{9B}\u{85}", #""del\u007f c1\u009b\u0085""#),
        ("£ © ° stay", #""£ © ° stay""#),
    ] as [(String, String)])
    func controlsAreEscaped(text: String, json: String) throws {
        var out = ""
        JSONWriter.writeString(text, into: &out)
        #expect(out == json)
        #expect(try JSONParser.parse(out) == .string(text))
    }
}
