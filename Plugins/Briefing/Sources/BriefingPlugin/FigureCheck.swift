/// Checks that every number in a model's prose is one of the run's figures.
///
/// Numbers are read as written: integers (`351`), with thousands separators (`1,204`), decimals
/// (`0.5`), negatives (`-3`) and percentages (`53%`, `53 %`, `53 percent`). A number glued to a
/// letter is part of a word or id and is skipped (`FB-0112`, `4th`, `v2`, `10am`), and so is a
/// dotted version (`4.2.1`); number words (`five`) are not read. Small numbers get no exemption:
/// `3` must be a figure like any other, and in `2–4` both ends are checked. A number is supported
/// when
/// - it is a percentage within 0.5 points of `100 × count / total` for a count and a total of the
///   run (so `53%`, `52.99%` and `98.6%` all fit 186 of 351 or 346 of 351);
/// - it is an integer equal to one of the run's counts;
/// - it is a decimal that a count rounds to at the places written (`351.0`);
/// - or the same number appears in the quoted comments the model was shown (`3 second delay`).
struct FigureCheck: Sendable, Hashable {
    /// A number as it appears in text.
    struct Number: Sendable, Hashable {
        /// As written, with its `%` when it has one.
        var text: String
        var value: Double
        /// Digits after the decimal point.
        var places: Int
        var isPercent: Bool
    }

    /// Every count the run has: records, label counts, totals, clusters, failures.
    var counts: Set<Int>
    /// The denominators a percentage may be taken of.
    var totals: Set<Int>
    /// Numbers in the quoted comments, allowed as quoted.
    var quoted: Set<Number> = []

    /// Points a percentage may be off a count/total ratio.
    static let percentTolerance = 0.5

    /// The numbers in `text` the run's figures don't support, as written, each once.
    func unsupported(in text: String) -> [String] {
        var seen: [String] = []
        for n in Self.numbers(in: text) where !supports(n) && !seen.contains(n.text) {
            seen.append(n.text)
        }
        return seen
    }

    func supports(_ n: Number) -> Bool {
        if quoted.contains(where: { $0.value == n.value && $0.isPercent == n.isPercent }) { return true }
        if n.isPercent {
            return totals.contains { t in
                t > 0 && counts.contains { c in
                    c <= t && abs(n.value - 100 * Double(c) / Double(t)) <= Self.percentTolerance + 1e-9
                }
            }
        }
        if n.places == 0 { return n.value.magnitude < 1e15 && counts.contains(Int(n.value)) }
        var unit = 1.0
        for _ in 0..<n.places { unit /= 10 }
        return counts.contains { abs(Double($0) - n.value) <= unit / 2 + 1e-9 }
    }

    /// The numbers in `text`, in order (see the type's rules for what counts as one).
    static func numbers(in text: String) -> [Number] {
        let chars = Array(text)
        var found: [Number] = []
        var i = 0
        while i < chars.count {
            guard isDigit(chars[i]) else { i += 1; continue }
            let start = i
            var digits = ""
            while i < chars.count, isDigit(chars[i]) { digits.append(chars[i]); i += 1 }
            if digits.count <= 3 {
                // Thousands groups: `,` then exactly three digits.
                while i + 3 < chars.count, chars[i] == ",",
                    (1...3).allSatisfy({ isDigit(chars[i + $0]) }),
                    i + 4 == chars.count || !isDigit(chars[i + 4])
                {
                    digits += String(chars[(i + 1)...(i + 3)])
                    i += 4
                }
            }
            var fraction = ""
            if i + 1 < chars.count, chars[i] == ".", isDigit(chars[i + 1]) {
                i += 1
                while i < chars.count, isDigit(chars[i]) { fraction.append(chars[i]); i += 1 }
            }
            var skip = false
            // A dotted version such as 4.2.1: consume it whole and skip it.
            while i + 1 < chars.count, chars[i] == ".", isDigit(chars[i + 1]) {
                skip = true
                i += 1
                while i < chars.count, isDigit(chars[i]) { i += 1 }
            }
            var negative = false
            if start > 0 {
                let before = chars[start - 1]
                if before.isLetter || before == "_" { skip = true }
                if before == "-" || before == "−" {
                    let twoBefore: Character? = start > 1 ? chars[start - 2] : nil
                    if let b = twoBefore, b.isLetter || b == "_" { skip = true }
                    if twoBefore.map({ !$0.isLetter && !isDigit($0) && $0 != "_" }) ?? true { negative = true }
                }
            }
            if i < chars.count, chars[i].isLetter { skip = true }
            let end = i
            var isPercent = false
            if i < chars.count, chars[i] == "%" {
                isPercent = true
                i += 1
            } else if i + 1 < chars.count, chars[i] == " ", chars[i + 1] == "%" {
                isPercent = true
                i += 2
            } else if let words = percentWord(chars, at: i) {
                isPercent = true
                i += words
            }
            guard !skip, let magnitude = Double(fraction.isEmpty ? digits : digits + "." + fraction) else { continue }
            let written = (negative ? "-" : "") + String(chars[start..<end]) + (isPercent ? "%" : "")
            found.append(Number(text: written, value: negative ? -magnitude : magnitude, places: fraction.count, isPercent: isPercent))
        }
        return found
    }

    private static func isDigit(_ c: Character) -> Bool { c.asciiValue.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }

    /// The length of ` percent` or ` per cent` at `i` (any case, then no letter), or nil.
    private static func percentWord(_ chars: [Character], at i: Int) -> Int? {
        for word in [" percent", " per cent"] where i + word.count <= chars.count {
            let candidate = String(chars[i..<(i + word.count)]).lowercased()
            let next = i + word.count
            if candidate == word, next == chars.count || !chars[next].isLetter { return word.count }
        }
        return nil
    }
}
