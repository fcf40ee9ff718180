import Foundation

/// Why two prompts must not share a cached answer although their embeddings are close.
///
/// The associated text names what differs, as written in one of the prompts (cut to 64
/// characters), for the call log.
public enum PromptConflict: Sendable, Hashable, CustomStringConvertible {
    /// One prompt is negated and the other is not (or they hold an odd and an even number of negations).
    case negation(String)
    /// A number, date, time, percentage, amount, ordinal or number word is in one prompt only.
    case number(String)
    /// A name (capitalised word, acronym, CamelCase or digit-bearing token, quoted phrase, @handle,
    /// e-mail address or URL) is in one prompt only.
    case entity(String)

    public var description: String {
        switch self {
        case .negation(let word): "the prompts differ in a negation (\"\(word)\")"
        case .number(let number): "the prompts differ in a number (\(number))"
        case .entity(let name): "the prompts differ in a name (\(name))"
        }
    }
}

/// The guard of the semantic LLM cache: refuses a cache hit between two prompts whose embeddings
/// are similar but whose answers differ — the known false hits of semantic caches, where
/// "top 5 topics" matches "top 10 topics", "reviews that mention price" matches "reviews that
/// don't mention price" and "things to do in Lisbon" matches "things to do in Porto".
///
/// It compares three things, in this order, and returns the first difference:
/// - **Numbers**: numerals (`1,000` = `1000`, `3,5` = `3.5`, `2.50` = `2.5`, `-5`, `.5`), amounts
///   and percentages (the unit is dropped: `$5`, `5 %` and `5` are all `5`), ISO dates
///   (`2024-05-01`), times (`10:30`), ordinals (`3rd` = `third` = `3`), `10k`, number words
///   composed as they are spoken (`twenty-two`, `two hundred and five`, `a dozen`, `5 million`,
///   `twice`), compared as sets: a figure repeated in one prompt is no difference. `one` after
///   a determiner (`each one`, `no one`, `this one`) is a pronoun, not a number.
/// - **Negation**: `not`, `no`, `never`, `none`, `nobody`, `nothing`, `nowhere`, `neither`
///   (`nor` after it is the same negation), `nor`, `without`, `cannot` and `n't` contractions with
///   any apostrophe or none (`don't`, `don’t`, `dont`). A conflict when one prompt has a negation
///   and the other has none, or their counts differ in parity. `not only` and `No. 5` are not
///   negations. Antonyms (`safe` / `unsafe`, `open` / `closed`) are not seen.
/// - **Names**: capitalised words that do not open a sentence, acronyms, CamelCase
///   (`iPhone`, `TaskFlow`), letters with digits (`S24`, `Q3`), every word of a quoted phrase,
///   `@handles`, e-mail addresses, URLs, dotted names (`node.js`) and `snake_case` identifiers.
///   A name of one prompt is a difference only when the other prompt does not have the word at
///   all, in any case or position, as a plural or possessive (`Apple's`), or as a close form of
///   it (`Canada` / `Canadian`: a shared start of at least five letters that is all but at most
///   one letter of the shorter word). So moving a name to the start of a sentence or writing it
///   in lowercase is not a difference. Capitalised function words after a colon or in a heading
///   (`The`, `Please`, `What`…) and `I` are not names; weekdays and months are, because they
///   change the answer ("the January newsletter" is not "the February newsletter"). When most
///   words of a prompt are in capitals (shouting), its all-capital words are not taken as acronyms.
///
/// Linear in the length of the prompts (about 16 µs for a 60-character prompt, release build) and
/// total on any input: empty strings, control characters, emoji, unpaired quotes, 100 KB of
/// digits. Foundation only.
public struct PromptGuard: Sendable {
    public init() {}

    /// Nil when the prompts may share an answer, else what differs between them.
    public func conflict(_ a: String, _ b: String) -> PromptConflict? {
        let x = PromptFeatures(a)
        let y = PromptFeatures(b)
        if let number = x.numberMissing(from: y) ?? y.numberMissing(from: x) {
            return .number(number)
        }
        if x.negationSignature != y.negationSignature {
            let word = x.negators.count > y.negators.count ? x.negators[0] : y.negators[0]
            return .negation(word)
        }
        if let name = x.entityMissing(from: y) ?? y.entityMissing(from: x) {
            return .entity(name)
        }
        return nil
    }
}

// MARK: - Features of one prompt

/// What the guard compares, read from one prompt in one pass.
struct PromptFeatures {
    struct Entity {
        var key: String
        var surface: String
        /// Letters only: may match a close form (`Canada` / `Canadian`).
        var alphabetic: Bool
        /// All capitals: not a name when the whole prompt is shouted.
        var acronym: Bool
    }

    /// Canonical numbers with the text they came from, in order of appearance.
    private(set) var numbers: [(key: String, surface: String)] = []
    private(set) var negators: [String] = []
    private(set) var entities: [Entity] = []
    /// Normalised forms (lowercase, no possessive, no plural `s`) of every word and name.
    private(set) var stems: Set<String> = []
    /// Words of five letters or more by their first five letters (at most 8 a bucket).
    private(set) var buckets: [String: [String]] = [:]

    init(_ text: String) {
        var scanner = PromptScanner(text)
        scanner.scan(into: &self)
    }

    /// Presence of negation and its parity: equal signatures mean the same polarity.
    var negationSignature: Int { negators.isEmpty ? 0 : 1 + negators.count % 2 }

    func numberMissing(from other: PromptFeatures) -> String? {
        guard !numbers.isEmpty else { return nil }
        let theirs = Set(other.numbers.map(\.key))
        return numbers.first { !theirs.contains($0.key) }.map { Self.clip($0.surface) }
    }

    func entityMissing(from other: PromptFeatures) -> String? {
        entities.first { !other.mentions($0) }.map { Self.clip($0.surface) }
    }

    /// Whether this prompt has the word `entity` names, in any form the guard counts as the same.
    func mentions(_ entity: Entity) -> Bool {
        if stems.contains(Self.stem(entity.key)) { return true }
        guard entity.alphabetic else { return false }
        let scalars = Array(entity.key.unicodeScalars)
        guard scalars.count >= 5, let bucket = buckets[Self.prefix5(scalars)] else { return false }
        for word in bucket {
            let other = Array(word.unicodeScalars)
            var shared = 0
            while shared < scalars.count, shared < other.count, scalars[shared] == other[shared] { shared += 1 }
            if shared >= 5, shared + 1 >= min(scalars.count, other.count) { return true }
        }
        return false
    }

    // MARK: Building (used by the scanner)

    mutating func addNumber(_ key: String, surface: String) {
        numbers.append((key, surface))
    }

    mutating func replaceLastNumber(_ key: String, surface: String) {
        guard !numbers.isEmpty else { return }
        numbers[numbers.count - 1] = (key, surface)
    }

    mutating func addNegator(_ surface: String) { negators.append(surface) }

    mutating func addEntity(_ entity: Entity) {
        entities.append(entity)
        addWord(entity.key, alphabetic: entity.alphabetic)
    }

    mutating func addWord(_ key: String, alphabetic: Bool) {
        stems.insert(Self.stem(key))
        guard alphabetic else { return }
        let prefixScalars = key.unicodeScalars.prefix(5)
        guard prefixScalars.count == 5 else { return }
        let prefix = makeString(prefixScalars)
        buckets[prefix, default: []].appendIfRoom(key)
    }

    /// Drops the all-capital names of a shouted prompt (most of its words in capitals).
    mutating func forgetAcronyms() {
        entities.removeAll { $0.acronym }
    }

    // MARK: Helpers

    /// Without a plural `s` (not `ss`), for words longer than three bytes.
    static func stem(_ key: String) -> String {
        let bytes = key.utf8
        guard bytes.count > 3, bytes.last == UInt8(ascii: "s") else { return key }
        let beforeLast = bytes[bytes.index(bytes.endIndex, offsetBy: -2)]
        return beforeLast == UInt8(ascii: "s") ? key : String(key.dropLast())
    }

    static func prefix5(_ scalars: [Unicode.Scalar]) -> String {
        makeString(scalars.prefix(5))
    }

    static func clip(_ text: String) -> String {
        text.count <= 64 ? text : String(text.prefix(63)) + "…"
    }
}

// MARK: - The scanner

/// One pass over a prompt's Unicode scalars: quotes first, then tokens.
private struct PromptScanner {
    let s: [Unicode.Scalar]
    let quoted: [Bool]

    /// Whether the next word opens a sentence (its capital letter then says nothing).
    var sentenceStart = true
    /// Whether the last word was an abbreviation or a single letter (`e.g.`, `Dr.`, `J.`).
    var lastWasAbbreviation = false
    /// The previous plain word, lowercased (for `each one`, `no one`).
    var previousWord = ""
    /// Set by punctuation other than spaces and hyphens: ends a spoken number.
    var numberBreak = false
    /// Open `neither`s waiting for their `nor`.
    var openNeither = 0
    /// Words with two letters or more, and those all in capitals (to spot shouting).
    var wordCount = 0
    var capitalWordCount = 0

    var spoken = SpokenNumber()
    /// The last digit numeral, while a following `million` may still scale it.
    var scalable: (value: DecimalText, surface: String)?

    init(_ text: String) {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars where c.isASCII || c.properties.generalCategory != .format {
            scalars.append(c)
        }
        s = scalars
        quoted = Self.quotedMask(scalars)
    }

    mutating func scan(into f: inout PromptFeatures) {
        let n = s.count
        var i = 0
        while i < n {
            let c = s[i]
            if Self.isWordScalar(c) {
                if let end = url(at: i) {
                    emitOpaque(i..<end, into: &f, normalise: Self.urlKey)
                    i = end
                    continue
                }
                i = word(at: i, negative: false, leadingDot: false, into: &f)
                continue
            }
            let previousIsWord = i > 0 && Self.isWordScalar(s[i - 1])
            let next: Unicode.Scalar? = i + 1 < n ? s[i + 1] : nil
            if (c == "-" || c == "\u{2212}"), !previousIsWord, let next, Self.digit(next) != nil {
                i = word(at: i + 1, negative: true, leadingDot: false, into: &f)
                continue
            }
            if c == ".", !previousIsWord, let next, Self.digit(next) != nil {
                i = word(at: i + 1, negative: false, leadingDot: true, into: &f)
                continue
            }
            if c == "@", !previousIsWord, let next, Self.isHandleScalar(next) {
                var end = i + 1
                while end < n, Self.isHandleScalar(s[end]) || ((s[end] == "." || s[end] == "-") && end + 1 < n && Self.isHandleScalar(s[end + 1])) {
                    end += 1
                }
                emitOpaque(i..<end, into: &f, normalise: { $0.lowercased() })
                i = end
                continue
            }
            if Self.isSpace(c) {
                if Self.isLineBreak(c) {
                    sentenceStart = true
                    numberBreak = true
                }
                i += 1
                continue
            }
            if c != "-" && c != "\u{2010}" { numberBreak = true }
            if Self.isSentenceEnd(c), next.map({ Self.isSpace($0) || Self.isClosing($0) }) ?? true {
                if !(c == "." && lastWasAbbreviation) { sentenceStart = true }
            }
            i += 1
        }
        finishSpoken(into: &f)
        scalable = nil
        if wordCount >= 4, capitalWordCount * 10 > wordCount * 6 { f.forgetAcronyms() }
    }

    // MARK: Words

    /// Reads the word or numeral at `start`; returns where it ends.
    mutating func word(at start: Int, negative: Bool, leadingDot: Bool, into f: inout PromptFeatures) -> Int {
        let n = s.count
        var j = start
        var hasLetter = false, hasDigit = false, hasAt = false, hasDotOrUnderscore = false
        while j < n {
            let c = s[j]
            if Self.digit(c) != nil { hasDigit = true; j += 1; continue }
            if Self.isWordScalar(c) { if Self.isLetter(c) { hasLetter = true }; j += 1; continue }
            guard j > start, j + 1 < n else { break }
            let p = s[j - 1], q = s[j + 1]
            let joins: Bool
            switch c {
            case "'", "\u{2019}", "\u{02BC}": joins = Self.isLetter(p) && Self.isLetter(q)
            case ".": joins = Self.isWordScalar(p) && Self.isWordScalar(q)
            case ",", ":", "-": joins = Self.digit(p) != nil && Self.digit(q) != nil
            case "_", "@": joins = Self.isWordScalar(p) && Self.isWordScalar(q)
            default: joins = false
            }
            guard joins else { break }
            if c == "@" { hasAt = true }
            if (c == "." && (Self.isLetter(p) || Self.isLetter(q))) || c == "_" { hasDotOrUnderscore = true }
            j += 1
        }
        let run = s[start..<j]
        let surface = makeString(run)
        let inQuote = quoted[start]
        let opensSentence = sentenceStart
        sentenceStart = false
        lastWasAbbreviation = false
        defer { numberBreak = false }

        if hasAt {  // e-mail address
            finishSpoken(into: &f)
            scalable = nil
            f.addEntity(.init(key: surface.lowercased(), surface: surface, alphabetic: false, acronym: false))
            return j
        }
        if Self.digit(run[run.startIndex]) != nil {
            numeral(run, surface: surface, negative: negative, leadingDot: leadingDot, into: &f)
            return j
        }
        if hasDigit || hasDotOrUnderscore {  // S24, iPhone15, node.js, user_id, e.g.
            finishSpoken(into: &f)
            scalable = nil
            let key = surface.lowercased()
            if Self.abbreviations.contains(key) {
                lastWasAbbreviation = true
                f.addWord(key, alphabetic: false)
            } else {
                f.addEntity(.init(key: key, surface: surface, alphabetic: false, acronym: false))
            }
            return j
        }
        guard hasLetter else { return j }  // marks only
        plainWord(run, surface: surface, end: j, opensSentence: opensSentence, inQuote: inQuote, into: &f)
        return j
    }

    mutating func plainWord(
        _ run: ArraySlice<Unicode.Scalar>, surface: String, end: Int, opensSentence: Bool, inQuote: Bool,
        into f: inout PromptFeatures
    ) {
        var lower = surface.lowercased()
        if lower.unicodeScalars.contains(where: { $0 == "\u{2019}" || $0 == "\u{02BC}" }) {
            lower = makeString(lower.unicodeScalars.map { $0 == "\u{2019}" || $0 == "\u{02BC}" ? "'" : $0 })
        }
        var key = lower
        if key.hasSuffix("'s") { key.removeLast(2) }

        // Numbers said in words.
        let previous = previousWord
        previousWord = lower
        if let word = SpokenNumber.words[lower], !(lower == "one" && Self.pronounBeforeOne.contains(previous) && !spoken.active) {
            if numberBreak { finishSpoken(into: &f) }
            if case .scale(let zeros) = word.kind, !spoken.active, let pending = scalable, !numberBreak {
                let scaled = pending.value.shifted(by: zeros)
                f.replaceLastNumber(scaled.key, surface: pending.surface + " " + surface)
                scalable = nil
                return
            }
            if word.kind == .dozen, !spoken.active, let pending = scalable, !numberBreak, let value = pending.value.timesTwelve {
                f.replaceLastNumber(value.key, surface: pending.surface + " " + surface)
                scalable = nil
                return
            }
            scalable = nil
            for finished in spoken.feed(word, surface: surface) { f.addNumber(finished.key, surface: finished.surface) }
            return
        }
        if lower == "and", spoken.acceptsAnd, !numberBreak {
            spoken.sawAnd = true
            return
        }
        finishSpoken(into: &f)
        scalable = nil

        // Negation.
        if Self.isNegator(lower) {
            if lower == "not", nextWord(after: end) == "only" {
            } else if lower == "no", end < s.count, s[end] == ".", nextNonSpace(after: end + 1).map({ Self.digit($0) != nil }) == true {
                lastWasAbbreviation = true
            } else if lower == "neither" {
                openNeither += 1
                f.addNegator(surface)
            } else if lower == "nor", openNeither > 0 {
                openNeither -= 1
            } else {
                f.addNegator(surface)
            }
        }

        // Names.
        var letters = 0, capitals = 0, innerCapital = false
        for c in run where Self.isLetter(c) {
            letters += 1
            if Self.isUpper(c) {
                capitals += 1
                if letters > 1 { innerCapital = true }
            }
        }
        let firstCapital = run.first.map(Self.isUpper) ?? false
        if letters >= 2 {
            wordCount += 1
            if capitals == letters { capitalWordCount += 1 }
        }
        if letters == 1 || Self.abbreviations.contains(key) { lastWasAbbreviation = true }
        let entity: PromptFeatures.Entity? =
            if inQuote {
                .init(key: key, surface: surface, alphabetic: true, acronym: false)
            } else if letters >= 2, capitals == letters, !Self.notNames.contains(key) {
                .init(key: key, surface: surface, alphabetic: true, acronym: true)
            } else if innerCapital {
                .init(key: key, surface: surface, alphabetic: true, acronym: false)
            } else if firstCapital, !opensSentence, !Self.notNames.contains(key) {
                .init(key: key, surface: surface, alphabetic: true, acronym: false)
            } else {
                nil
            }
        if let entity {
            f.addEntity(entity)
        } else {
            f.addWord(key, alphabetic: true)
        }
    }

    // MARK: Numerals

    mutating func numeral(
        _ run: ArraySlice<Unicode.Scalar>, surface: String, negative: Bool, leadingDot: Bool,
        into f: inout PromptFeatures
    ) {
        finishSpoken(into: &f)
        scalable = nil
        previousWord = ""
        // Digits and separators up to the last digit before the first letter; then a suffix.
        var lastDigit = run.startIndex
        var suffixStart = run.endIndex
        for k in run.indices {
            if Self.digit(run[k]) != nil { lastDigit = k; continue }
            if Self.isLetter(run[k]) { suffixStart = k; break }
        }
        let suffix = run[suffixStart...]
        if suffix.contains(where: { Self.digit($0) != nil }) {  // 4x4, 3d2
            let key = surface.lowercased()
            f.addEntity(.init(key: key, surface: surface, alphabetic: false, acronym: false))
            return
        }
        let suffixText = makeString(suffix).lowercased()
        let body = run[run.startIndex...lastDigit]
        let shownSurface = (negative ? "-" : leadingDot ? "." : "") + surface
        let parsed = Self.parseNumeral(body, negative: negative, leadingDot: leadingDot)
        for (index, value) in parsed.enumerated() {
            switch value {
            case .decimal(var d):
                if suffixText == "k", index == parsed.count - 1 { d = d.shifted(by: 3) }
                f.addNumber(d.key, surface: shownSurface)
                scalable = index == parsed.count - 1 && suffixText.isEmpty ? (d, shownSurface) : nil
            case .other(let key):
                f.addNumber(key, surface: shownSurface)
            }
        }
    }

    enum Numeral {
        case decimal(DecimalText)
        case other(String)
    }

    /// Digits with `.`, `,`, `:` and `-` between them, as one or more canonical numbers.
    static func parseNumeral(_ body: ArraySlice<Unicode.Scalar>, negative: Bool, leadingDot: Bool) -> [Numeral] {
        var groups: [String] = [""]
        var separators: [Unicode.Scalar] = []
        for c in body {
            if let d = digit(c) {
                groups[groups.count - 1].unicodeScalars.append(Unicode.Scalar(UInt8(48 + d)))
            } else {
                separators.append(c)
                groups.append("")
            }
        }
        if leadingDot, separators.isEmpty {
            return [.decimal(DecimalText(integer: "0", fraction: groups[0], negative: negative))]
        }
        if separators.contains("-") {
            if separators.count == 2, separators.allSatisfy({ $0 == "-" }), groups[0].count == 4,
                (1...2).contains(groups[1].count), (1...2).contains(groups[2].count)
            {
                return [.other("date:\(groups[0])-\(DecimalText.trimmedInteger(groups[1]))-\(DecimalText.trimmedInteger(groups[2]))")]
            }
            // A range or a list: each part on its own.
            var parts: [Numeral] = []
            var partGroups: [String] = [groups[0]]
            var partSeparators: [Unicode.Scalar] = []
            var first = true
            func flush() {
                parts += parseGroups(partGroups, partSeparators, negative: first && negative)
                first = false
            }
            for (k, sep) in separators.enumerated() {
                if sep == "-" {
                    flush()
                    partGroups = [groups[k + 1]]
                    partSeparators = []
                } else {
                    partSeparators.append(sep)
                    partGroups.append(groups[k + 1])
                }
            }
            flush()
            return parts
        }
        return parseGroups(groups, separators, negative: negative)
    }

    static func parseGroups(_ groups: [String], _ separators: [Unicode.Scalar], negative: Bool) -> [Numeral] {
        if separators.isEmpty {
            return [.decimal(DecimalText(integer: groups[0], fraction: "", negative: negative))]
        }
        if separators.contains(":") {
            if separators.allSatisfy({ $0 == ":" }), (2...3).contains(groups.count), (1...2).contains(groups[0].count),
                groups.dropFirst().allSatisfy({ $0.count == 2 })
            {
                return [.other("time:" + ([DecimalText.trimmedInteger(groups[0])] + groups.dropFirst()).joined(separator: ":"))]
            }
            return [.other("ratio:" + groups.map(DecimalText.trimmedInteger).joined(separator: ":"))]
        }
        let last = separators[separators.count - 1]
        let grouped = (1...3).contains(groups[0].count) && groups.dropFirst().allSatisfy { $0.count == 3 }
        if separators.allSatisfy({ $0 == last }) {
            if separators.count == 1 {
                if last == ",", grouped {
                    return [.decimal(DecimalText(integer: groups.joined(), fraction: "", negative: negative))]
                }
                return [.decimal(DecimalText(integer: groups[0], fraction: groups[1], negative: negative))]
            }
            if grouped {
                return [.decimal(DecimalText(integer: groups.joined(), fraction: "", negative: negative))]
            }
            if last == "," {  // a list written without spaces: 1,2,3
                return groups.enumerated().map {
                    .decimal(DecimalText(integer: $0.element, fraction: "", negative: negative && $0.offset == 0))
                }
            }
            return [.other("version:" + groups.map(DecimalText.trimmedInteger).joined(separator: "."))]
        }
        // Mixed: 1,234.56 or 1.234,56 — groups of three, then the decimal part.
        let head = Array(groups.dropLast())
        if separators.dropLast().allSatisfy({ $0 != last }), (1...3).contains(head[0].count),
            head.dropFirst().allSatisfy({ $0.count == 3 })
        {
            return [.decimal(DecimalText(integer: head.joined(), fraction: groups[groups.count - 1], negative: negative))]
        }
        var raw = groups[0]
        for (k, sep) in separators.enumerated() {
            raw.unicodeScalars.append(sep)
            raw += groups[k + 1]
        }
        return [.other("numeral:" + raw)]
    }

    mutating func finishSpoken(into f: inout PromptFeatures) {
        if let finished = spoken.finish() { f.addNumber(finished.key, surface: finished.surface) }
    }

    // MARK: URLs, handles, addresses

    /// The end of a URL starting at `i` (`http://`, `https://`, `www.`), if one does.
    func url(at i: Int) -> Int? {
        guard i == 0 || !Self.isWordScalar(s[i - 1]) else { return nil }
        var matched = false
        for p in Self.urlPrefixes {
            guard i + p.count < s.count else { continue }
            var ok = true
            for k in p.indices where Self.asciiLower(s[i + k]) != p[k] {
                ok = false
                break
            }
            if ok { matched = true; break }
        }
        guard matched else { return nil }
        var end = i
        while end < s.count, !Self.isSpace(s[end]), !Self.urlStops.contains(s[end]) { end += 1 }
        while end > i, Self.urlTrailing.contains(s[end - 1]) { end -= 1 }
        return end
    }

    static func urlKey(_ text: String) -> String {
        var key = text.lowercased()
        for prefix in ["https://", "http://"] where key.hasPrefix(prefix) { key.removeFirst(prefix.count) }
        if key.hasPrefix("www.") { key.removeFirst(4) }
        while key.hasSuffix("/") { key.removeLast() }
        return key
    }

    mutating func emitOpaque(_ range: Range<Int>, into f: inout PromptFeatures, normalise: (String) -> String) {
        finishSpoken(into: &f)
        scalable = nil
        let surface = makeString(s[range])
        f.addEntity(.init(key: normalise(surface), surface: surface, alphabetic: false, acronym: false))
        sentenceStart = false
        lastWasAbbreviation = false
        numberBreak = false
    }

    // MARK: Look-ahead (bounded)

    func nextNonSpace(after i: Int) -> Unicode.Scalar? {
        var k = i
        while k < s.count, k < i + 64, Self.isSpace(s[k]) { k += 1 }
        return k < s.count && !Self.isSpace(s[k]) ? s[k] : nil
    }

    /// The next word, lowercased, when it is short (at most 8 letters).
    func nextWord(after i: Int) -> String? {
        var k = i
        while k < s.count, k < i + 64, Self.isSpace(s[k]) { k += 1 }
        var word = ""
        while k < s.count, isLetterAt(k) {
            guard word.unicodeScalars.count < 8 else { return nil }
            word.unicodeScalars.append(Self.asciiLower(s[k]))
            k += 1
        }
        return word.isEmpty ? nil : word
    }

    private func isLetterAt(_ k: Int) -> Bool { Self.isLetter(s[k]) }

    // MARK: Quotes

    /// Which scalars lie inside a pair of quotes ("…", “…”, „…“, «…», '…', ‘…’), pairs at most
    /// 200 scalars apart; unpaired quotes mark nothing.
    static func quotedMask(_ s: [Unicode.Scalar]) -> [Bool] {
        var mask = [Bool](repeating: false, count: s.count)
        var open: (kind: Int, at: Int)?
        func close(_ i: Int) {
            if let o = open, o.at + 1 < i { for k in (o.at + 1)..<i { mask[k] = true } }
            open = nil
        }
        for i in s.indices {
            if let o = open, i - o.at > 200 { open = nil }
            let c = s[i]
            guard quoteScalars.contains(c) else { continue }
            let previousIsWord = i > 0 && isWordScalar(s[i - 1])
            let nextIsWord = i + 1 < s.count && isWordScalar(s[i + 1])
            let nextIsSpace = i + 1 >= s.count || isSpace(s[i + 1])
            switch c {
            case "\"":
                if open?.kind == 0 {
                    if !nextIsWord { close(i) }
                } else if open == nil, !previousIsWord, !nextIsSpace {
                    open = (0, i)
                }
            case "\u{201C}":  // “ opens, or closes „…“
                if open?.kind == 1 { close(i) } else if open == nil { open = (1, i) }
            case "\u{201E}", "\u{00AB}":  // „ «
                if open == nil { open = (1, i) }
            case "\u{201D}", "\u{00BB}":  // ” »
                if open?.kind == 1 { close(i) }
            case "'", "\u{2018}", "\u{2019}":
                if previousIsWord && nextIsWord { continue }  // an apostrophe
                if open?.kind == 2 {
                    if !nextIsWord, i > 0, !isSpace(s[i - 1]) { close(i) }
                } else if open == nil, c != "\u{2019}", !previousIsWord, nextIsWord {
                    open = (2, i)
                }
            default:
                break
            }
        }
        return mask
    }

    // MARK: Character classes

    static func digit(_ c: Unicode.Scalar) -> Int? {
        if c.value >= 48, c.value <= 57 { return Int(c.value - 48) }
        if c.isASCII { return nil }
        guard c.properties.generalCategory == .decimalNumber, let v = c.properties.numericValue, v >= 0, v <= 9 else { return nil }
        return Int(v)
    }

    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return (c.value | 0x20) >= 97 && (c.value | 0x20) <= 122 }
        return c.properties.isAlphabetic
    }

    static func isUpper(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return c.value >= 65 && c.value <= 90 }
        return c.properties.isUppercase
    }

    static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return isLetter(c) || digit(c) != nil }
        if isLetter(c) || digit(c) != nil { return true }
        switch c.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return c.value == 32 || (c.value >= 9 && c.value <= 13) }
        return c.properties.isWhitespace
    }

    static let quoteScalars: Set<Unicode.Scalar> = [
        "\"", "'", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{201E}", "\u{00AB}", "\u{00BB}",
    ]

    static func isHandleScalar(_ c: Unicode.Scalar) -> Bool { c == "_" || isWordScalar(c) }

    static func asciiLower(_ c: Unicode.Scalar) -> Unicode.Scalar {
        c.value >= 65 && c.value <= 90 ? Unicode.Scalar(c.value + 32)! : c
    }

    static func isLineBreak(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    static func isSentenceEnd(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case ".", "!", "?", "\u{2026}", "\u{3002}", "\u{FF01}", "\u{FF1F}", "\u{061F}": true
        default: false
        }
    }

    static func isClosing(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "\"", "'", ")", "]", "}", "\u{2019}", "\u{201D}", "\u{00BB}": true
        default: false
        }
    }

    static let urlPrefixes: [[Unicode.Scalar]] = ["http://", "https://", "www."].map { Array($0.unicodeScalars) }
    static let urlStops: Set<Unicode.Scalar> = ["\"", "<", ">", "\u{201C}", "\u{201D}", "\u{00AB}", "\u{00BB}"]
    static let urlTrailing: Set<Unicode.Scalar> = [".", ",", ";", ":", "!", "?", ")", "]", "}", "'", "\u{2019}"]

    static func isNegator(_ lower: String) -> Bool {
        negators.contains(lower) || lower.hasSuffix("n't")
    }

    static let negators: Set<String> = [
        "not", "no", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor", "without", "cannot",
        "noone",
        // contractions typed without an apostrophe
        "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "cant", "couldnt", "wouldnt", "shouldnt",
        "wont", "hasnt", "havent", "hadnt", "aint", "mustnt", "neednt", "mightnt", "shant",
    ]

    /// `one` after these is a pronoun (`each one`, `no one`, `this one`), not a number.
    static let pronounBeforeOne: Set<String> = [
        "each", "every", "this", "that", "which", "any", "no", "some", "another", "the", "a", "little",
        "only", "right", "wrong", "new", "old",
    ]

    /// Capitalised, these still name nothing: `I`, and function words capitalised after a colon
    /// or in a heading.
    static let notNames: Set<String> = [
        "i", "i'm", "i'd", "i'll", "i've", "ok", "okay", "the", "a", "an", "and", "or", "but", "of", "in", "on",
        "at", "to", "for", "with", "by", "from", "as", "please", "this", "that", "these", "those", "it", "we",
        "you", "my", "our", "your", "if", "is", "are", "be", "do", "does", "what", "how", "why", "when", "where",
        "which", "who", "note", "also", "then", "hi", "hello", "thanks", "no",
    ]

    /// Words whose full stop does not end a sentence.
    static let abbreviations: Set<String> = [
        "e.g", "i.e", "a.m", "p.m", "etc", "mr", "mrs", "ms", "dr", "st", "vs", "no", "fig", "approx", "inc",
        "ltd", "jr", "sr", "cf", "ca",
    ]
}

extension Array where Element == String {
    /// Appends `word` unless it is there already or the bucket holds 8 words.
    fileprivate mutating func appendIfRoom(_ word: String) {
        if count < 8, !contains(word) { append(word) }
    }
}

/// A string of scalars, encoded straight into the string's storage.
private func makeString<C: Collection<Unicode.Scalar>>(_ scalars: C) -> String {
    String(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
        var k = 0
        for c in scalars {
            UTF8.encode(c) { byte in
                buffer[k] = byte
                k += 1
            }
        }
        return k
    }
}

// MARK: - Numbers

/// A decimal number as text, without leading or trailing zeros: any length, no rounding.
private struct DecimalText {
    var integer: String
    var fraction: String
    var negative: Bool

    init(integer: String, fraction: String, negative: Bool) {
        self.integer = Self.trimmedInteger(integer)
        var f = Substring(fraction)
        while f.last == "0" { f.removeLast() }
        self.fraction = String(f)
        self.negative = negative && !(self.integer == "0" && self.fraction.isEmpty)
    }

    var key: String { (negative ? "-" : "") + integer + (fraction.isEmpty ? "" : "." + fraction) }

    /// Times ten to the `zeros`.
    func shifted(by zeros: Int) -> DecimalText {
        let moved = fraction.prefix(zeros)
        let padding = String(repeating: "0", count: max(0, zeros - moved.count))
        return DecimalText(integer: integer + moved + padding, fraction: String(fraction.dropFirst(zeros)), negative: negative)
    }

    var timesTwelve: DecimalText? {
        guard fraction.isEmpty, integer.count < 15, let v = Int(integer) else { return nil }
        return DecimalText(integer: String(v * 12), fraction: "", negative: negative)
    }

    static func trimmedInteger(_ digits: String) -> String {
        let trimmed = digits.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }
}

/// Number words composed as spoken: `twenty-two`, `two hundred and five`, `three thousand`,
/// `a dozen`, `fifth`, `twice`.
private struct SpokenNumber {
    enum Kind: Equatable {
        case small  // 0–19
        case tens  // 20–90
        case hundred
        case scale(Int)  // thousand = 3 zeros, million = 6…
        case dozen
        case times  // twice, thrice: a whole number on its own
    }

    struct Word {
        var value: Int
        var kind: Kind
        var ordinal = false
    }

    private(set) var active = false
    private var total = 0
    private var current = 0
    private var last: Kind?
    private var surface = ""
    var sawAnd = false

    /// `and` may continue `two hundred and five`.
    var acceptsAnd: Bool {
        guard active, !sawAnd, let last else { return false }
        if case .scale = last { return true }
        return last == .hundred
    }

    /// Adds a word; returns the numbers it completes (zero, one or two).
    mutating func feed(_ word: Word, surface text: String) -> [(key: String, surface: String)] {
        var done: [(key: String, surface: String)] = []
        if active, !continues(with: word.kind) {
            if let finished = finish() { done.append(finished) }
        }
        if word.kind == .times {
            if let finished = finish() { done.append(finished) }
            done.append((String(word.value), text))
            return done
        }
        if !active {
            active = true
            total = 0
            current = 0
            last = nil
            surface = text
        } else {
            surface += " " + text
        }
        sawAnd = false
        var ok = true
        switch word.kind {
        case .small, .tens:
            current += word.value
        case .hundred:
            let (v, overflow) = max(current, 1).multipliedReportingOverflow(by: 100)
            ok = !overflow
            current = v
        case .dozen:
            let (v, overflow) = max(current, 1).multipliedReportingOverflow(by: 12)
            ok = !overflow
            current = v
        case .scale(let zeros):
            var scale = 1
            for _ in 0..<zeros { scale = scale.multipliedReportingOverflow(by: 10).partialValue }
            let (v, overflow) = max(current, 1).multipliedReportingOverflow(by: scale)
            let (t, overflow2) = total.addingReportingOverflow(v)
            ok = !overflow && !overflow2
            total = t
            current = 0
        case .times:
            break
        }
        last = word.kind
        if !ok || word.ordinal || word.kind == .dozen {
            if let finished = finish() { done.append(finished) }
        }
        return done
    }

    private func continues(with kind: Kind) -> Bool {
        guard let last else { return true }
        switch (last, kind) {
        case (.tens, .small): return current % 10 == 0
        case (.hundred, .small), (.hundred, .tens): return true
        case (.scale, .small), (.scale, .tens): return true
        case (.small, .hundred), (.tens, .hundred): return true
        case (.small, .scale), (.tens, .scale), (.hundred, .scale): return true
        case (.small, .dozen), (.tens, .dozen): return true
        default: return false
        }
    }

    /// Ends the number being read, if any.
    mutating func finish() -> (key: String, surface: String)? {
        guard active else { return nil }
        active = false
        sawAnd = false
        let (value, overflow) = total.addingReportingOverflow(current)
        return (overflow ? "word:" + surface.lowercased() : String(value), surface)
    }

    static let words: [String: Word] = {
        var w: [String: Word] = [:]
        let small = [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
        ]
        for (v, name) in small.enumerated() { w[name] = Word(value: v, kind: .small) }
        let smallOrdinals = [
            "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
            "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
            "nineteenth",
        ]
        for (k, name) in smallOrdinals.enumerated() { w[name] = Word(value: k + 1, kind: .small, ordinal: true) }
        let tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
        for (k, name) in tens.enumerated() {
            w[name] = Word(value: (k + 2) * 10, kind: .tens)
            w[String(name.dropLast()) + "ieth"] = Word(value: (k + 2) * 10, kind: .tens, ordinal: true)
        }
        w["hundred"] = Word(value: 100, kind: .hundred)
        w["hundredth"] = Word(value: 100, kind: .hundred, ordinal: true)
        for (name, zeros) in [("thousand", 3), ("million", 6), ("billion", 9), ("trillion", 12)] {
            w[name] = Word(value: 0, kind: .scale(zeros))
            w[name + "th"] = Word(value: 0, kind: .scale(zeros), ordinal: true)
        }
        w["dozen"] = Word(value: 12, kind: .dozen)
        w["twice"] = Word(value: 2, kind: .times)
        w["thrice"] = Word(value: 3, kind: .times)
        return w
    }()
}
