import Foundation
import TaskFlowLLM
import Testing

/// A labelled pair of `Tests/Fixtures/semantic-cache/pairs.jsonl`.
struct LabelledPromptPair: Decodable, Sendable, CustomTestStringConvertible {
    let a: String
    let b: String
    let expect: String
    let kind: String

    var testDescription: String { "\(kind): \(a.prefix(40)) | \(b.prefix(40))" }

    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/semantic-cache/pairs.jsonl")

    static func load() throws -> [LabelledPromptPair] {
        let text = try String(contentsOf: file, encoding: .utf8)
        return try text.split(separator: "\n").enumerated().map { line, json in
            do {
                return try JSONDecoder().decode(LabelledPromptPair.self, from: Data(json.utf8))
            } catch {
                throw LabelledLabelledPromptPairError(line: line + 1, underlying: "\(error)")
            }
        }
    }
}

struct LabelledLabelledPromptPairError: Error, CustomStringConvertible {
    let line: Int
    let underlying: String
    var description: String { "pairs.jsonl line \(line): \(underlying)" }
}

@Suite struct PromptGuardTests {
    let guard_ = PromptGuard()

    // MARK: Numbers

    @Test(arguments: [
        ("What is 1,000 divided by 8?", "Divide 1000 by 8."),
        ("Convert 5 miles to kilometres.", "How many kilometres are in five miles?"),
        ("What is 15% of 80?", "Calculate fifteen percent of 80."),
        ("Price: $10,000.00", "price 10000"),
        ("Give me the 3rd item.", "Give me the third item."),
        ("It costs 3,5 euros.", "It costs 3.50 euros."),
        ("Set it to twenty-two degrees.", "Set it to 22 degrees."),
        ("We have two hundred and five records.", "We have 205 records."),
        ("Revenue grew to 5 million.", "Revenue grew to 5,000,000."),
        ("Revenue grew to 1.5 million.", "Revenue grew to 1500000."),
        ("Order a dozen eggs.", "Order 12 eggs."),
        ("Budget is 10k.", "Budget is 10000."),
        ("I was charged twice.", "I was charged 2 times."),
        ("Give 3 findings and cite ids for each one.", "Give three findings and cite the ids of each."),
        ("Why is no one using it?", "Why is nobody using it?"),
        ("Report for 351 records; 351 records were read.", "Report on 351 records."),
        ("Meet at 07:30 on 2024-05-01.", "Meet on 2024-5-1 at 7:30."),
        ("Version 2.3.1 broke it.", "It broke in version 2.3.1."),
        ("Use ٣ items.", "Use 3 items."),
    ])
    func sameNumbersInOtherWordsAreNoConflict(_ pair: (String, String)) {
        #expect(guard_.conflict(pair.0, pair.1) == nil, "\(pair.0) | \(pair.1)")
    }

    @Test(arguments: [
        ("List the top 5 topics.", "List the top 10 topics.", "5"),
        ("Show comments from 2024-05-01.", "Show comments from 2024-01-05.", "2024-05-01"),
        ("Remind me at 10:30.", "Remind me at 10:45.", "10:30"),
        ("Give me the first chapter.", "Give me the third chapter.", "first"),
        ("Radius 3 cm.", "Radius 3.5 cm.", "3"),
        ("It is -5 degrees.", "It is 5 degrees.", "-5"),
        ("Set it to twenty degrees.", "Set it to twenty-two degrees.", "twenty"),
        ("Compare 4, 8 and 15.", "Compare 4, 8 and 16.", "15"),
        ("What is 1,000 divided by 8?", "What is 1,000 divided by 4?", "8"),
        ("Version 2.3 broke it.", "Version 2.4 broke it.", "2.3"),
        ("Summarise this article.", "Summarise this article in 3 sentences.", "3"),
    ])
    func aDifferentNumberIsAConflict(_ pair: (String, String, String)) {
        #expect(guard_.conflict(pair.0, pair.1) == .number(pair.2))
    }

    // MARK: Negation

    @Test(arguments: [
        ("Summarise reviews that mention price.", "Summarise reviews that don't mention price.", "don't"),
        ("Summarise reviews that mention price.", "Summarise reviews that don’t mention price.", "don’t"),
        ("Summarise reviews that mention price.", "Summarise reviews that dont mention price.", "dont"),
        ("The customer can log in.", "The customer cannot log in.", "cannot"),
        ("Sort it with the built-in sort.", "Sort it without the built-in sort.", "without"),
        ("Which features do users always ask for?", "Which features do users never ask for?", "never"),
        ("Which plans include phone and chat support?", "Which plans include neither phone nor chat support?", "neither"),
        ("Never say it.", "Say it.", "Never"),
        ("It is not good.", "It is not not good.", "not"),
    ])
    func aDifferentNegationIsAConflict(_ pair: (String, String, String)) {
        #expect(guard_.conflict(pair.0, pair.1) == .negation(pair.2))
    }

    @Test(arguments: [
        ("Why didn't the build run?", "What caused the build not to run?"),
        ("Return it without the box?", "Return it if I no longer have the box?"),
        ("Summarise reviews that don't mention price.", "Summarise the reviews that say nothing about price."),
        ("It is not only fast but also cheap.", "It is both fast and cheap."),
        ("Show order No. 5.", "Show order 5."),
        ("Neither the app nor the site works.", "The app and the site both don't work."),
    ])
    func sameNegationInOtherWordsIsNoConflict(_ pair: (String, String)) {
        #expect(guard_.conflict(pair.0, pair.1) == nil, "\(pair.0) | \(pair.1)")
    }

    // MARK: Names

    @Test(arguments: [
        ("What are the best things to do in Lisbon?", "What are the best things to do in Porto?", "Lisbon"),
        ("Summarise Apple's earnings.", "Summarise Microsoft's earnings.", "Apple's"),
        ("The app doesn't load on my iPhone.", "The app doesn't load on my phone.", "iPhone"),
        ("Is NVDA a good investment?", "Is AMD a good investment?", "NVDA"),
        ("Summarise the Galaxy S24 reviews.", "Summarise the Galaxy S23 reviews.", "S24"),
        ("Find comments that mention \"late delivery\".", "Find comments that mention \"wrong size\".", "late"),
        ("Email it to @dana_ops.", "Email it to @ravi.", "@dana_ops"),
        ("Forward it to support@example.com.", "Forward it to billing@example.com.", "support@example.com"),
        ("See https://status.example.com/ now.", "See https://status.example.org now.", "https://status.example.com/"),
        ("What is the capital of Australia?", "What is the capital of Austria?", "Australia"),
        ("Summarise the January newsletter.", "Summarise the February newsletter.", "January"),
        ("Rename the user_id column.", "Rename the order_id column.", "user_id"),
    ])
    func aDifferentNameIsAConflict(_ pair: (String, String, String)) {
        #expect(guard_.conflict(pair.0, pair.1) == .entity(pair.2))
    }

    @Test(arguments: [
        ("Lisbon: what should I see?", "What should I see in Lisbon?"),
        ("Summarise Apple's quarterly report.", "Give a summary of the quarterly report from Apple."),
        ("When does the store close on Friday?", "What time does the shop close on Fridays?"),
        ("Summarise feedback from Germany.", "Summarise feedback from German customers."),
        ("Do I need a visa as a Canadian?", "As a citizen of Canada, do I need a visa?"),
        ("WHY WON'T THE APP LOAD ON MY PHONE?", "Why won't the app load on my phone?"),
        ("Summary: The app is slow. Please fix it.", "The app is slow; fix it please."),
        ("My Swift code crashes with 'index out of range', why?", "Why does my Swift code crash with an index out of range error?"),
        ("I think so. I'm sure.", "I am sure, I think."),
        ("Explain it, e.g. with an example.", "Explain it with an example."),
    ])
    func sameNamesInOtherPlacesAreNoConflict(_ pair: (String, String)) {
        #expect(guard_.conflict(pair.0, pair.1) == nil, "\(pair.0) | \(pair.1)")
    }

    @Test func conflictsDescribeThemselves() {
        #expect(PromptConflict.number("5").description == "the prompts differ in a number (5)")
        #expect(PromptConflict.negation("not").description == "the prompts differ in a negation (\"not\")")
        #expect(PromptConflict.entity("Lisbon").description == "the prompts differ in a name (Lisbon)")
        let long = String(repeating: "Z", count: 500)
        guard case .entity(let name) = guard_.conflict("Ask \(long) now.", "Ask now.") else {
            Issue.record("a long name is a conflict")
            return
        }
        #expect(name.count == 64)
    }

    // MARK: Hostile input

    @Test(arguments: [
        "", " ", "\n\n\t", "\u{0}\u{1}\u{7F}\u{1B}[31m", "😀🇩🇪👩‍👩‍👧", "\u{FEFF}\u{200B}\u{202E}abc", "\"", "'", "“„«",
        "\u{FFFD}\u{FFFF}", "e\u{301}\u{301}\u{301}", "1,,,,2...3:::4---5", "-", ".", "@", "http://", "www.",
        "-.5", "9999999999999999999999999999999 trillion trillion", "twenty twenty twenty hundred thousand million",
        "not not not nor nor neither", "n't", "'s", "no.", "No. ", "dozen dozen dozen",
    ])
    func hostileStringsDoNotCrash(_ text: String) {
        _ = guard_.conflict(text, text)
        _ = guard_.conflict(text, "What is 5 plus 5?")
        _ = guard_.conflict("Don't ask Bob about 3 things.", text)
        #expect(guard_.conflict(text, text) == nil, "a prompt never conflicts with itself")
    }

    /// Random strings from the characters the scanner treats specially (a fixed seed).
    @Test func randomMixturesDoNotCrash() {
        let pool: [Unicode.Scalar] = Array(
            "0123456789 .,:-−_@#$%'\"“”„«»‘’ʼ!?…\n\tabcnotwyAZIÉé\u{301}\u{200B}\u{FEFF}\u{0}\u{1B}😀٣".unicodeScalars)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<2_000 {
            var a = String.UnicodeScalarView(), b = String.UnicodeScalarView()
            for _ in 0..<next(60) { a.append(pool[next(pool.count)]) }
            for _ in 0..<next(60) { b.append(pool[next(pool.count)]) }
            let (x, y) = (String(a), String(b))
            #expect(guard_.conflict(x, x) == nil, "\(x.debugDescription)")
            #expect((guard_.conflict(x, y) == nil) == (guard_.conflict(y, x) == nil), "\(x.debugDescription) | \(y.debugDescription)")
        }
    }

    @Test func hugeInputsAreLinear() {
        let pieces = [
            String(repeating: "1,", count: 30_000), String(repeating: "Apple ", count: 20_000),
            String(repeating: "\"a ", count: 30_000), String(repeating: "one ", count: 25_000),
            String(repeating: "9", count: 100_000), String(repeating: "x", count: 100_000),
            String(repeating: "not ", count: 25_000), String(repeating: "2024-05-01-", count: 9_000),
            String(repeating: "é", count: 50_000), String(repeating: "🙂", count: 25_000),
            (0..<12_000).map { "Word\($0)" }.joined(separator: " "),
            (0..<12_000).map { "Abcde\(String(UnicodeScalar(UInt8(97 + $0 % 26))))x" }.joined(separator: " "),
        ]
        let clock = ContinuousClock()
        for text in pieces {
            #expect(text.utf8.count >= 50_000)
            let elapsed = clock.measure {
                #expect(guard_.conflict(text, text) == nil)
                _ = guard_.conflict(text, "Summarise the 5 top topics about Lisbon.")
            }
            #expect(elapsed < .seconds(5), "\(text.prefix(20))…: \(elapsed)")
        }
    }

    // MARK: The labelled pairs

    @Test func fixtureIsWellFormed() throws {
        let pairs = try LabelledPromptPair.load()
        #expect(pairs.count >= 240)
        let kinds = Dictionary(grouping: pairs, by: \.kind).mapValues(\.count)
        #expect(Set(kinds.keys) == ["paraphrase", "number", "negation", "entity", "unrelated"])
        for pair in pairs {
            #expect(pair.expect == (pair.kind == "paraphrase" ? "hit" : "miss"), "\(pair.testDescription)")
            #expect(!pair.a.isEmpty && !pair.b.isEmpty && pair.a != pair.b)
        }
        #expect(Double(kinds["paraphrase"] ?? 0) / Double(pairs.count) > 0.45)
    }

    @Test func verdictsAreSymmetricAndIgnoreCaseAndSpacing() throws {
        let pairs = try LabelledPromptPair.load()
        for pair in pairs {
            #expect((guard_.conflict(pair.a, pair.b) == nil) == (guard_.conflict(pair.b, pair.a) == nil), "\(pair.testDescription)")
        }
        for prompt in Set(pairs.flatMap { [$0.a, $0.b] }) {
            for variant in [prompt.lowercased(), prompt.uppercased(), "  " + prompt + "\n", prompt.replacingOccurrences(of: " ", with: "\n ")] {
                #expect(guard_.conflict(prompt, variant) == nil, "\(prompt) | \(variant)")
            }
        }
    }

    /// The guard must stop ≥ 95 % of the near-misses of each kind and let ≥ 90 % of the paraphrases through.
    @Test func guardSeparatesNearMissesFromParaphrases() throws {
        let pairs = try LabelledPromptPair.load()
        var conflicts: [String: Int] = [:]
        var sameKind: [String: Int] = [:]
        var totals: [String: Int] = [:]
        var report: [String] = []
        for pair in pairs {
            totals[pair.kind, default: 0] += 1
            guard let conflict = guard_.conflict(pair.a, pair.b) else {
                if pair.expect == "miss", pair.kind != "unrelated" { report.append("  let through (\(pair.kind)): \(pair.a) | \(pair.b)") }
                continue
            }
            conflicts[pair.kind, default: 0] += 1
            let kind = switch conflict {
            case .number: "number"
            case .negation: "negation"
            case .entity: "entity"
            }
            if kind == pair.kind { sameKind[pair.kind, default: 0] += 1 }
            if pair.expect == "hit" { report.append("  refused (\(conflict)): \(pair.a) | \(pair.b)") }
        }
        func rate(_ kind: String) -> Double { Double(conflicts[kind] ?? 0) / Double(max(1, totals[kind] ?? 0)) }
        var lines = ["PromptGuard on \(pairs.count) labelled pairs (conflict rate; of the labelled kind):"]
        for kind in ["number", "negation", "entity", "paraphrase", "unrelated"] {
            lines.append(
                "  \(kind): \(conflicts[kind] ?? 0)/\(totals[kind] ?? 0) = \(String(format: "%.1f", 100 * rate(kind))) %"
                    + (kind == "paraphrase" || kind == "unrelated" ? "" : "; \(sameKind[kind] ?? 0) as \(kind)"))
        }
        print((lines + report).joined(separator: "\n"))
        for kind in ["number", "negation", "entity"] {
            #expect(rate(kind) >= 0.95, "\(kind) near-misses stopped: \(rate(kind))")
        }
        #expect(rate("paraphrase") <= 0.10, "paraphrases refused: \(rate("paraphrase"))")
    }
}
