/// The key under which keyphrases and entity texts that differ only in case, spacing,
/// surrounding punctuation or an English plural count together: "Battery life", "battery
/// life" and "battery lives" are not all one ("lives" is irregular), but "Pulse Bands", "pulse
/// band" and "PULSE BAND" are, and so are "movie"/"movies" and "battery"/"batteries".
///
/// The key is not meant to be read (shown terms are the most frequent spelling of their group):
/// its last word, the head of an English noun phrase, is cut to a crude stem so that a
/// singular and its regular plural meet — `-ies`/`-es`/`-s` are dropped (not `-ss`, `-us`,
/// `-is`, `-os`, nor from a few words that only look plural, such as "news"), then a final `e`,
/// and a final `y` becomes `i`.
public enum TermFolding {
    /// The folding key of `text`.
    public static func key(_ text: String) -> String {
        var words: [Substring] = []
        let lowered = text.lowercased()
        for w in lowered.split(whereSeparator: { $0.isWhitespace }) {
            let trimmed = w.drop(while: isEdgePunctuation).reversed().drop(while: isEdgePunctuation).reversed()
            if !trimmed.isEmpty { words.append(Substring(String(trimmed))) }
        }
        guard let last = words.last else { return "" }
        words[words.count - 1] = Substring(singular(String(last)))
        return words.joined(separator: " ")
    }

    /// Punctuation a term may carry at either end without it being part of the term.
    static func isEdgePunctuation(_ c: Character) -> Bool {
        switch c {
        case "\"", "'", "(", ")", "[", "]", "{", "}", ",", ".", ";", ":", "!", "?", "“", "”", "‘", "’", "«", "»", "*", "_":
            return true
        default:
            return false
        }
    }

    /// Words ending in `s` that are not plurals of a shorter word.
    static let notPlural: Set<String> = [
        "news", "series", "species", "always", "perhaps", "whereas", "yes", "this", "thus", "its", "his", "hers",
        "ours", "yours", "theirs", "does", "was", "has", "less", "plus", "minus", "bus", "gas", "lens", "ios",
        "macos", "windows", "analytics", "physics", "mathematics", "electronics", "headquarters", "means",
        "diabetes", "mumps", "sometimes", "besides", "across", "towards", "afterwards", "chaos", "canvas",
    ]

    /// The crude stem of `word` that its regular plural shares.
    static func singular(_ word: String) -> String {
        guard word.count >= 3, word.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || $0 == "-" }) else { return word }
        var w = Substring(word)
        if w.last == "s", !notPlural.contains(word) {
            if w.hasSuffix("ies") || w.hasSuffix("es") {
                w = w.dropLast(2)
            } else if !["ss", "us", "is", "os"].contains(where: { w.hasSuffix($0) }) {
                w = w.dropLast()
            }
        }
        guard w.count >= 2 else { return word }
        if w.last == "e" {
            w = w.dropLast()
        } else if w.last == "y" {
            return String(w.dropLast()) + "i"
        }
        return String(w)
    }
}
