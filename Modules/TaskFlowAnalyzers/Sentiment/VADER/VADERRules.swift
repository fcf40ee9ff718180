import Foundation

/// Constants and word lists of vaderSentiment 3.3.2.
enum VADERRules {
    static let boosterIncrement = 0.293
    static let boosterDecrement = -0.293
    static let capsIncrement = 0.733
    static let negationScalar = -0.74
    static let normalisationAlpha = 15.0

    /// Added emphasis for "!" (0.292 each, at most 4) and "?" (0.18 each for 2–3, 0.96 for more).
    static func punctuationEmphasis(exclamations: Int, questions: Int) -> Double {
        let exclamation = Double(min(exclamations, 4)) * 0.292
        var question = 0.0
        if questions > 1 {
            question = questions <= 3 ? Double(questions) * 0.18 : 0.96
        }
        return exclamation + question
    }

    static let negations = [
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
        "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
        "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
        "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
        "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
        "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
        "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
        "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
    ]

    /// Degree adverbs that intensify a sentiment word (by `boosterIncrement`).
    static let intensifiers = [
        "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably",
        "decidedly", "deeply", "effing", "enormous", "enormously", "entirely", "especially",
        "exceptional", "exceptionally", "extreme", "extremely", "fabulously", "flipping",
        "flippin", "frackin", "fracking", "fricking", "frickin", "frigging", "friggin",
        "fully", "fuckin", "fucking", "fuggin", "fugging", "greatly", "hella", "highly",
        "hugely", "incredible", "incredibly", "intensely", "major", "majorly", "more", "most",
        "particularly", "purely", "quite", "really", "remarkably", "so", "substantially",
        "thoroughly", "total", "totally", "tremendous", "tremendously", "uber",
        "unbelievably", "unusually", "utter", "utterly", "very",
    ]

    /// Degree adverbs that dampen a sentiment word (by `boosterDecrement`); the multi-word
    /// ones only act through the idiom check.
    static let dampeners = [
        "almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of",
        "less", "little", "marginal", "marginally", "occasional", "occasionally", "partly",
        "scarce", "scarcely", "slight", "slightly", "somewhat", "sort of", "sorta", "sortof",
        "sort-of",
    ]

    /// Idioms that set the valence of a lexicon word inside them.
    static let idioms: [(phrase: String, valence: Double)] = [
        ("the shit", 3), ("the bomb", 3), ("bad ass", 1.5), ("badass", 1.5), ("bus stop", 0),
        ("yeah right", -2), ("kiss of death", -1.5), ("to die for", 3), ("beating heart", 3.5),
    ]
}
