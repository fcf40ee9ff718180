import Foundation

/// Reads vaderSentiment's lexicon file formats.
enum VADERLexiconParser {
    /// `(word, valence)` for every well-formed line, in file order.
    static func valences(in text: String) -> [(String, Double)] {
        var result: [(String, Double)] = []
        result.reserveCapacity(8192)
        for fields in tabSeparatedLines(text) {
            let measure = String(VADERText.trimmingPythonWhitespace(fields[1]))
            guard let valence = Double(measure), valence.isFinite else { continue }
            result.append((String(fields[0]), valence))
        }
        return result
    }

    /// `(emoji, description)` for every well-formed line, in file order.
    static func emojiDescriptions(in text: String) -> [(emoji: String, description: String)] {
        tabSeparatedLines(text).map { (String($0[0]), String($0[1])) }
    }

    /// Lines split on tabs after trimming whitespace; lines with fewer than two fields or an
    /// empty first field are left out.
    private static func tabSeparatedLines(_ text: String) -> [[Substring.UnicodeScalarView]] {
        var lines: [[Substring.UnicodeScalarView]] = []
        for line in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = VADERText.trimmingPythonWhitespace(line)
            let fields = trimmed.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count >= 2, !fields[0].isEmpty else { continue }
            lines.append(Array(fields.prefix(2)))
        }
        return lines
    }
}
