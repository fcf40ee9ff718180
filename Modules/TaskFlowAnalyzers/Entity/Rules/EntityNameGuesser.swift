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
///   a place word (`Street`, `Beach`, `Lake`…) → LOC; a first name first → PERSON; the word
///   before it (`watching` → WORK, `my`/`new` → PRODUCT, `in`/`from` → LOC); the word after it
///   (`update`/`app` → PRODUCT, `trailer`/`album` → WORK, `said` → PERSON); quotes → WORK.
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
            if ok, single, tables.common.contains(tok), caseless || text.startsSentence(t) { ok = false }
            if ok {
                gazetteer.append((t, end, entry.label))
                t = end
            } else {
                t += 1
            }
        }
    }

    private func isCap(_ i: Int) -> Bool { i < tokens.count && tokens[i].isCapitalised }

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
        if count >= 2 {
            if tables.companySuffixes.contains(last) { return emit(a, b, .org, .cue) }
            if tables.groupSuffixes.contains(last) || (count >= 3 && tables.groupSuffixes.contains(first)) { return emit(a, b, .group, .cue) }
            if tables.placeSuffixes.contains(last) || tables.placePrefixes.contains(first) { return emit(a, b, .loc, .cue) }
            if tables.firstNames.contains(first), count <= 3 { return emit(a, b, .person, .cue) }
        }
        let before = a > 0 && text.joined(a - 1) ? tokens[a - 1] : nil
        let after = b < tokens.count && text.joined(b - 1) ? tokens[b] : nil
        if quoted(a, b) { return emit(a, b, .work, .cue) }
        if let p = before, p.isWord, !p.isCapitalised {
            if tables.workCues.contains(p) { return emit(a, b, .work, .cue) }
            if tables.productCues.contains(p) { return emit(a, b, .product, .cue) }
            if tables.placeCues.contains(p) { return emit(a, b, .loc, .cue) }
        }
        if let f = after, f.isWord, !f.isCapitalised {
            if tables.productFollowers.contains(f) { return emit(a, b, .product, .cue) }
            if tables.workFollowers.contains(f) { return emit(a, b, .work, .cue) }
            if tables.personFollowers.contains(f), count >= 2 { return emit(a, b, .person, .cue) }
        }
        if count == 1 && (initial || strippedCommon || first.isAllCaps) { return }
        emit(a, b, .person, .capitalised)
    }

    private mutating func emit(_ a: Int, _ b: Int, _ label: EntityLabel, _ kind: EntityRuleKind) {
        if kind != .capitalised { typedRuns.append((a, b)) }
        out.append(EntityCandidate(start: tokens[a].start, end: tokens[b - 1].end, label: label, kind: kind))
    }
}
