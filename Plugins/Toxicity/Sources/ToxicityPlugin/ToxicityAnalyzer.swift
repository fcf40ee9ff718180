import TaskFlowPluginAPI

/// Flags profanity, insults and threats with a lexicon, seeing through leetspeak (`sh1t`),
/// separators (`f.u.c.k`), stretched letters (`fuuuuck`) and masking (`f**k`).
///
/// The score is a noisy-or of the severities of every match; the label is `toxic` at or above
/// the threshold. Per-category scores come with it. Mild insults ("useless", "garbage") weigh
/// fully only when someone is addressed just before them ("you are useless"); aimed at a thing
/// ("the app is useless") they are criticism and weigh little.
public struct ToxicityAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "toxicity.lexicon", task: "toxicity", version: "2",
        summary: "Profanity, insults and threats by lexicon, robust to obfuscation",
        backend: "lexicon (toxicity plugin)",
        options: [OptionSpec(name: "threshold", summary: "score at or above which a text is toxic", defaultValue: .double(0.5))],
        cacheable: false)

    let threshold: Double

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        threshold = options.double("threshold") ?? 0.5
    }

    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        batch.map { value(for: Self.matches(in: $0.text)) }
    }

    /// One lexicon hit: the words as written and the term they matched.
    struct Match: Sendable, Equatable {
        var text: String
        var term: String
        var category: ToxicityCategory
        var severity: Double
    }

    static func matches(in text: String) -> [Match] {
        let tokens = ToxicityNormalizer.tokens(text)
        var found: [Match] = []
        var i = 0
        while i < tokens.count {
            let word = tokens[i].normalized
            var matched = false
            for phrase in ToxicityLexicon.phrases[word] ?? [] where i + phrase.words.count <= tokens.count {
                if zip(phrase.words, tokens[i..<(i + phrase.words.count)]).allSatisfy({ $0 == $1.normalized }) {
                    let span = tokens[i..<(i + phrase.words.count)].map(\.text).joined(separator: " ")
                    found.append(Match(text: span, term: phrase.words.joined(separator: " "), category: phrase.category, severity: phrase.severity))
                    i += phrase.words.count
                    matched = true
                    break
                }
            }
            if matched { continue }
            let hit = ToxicityLexicon.single[word].map { (word, $0) }
                ?? ToxicityNormalizer.maskedMatch(word).flatMap { w in ToxicityLexicon.single[w].map { (w, $0) } }
            if let (matched, term) = hit {
                var severity = term.severity
                if let undirected = term.undirectedSeverity {
                    let before = tokens[max(0, i - ToxicityLexicon.addressWindow)..<i]
                    if !before.contains(where: { ToxicityLexicon.addressing.contains($0.normalized) }) { severity = undirected }
                }
                found.append(Match(text: tokens[i].text, term: matched, category: term.category, severity: severity))
            }
            i += 1
        }
        return found
    }

    func value(for matches: [Match]) -> AnalysisValue {
        func noisyOr(_ ms: [Match]) -> Double {
            let p = ms.reduce(1.0) { $0 * (1 - $1.severity) }
            return ((1 - p) * 10_000).rounded() / 10_000
        }
        let total = noisyOr(matches)
        var scores = [ScoredLabel("toxicity", total)]
        for c in ToxicityCategory.allCases {
            scores.append(ScoredLabel(c.rawValue, noisyOr(matches.filter { $0.category == c })))
        }
        return .classification(Classification(label: total >= threshold ? "toxic" : "clean", score: total, scores: scores))
    }
}
