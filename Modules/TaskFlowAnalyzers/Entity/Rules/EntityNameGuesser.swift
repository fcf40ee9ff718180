/// Names in a text — PERSON, ORG, LOC, PRODUCT, WORK, GROUP — from the built-in gazetteers and
/// from runs of capitalised words typed by cue words.
///
/// - Gazetteer names match wherever their first word is capitalised (or in any case for
///   several-word names and names with inner capitals like `iPhone`); a one-word name that is
///   also a common word (`Will`, `Apple`) is not taken at the start of a sentence.
/// - A run of capitalised words (joined by `of`, `the`, `de`, `&`… and initials like `J.`)
///   loses common words and titles at its ends, then is typed, first rule that applies: the
///   whole run is a gazetteer name; a title before it (`Dr`, `President`) → PERSON; a company
///   suffix (`Inc`, `Ltd`, `Corp`…) → ORG; a group word (`University`, `FC`, `Party`…) → GROUP;
///   a place word (`Street`, `Beach`, `Lake`…) → LOC; a product word (`Speaker`, `Cam`, `Pro`…)
///   → PRODUCT; a first name first → PERSON; the word
///   before it (`watching` → WORK, `my`/`new` → PRODUCT, `in`/`from` → LOC); the word after it
///   (`update`/`app` → PRODUCT, `trailer`/`album` → WORK, `said` → PERSON); a model number
///   after it (`Saab 900`) → PRODUCT; quotes → WORK. A first name in lower case takes a
///   lower-case surname after it (`Kylie minogue`); a product or company name takes a model
///   after it (`Iphone 7`, `Canon G7` → PRODUCT).
///   Others become PERSON (the commonest kind of name in comments) as a low-confidence guess,
///   except a lone word starting a sentence.
/// - A text in capitals or in title case says nothing by its capitals: only gazetteer names
///   are taken there.
struct EntityNameGuesser {
    let text: EntityText
    let tables: EntityRulesTables
    var out: [EntityCandidate] = []
    /// Gazetteer matches, as token ranges.
    private var gazetteer: [(a: Int, b: Int, label: EntityLabel)] = []
    /// Token ranges of runs typed by cue words: gazetteer matches strictly inside them yield.
    private var typedRuns: [(a: Int, b: Int)] = []

    static func scan(_ text: EntityText, tables: EntityRulesTables, into out: inout [EntityCandidate]) {
        var g = EntityNameGuesser(text: text, tables: tables)
        g.run()
        out += g.out
    }

    private init(text: EntityText, tables: EntityRulesTables) {
        self.text = text
        self.tables = tables
    }

    private var tokens: [EntityToken] { text.tokens }

    /// Whether capitals carry no information: most words in capitals, or in title case.
    private func caseless() -> Bool {
        var words = 0, caps = 0, initial = 0
        for t in tokens where t.isWord && t.hasLetter {
            words += 1
            if t.isAllCaps { caps += 1 } else if t.initialUpper { initial += 1 }
        }
        guard words >= 4 else { return false }
        return caps * 10 >= words * 6 || (caps + initial) * 10 >= words * 8
    }

    private mutating func run() {
        let caseless = caseless()
        matchGazetteer(caseless: caseless)
        if !caseless { capitalisedRuns() }
        // Both lists run left to right and typed runs do not overlap: one merge pass.
        var r = 0
        for m in gazetteer {
            while r < typedRuns.count, typedRuns[r].b <= m.a { r += 1 }
            if r < typedRuns.count, typedRuns[r].a <= m.a, m.b <= typedRuns[r].b, typedRuns[r].b - typedRuns[r].a > m.b - m.a {
                continue
            }
            out.append(EntityCandidate(start: tokens[m.a].start, end: tokens[m.b - 1].end, label: m.label, kind: .gazetteer))
        }
    }

    private mutating func matchGazetteer(caseless: Bool) {
        var t = 0
        while t < tokens.count {
            let tok = tokens[t]
            guard tok.isWord, let (end, entry) = tables.names.longest(in: text, at: t, limit: tokens.count) else { t += 1; continue }
            let single = end - t == 1
            var ok = caseless || entry.anyCase || tok.isCapitalised
                || (single && !tables.common.contains(tok) && !tables.ambiguous.contains(tok))
            if ok, single, tables.common.contains(tok), caseless || text.startsSentence(t) { ok = false }
            if ok {
                var label = entry.label
                var e = label == .product || label == .org ? modelEnd(end) : end
                // A company's name with a model after it is a product: `Canon G7`, `Audi R8`.
                if label == .org, e > end { label = .product }
                if entry.label == .person, single, tables.firstNames.contains(tok), !tok.isCapitalised, let s = surname(after: end) {
                    e = s
                }
                gazetteer.append((t, e, label))
                t = e
            } else {
                t += 1
            }
        }
    }

    private func isCap(_ i: Int) -> Bool { i < tokens.count && tokens[i].isCapitalised }

    /// A product name's end extended over a model number or word: `Iphone 7`, `Galaxy s 8`,
    /// `iPad Pro`, `Audi R8`.
    private func modelEnd(_ end: Int) -> Int {
        var b = end
        var steps = 0
        while b < tokens.count, steps < 3, text.joined(b - 1) {
            let t = tokens[b]
            guard t.isWord else { break }
            if t.hasDigit && t.length <= 5 { b += 1; break }
            if tables.modelWords.contains(t) { b += 1; steps += 1; continue }
            if t.length == 1, t.hasLetter, b + 1 < tokens.count, text.joined(b), tokens[b + 1].isWord, tokens[b + 1].hasDigit,
                !tokens[b + 1].hasLetter
            {
                b += 2
                break
            }
            break
        }
        return b
    }

    private mutating func capitalisedRuns() {
        let n = tokens.count
        var t = 0
        while t < n {
            guard isCap(t) else { t += 1; continue }
            var b = t + 1
            while b < n {
                if isCap(b), text.joined(b - 1) { b += 1; continue }
                // Initials: `J. K. Rowling`.
                if tokens[b].first == ".", tokens[b].isOther, tokens[b - 1].length == 1, isCap(b + 1), text.joined(b) {
                    b += 2
                    continue
                }
                // Connectors: `Bank of America`, `Lord of the Rings`, `Simon & Garfunkel`.
                var c = b
                while c < n, c - b < 2, tables.connectors.contains(tokens[c]), !tokens[c].isCapitalised, text.joined(c - 1) { c += 1 }
                if c > b, isCap(c), text.joined(c - 1) { b = c + 1; continue }
                break
            }
            typeRun(t, b)
            t = b
        }
    }

    /// The end of a lower-case surname after a first name ending at `b`: one letters-only
    /// word that is not a common word.
    private func surname(after b: Int) -> Int? {
        guard b < tokens.count, text.joined(b - 1) else { return nil }
        let t = tokens[b]
        guard t.isWord, t.hasLower, !t.hasDigit, !t.isCapitalised, t.length >= 2, !tables.common.contains(t),
            !tables.connectors.contains(t)
        else { return nil }
        return b + 1
    }

    private func titleBefore(_ a: Int) -> Bool {
        var p = a - 1
        if p >= 0, tokens[p].isOther, tokens[p].first == "." { p -= 1 }
        return p >= 0 && tables.titles.contains(tokens[p])
    }

    private func quoted(_ a: Int, _ b: Int) -> Bool {
        guard a > 0, b < tokens.count else { return false }
        let o = tokens[a - 1].first, c = tokens[b].first
        return tokens[a - 1].isOther && tokens[b].isOther
            && ((o == "\"" && c == "\"") || (o == "“" && c == "”") || (o == "'" && c == "'") || (o == "‘" && c == "’"))
    }

    private mutating func typeRun(_ start: Int, _ end: Int) {
        let initial = text.startsSentence(start)
        var a = start, b = end
        // The whole run, before any stripping, may be a name: `General Motors`, `The Office`.
        if let (e, entry) = tables.names.longest(in: text, at: a, limit: b), e == b, b - a > 1 {
            emit(a, b, entry.label, .gazetteer)
            return
        }
        var titled = titleBefore(a)
        var strippedCommon = false
        while a < b {
            let tok = tokens[a]
            if tables.titles.contains(tok) { titled = true; a += 1; if a < b, tokens[a].first == "." { a += 1 }; continue }
            if !tok.isWord || tables.common.contains(tok) || tables.connectors.contains(tok) { strippedCommon = true; a += 1; continue }
            break
        }
        // Suffixes first: they are often common words (`State University`, `Beach`).
        if b - a >= 2 {
            let first = tokens[a], last = tokens[b - 1]
            if tables.companySuffixes.contains(last) { return emit(a, b, .org, .cue) }
            if tables.groupSuffixes.contains(last) || (b - a >= 3 && tables.groupSuffixes.contains(first)) { return emit(a, b, .group, .cue) }
            if tables.placeSuffixes.contains(last) || tables.placePrefixes.contains(first) { return emit(a, b, .loc, .cue) }
            if tables.productSuffixes.contains(last) { return emit(a, b, .product, .cue) }
        }
        while b > a, !tokens[b - 1].isWord || tables.common.contains(tokens[b - 1]) || tables.connectors.contains(tokens[b - 1]) { b -= 1 }
        guard a < b else { return }
        let count = b - a
        let first = tokens[a], last = tokens[b - 1]
        if count == 1, first.length == 1 { return }

        if let (e, entry) = tables.names.longest(in: text, at: a, limit: b), e == b {
            if count > 1 { emit(a, b, entry.label, .gazetteer) }
            return  // one word: the gazetteer pass has it (or left it out on purpose)
        }
        if titled { return emit(a, b, .person, .cue) }
        if count == 1, tables.companySuffixes.contains(first) || tables.placeSuffixes.contains(first) || tables.groupSuffixes.contains(first) {
            return
        }
        if count >= 2, tables.firstNames.contains(first), count <= 3 { return emit(a, b, .person, .cue) }
        // A first name and a surname in lower case: `Travis scott`, `Kylie minogue`.
        if count == 1, tables.firstNames.contains(first), !tables.common.contains(first), let s = surname(after: b) {
            return emit(a, s, .person, .cue)
        }
        let before = a > 0 && text.joined(a - 1) ? tokens[a - 1] : nil
        let after = b < tokens.count && text.joined(b - 1) ? tokens[b] : nil
        if quoted(a, b) { return emit(a, b, .work, .cue) }
        if let p = before, p.isWord, !p.isCapitalised {
            if tables.workCues.contains(p) { return emit(a, b, .work, .cue) }
            if tables.productCues.contains(p) { return emit(a, b, .product, .cue) }
            if tables.placeCues.contains(p) { return emit(a, b, .loc, .cue) }
        }
        // A model number after a name: `Saab 900`, `Battlefield 1`.
        if let f = after, f.isWord, f.hasDigit, !f.hasLetter, f.length <= 4, !(count == 1 && initial) {
            return emit(a, b, .product, .cue)
        }
        if let f = after, f.isWord, !f.isCapitalised {
            if tables.productFollowers.contains(f) { return emit(a, b, .product, .cue) }
            if tables.workFollowers.contains(f) { return emit(a, b, .work, .cue) }
            if tables.personFollowers.contains(f), count >= 2 { return emit(a, b, .person, .cue) }
        }
        if count == 1 && (initial || strippedCommon || first.isAllCaps) { return }
        // Shouting (`MASSIVE GIVEAWAY`) and title-cased phrases (`Stay Strong`) are not names.
        if count > 1 && tokens[a..<b].allSatisfy({ !$0.hasLower }) { return }
        if tokens[a..<b].contains(where: { tables.common.contains($0) }) { return }
        emit(a, b, .person, .capitalised)
    }

    private mutating func emit(_ a: Int, _ b: Int, _ label: EntityLabel, _ kind: EntityRuleKind) {
        let b = label == .product ? modelEnd(b) : b
        if kind != .capitalised { typedRuns.append((a, b)) }
        out.append(EntityCandidate(start: tokens[a].start, end: tokens[b - 1].end, label: label, kind: kind))
    }
}
