/// The word-level patterns of `entity.rules`: dates with month and weekday names, years after a
/// cue (`in 2019`), and versions named by their context (`the 4.2 update`, `version 2`,
/// `iOS 17`).
enum EntityTokenPatterns {
    static func scan(_ text: EntityText, tables: EntityRulesTables, into out: inout [EntityCandidate]) {
        let tokens = text.tokens
        var t = 0
        while t < tokens.count {
            let tok = tokens[t]
            guard tok.isWord else { t += 1; continue }
            if tok.hasLetter, let e = monthDate(text, t, tables) {
                out.append(EntityCandidate(start: tok.start, end: tokens[e - 1].end, label: .date, kind: .pattern))
                t = e
                continue
            }
            if tok.hasLetter, tables.weekdays.contains(tok) {
                out.append(EntityCandidate(start: tok.start, end: tok.end, label: .date, kind: .pattern))
            } else if !tok.hasLetter, let e = dayMonth(text, t, tables) {
                out.append(EntityCandidate(start: tok.start, end: tokens[e - 1].end, label: .date, kind: .pattern))
                t = e
                continue
            } else if !tok.hasLetter, tok.length == 4, t > 0, tables.yearCues.contains(tokens[t - 1]), isYear(text, t),
                !followedByNumberPart(text, t)
            {
                out.append(EntityCandidate(start: tok.start, end: tok.end, label: .date, kind: .pattern))
            } else if !tok.hasLetter, let e = numberEnd(text, t) {
                if t > 0, tables.versionedProducts.contains(tokens[t - 1]), text.joined(t - 1), e - t <= 5 {
                    out.append(EntityCandidate(start: tokens[t - 1].start, end: tokens[e - 1].end, label: .version, kind: .pattern))
                } else if (t > 0 && tables.versionCues.contains(tokens[t - 1]) && text.joined(t - 1))
                    || (e < tokens.count && tables.versionFollowers.contains(tokens[e]) && text.joined(e - 1) && e > t + 1)
                {
                    out.append(EntityCandidate(start: tok.start, end: tokens[e - 1].end, label: .version, kind: .pattern))
                }
                t = e
                continue
            }
            t += 1
        }
    }

    /// A number as tokens: digits, then `.digits` groups. Its end token; nil after a letter-word.
    static func numberEnd(_ text: EntityText, _ t: Int) -> Int? {
        let tokens = text.tokens
        var e = t + 1
        while e + 1 < tokens.count, tokens[e].first == ".", tokens[e].isOther, tokens[e].start == tokens[e - 1].end,
            tokens[e + 1].isWord, !tokens[e + 1].hasLetter, tokens[e + 1].start == tokens[e].end
        {
            e += 2
        }
        return e
    }

    private static func followedByNumberPart(_ text: EntityText, _ t: Int) -> Bool {
        let tokens = text.tokens
        guard t + 1 < tokens.count, tokens[t + 1].start == tokens[t].end else { return false }
        let c = tokens[t + 1].first
        return c == "." || c == "," || c == "%" || c == "-" || c == "/" || c == ":"
    }

    private static func value(_ text: EntityText, _ tok: EntityToken, digitsOnly: Bool = true) -> Int? {
        var v = 0
        var i = tok.start
        while i < tok.end, EntityCharacters.isDigit(text.scalars[i]), i - tok.start < 5 {
            v = v * 10 + Int(text.scalars[i].value - 48)
            i += 1
        }
        if i == tok.start || (digitsOnly && i != tok.end) { return nil }
        return v
    }

    private static func isYear(_ text: EntityText, _ t: Int) -> Bool {
        guard let v = value(text, text.tokens[t]) else { return false }
        return (1900...2099).contains(v)
    }

    /// A day: `5`, `05`, `5th`, `21st`.
    private static func isDay(_ text: EntityText, _ t: Int, _ tables: EntityRulesTables) -> Bool {
        let tok = text.tokens[t]
        guard tok.isWord, let v = value(text, tok, digitsOnly: false), (1...31).contains(v) else { return false }
        var digits = 0
        while tok.start + digits < tok.end, EntityCharacters.isDigit(text.scalars[tok.start + digits]) { digits += 1 }
        if digits == tok.length { return digits <= 2 }
        guard digits <= 2, tok.length - digits == 2 else { return false }
        let suffix = EntityKey.word(String(String.UnicodeScalarView(text.scalars[(tok.start + digits)..<tok.end])))
        return tables.ordinalSuffixes.contains(key: suffix)
    }

    private static func isMonth(_ text: EntityText, _ t: Int, _ tables: EntityRulesTables) -> Bool {
        let tok = text.tokens[t]
        guard let m = tables.months[tok.key] else { return false }
        // "may", "mar" and "jan" are words too: only capitalised.
        if (m == 5 || tok.length == 3) && !tok.initialUpper { return false }
        return true
    }

    /// The token after an optional `.` (abbreviations) or `,` at `t`.
    private static func skip(_ text: EntityText, _ t: Int, _ c: Unicode.Scalar) -> Int {
        t < text.tokens.count && text.tokens[t].isOther && text.tokens[t].first == c ? t + 1 : t
    }

    /// `March 5`, `Mar. 5th, 2024`, `March 2024`: the end token.
    private static func monthDate(_ text: EntityText, _ t: Int, _ tables: EntityRulesTables) -> Int? {
        guard isMonth(text, t, tables) else { return nil }
        let n = text.tokens.count
        var k = skip(text, t + 1, ".")
        if k < n, isDay(text, k, tables), !followedByNumberPart(text, k) || text.tokens[k + 1].first == "," {
            var e = k + 1
            let c = skip(text, e, ",")
            if c < n, text.tokens[c].length == 4, isYear(text, c) { e = c + 1 }
            return e
        }
        k = skip(text, k, ",")
        if k < n, text.tokens[k].length == 4, isYear(text, k) { return k + 1 }
        return nil
    }

    private static let ofKey = EntityKey.word("of")

    /// `5 March`, `5th of March 2024`: the end token.
    private static func dayMonth(_ text: EntityText, _ t: Int, _ tables: EntityRulesTables) -> Int? {
        guard isDay(text, t, tables) else { return nil }
        let n = text.tokens.count
        var k = t + 1
        if k < n, text.tokens[k].key == ofKey { k += 1 }
        guard k < n, isMonth(text, k, tables) else { return nil }
        var e = k + 1
        let c = skip(text, e, ",")
        if c < n, text.tokens[c].length == 4, isYear(text, c) { e = c + 1 }
        return e
    }
}
