/// A possible entity before overlaps are resolved.
struct EntityCandidate: Equatable {
    var start: Int
    var end: Int
    var label: EntityLabel
    var kind: EntityRuleKind

    var length: Int { end - start }
}

/// The labels `entity.rules` produces, upper-case as DESIGN.md's per-record JSON spells them.
enum EntityLabel: String, CaseIterable, Sendable {
    case person = "PERSON", org = "ORG", loc = "LOC", product = "PRODUCT", work = "WORK", group = "GROUP"
    case url = "URL", email = "EMAIL", mention = "MENTION", hashtag = "HASHTAG", money = "MONEY"
    case percent = "PERCENT", date = "DATE", time = "TIME", phone = "PHONE", version = "VERSION", number = "NUMBER"
}

/// Which rule proposed a candidate: it fixes the candidate's priority in overlaps and its score.
///
/// Priority, highest first: the user's gazetteer, then the patterns (URL, e-mail, mention,
/// hashtag, money, percent, date, time, phone, version), then the built-in gazetteers, then
/// guesses from cue words, then bare capitalised spans. Among equals the longer span wins, then
/// the earlier one.
///
/// Scores are fixed per kind, a rough confidence measured on the WNUT-17 dev split and by hand
/// (they are not probabilities): user gazetteer 0.95; URL, e-mail, mention and hashtag 0.99;
/// other patterns 0.9; built-in gazetteer 0.8; cue word 0.6; bare capitalised span 0.4.
enum EntityRuleKind: Int, Comparable {
    case capitalised = 0, cue = 1, gazetteer = 2, pattern = 3, userGazetteer = 4

    static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    func score(_ label: EntityLabel) -> Double {
        switch self {
        case .userGazetteer: return 0.95
        case .pattern:
            switch label {
            case .url, .email, .mention, .hashtag: return 0.99
            default: return 0.9
            }
        case .gazetteer: return 0.8
        case .cue: return 0.6
        case .capitalised: return 0.4
        }
    }
}

/// Overlap resolution: the candidates that win, sorted by start, none overlapping.
enum EntityCandidateResolver {
    /// - Parameter length: the text's length in scalars (every candidate lies inside it).
    static func resolve(_ candidates: [EntityCandidate], length: Int) -> [EntityCandidate] {
        if candidates.count <= 1 { return candidates }
        let ranked = candidates.sorted { a, b in
            if a.kind != b.kind { return a.kind > b.kind }
            if a.length != b.length { return a.length > b.length }
            return a.start < b.start
        }
        var taken = [Bool](repeating: false, count: length)
        var chosen: [EntityCandidate] = []
        for c in ranked where !taken[c.start..<c.end].contains(true) {
            for i in c.start..<c.end { taken[i] = true }
            chosen.append(c)
        }
        chosen.sort { $0.start < $1.start }
        return chosen
    }
}
