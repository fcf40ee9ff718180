/// The words and phrases the toxicity analyzer looks for, with a category and a severity.
///
/// Written for this project (no third-party list). Severity is the probability-like weight a
/// single occurrence contributes; several occurrences combine as a noisy-or.
enum ToxicityCategory: String, CaseIterable, Sendable {
    case profanity, insult, threat
}

struct ToxicityTerm: Sendable {
    var words: [String]
    var category: ToxicityCategory
    var severity: Double
    /// The severity when nobody is addressed nearby, for words that insult a person but only
    /// criticise a thing ("you are useless" vs "the app is useless"); nil when it doesn't vary.
    var undirectedSeverity: Double?
}

enum ToxicityLexicon {
    static let terms: [ToxicityTerm] = {
        var t: [ToxicityTerm] = []
        func add(_ category: ToxicityCategory, _ severity: Double, _ phrases: [String], undirected: Double? = nil) {
            for p in phrases {
                t.append(
                    ToxicityTerm(
                        words: p.split(separator: " ").map(String.init), category: category, severity: severity,
                        undirectedSeverity: undirected))
            }
        }
        add(.profanity, 0.85, ["fuck", "fucking", "fucked", "fucker", "motherfucker", "fuckin", "cunt", "wtf", "stfu"])
        add(.profanity, 0.7, ["shit", "shitty", "bullshit", "asshole", "bitch", "bastard", "dickhead", "piss", "pissed"])
        add(.profanity, 0.45, ["crap", "crappy", "damn", "damned", "hell", "sucks", "screw", "bloody", "arse"])
        add(.insult, 0.75, ["idiot", "idiots", "moron", "morons", "imbecile", "retard", "scumbag", "clown", "clowns"])
        add(
            .insult, 0.55, ["stupid", "dumb", "dumbest", "pathetic", "loser", "losers", "incompetent", "useless", "clueless", "garbage", "trash"],
            undirected: 0.2)
        add(.insult, 0.8, ["shut up", "you suck", "go to hell", "piece of shit", "piece of crap"])
        add(.threat, 0.9, [
            "kill you", "i will kill", "gonna kill you", "hurt you", "hope you die", "you should die", "burn your",
            "find where you live", "watch your back", "i know where you live",
        ])
        return t
    }()

    /// Words that address a person; an insult within `addressWindow` words after one is directed.
    static let addressing: Set<String> = ["you", "your", "youre", "you're", "ur", "u", "yourself", "yourselves", "ya"]
    static let addressWindow = 3

    /// Single-word terms by word, for the fast path.
    static let single: [String: ToxicityTerm] = {
        var d: [String: ToxicityTerm] = [:]
        for term in terms where term.words.count == 1 { d[term.words[0]] = term }
        return d
    }()

    /// Multi-word terms by their first word.
    static let phrases: [String: [ToxicityTerm]] = {
        var d: [String: [ToxicityTerm]] = [:]
        for term in terms where term.words.count > 1 { d[term.words[0], default: []].append(term) }
        return d
    }()

    /// Single-word terms by length, for masked words like `f**k`.
    static let byLength: [Int: [String]] = {
        var d: [Int: [String]] = [:]
        for w in single.keys { d[w.count, default: []].append(w) }
        return d
    }()
}
