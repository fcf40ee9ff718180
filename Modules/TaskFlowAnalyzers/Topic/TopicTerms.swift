import Foundation

/// Words that tell topics apart: class-based TF-IDF over each topic's records.
///
/// A topic's records are read as one document. A term (a word, or two content words in a row)
/// weighs `tf × log(1 + A / f)`: `tf` its share of the topic's terms, `f` its count over all
/// topics and `A` the mean number of terms per topic — frequent in this topic, rare elsewhere.
/// Stop words (the project's English list) and numbers never count; a term must occur in two
/// records of a topic of four or more, so one odd record cannot name a topic, and be more
/// frequent in the topic than over all records (a word every topic uses names none).
struct TopicTerms {
    /// Per topic, term → (occurrences, records it occurs in).
    private var counts: [[String: (n: Int, records: Int)]]
    private var totals: [Int]
    private var sizes: [Int]

    init(topics: Int) {
        counts = Array(repeating: [:], count: topics)
        totals = Array(repeating: 0, count: topics)
        sizes = Array(repeating: 0, count: topics)
    }

    /// Counts the terms of one record of `topic`.
    mutating func add(_ text: String, topic: Int) {
        sizes[topic] += 1
        var seen = Set<String>()
        let terms = Self.terms(of: text)
        totals[topic] += terms.count
        for t in terms {
            let first = seen.insert(t).inserted
            counts[topic][t, default: (0, 0)].n += 1
            if first { counts[topic][t]!.records += 1 }
        }
    }

    /// The best `limit` terms of each topic, best first, leaving out a term whose every word a
    /// better term already shows.
    func keywords(limit: Int) -> [[String]] {
        var overall: [String: Int] = [:]
        var overallRecords: [String: Int] = [:]
        for c in counts {
            for (t, v) in c {
                overall[t, default: 0] += v.n
                overallRecords[t, default: 0] += v.records
            }
        }
        let allRecords = Double(max(1, sizes.reduce(0, +)))
        let used = totals.filter { $0 > 0 }
        let average = used.isEmpty ? 1 : Double(used.reduce(0, +)) / Double(used.count)
        func best(_ c: Int, minRecords: Int) -> [String] {
            let scored = counts[c].compactMap { term, v -> (String, Double)? in
                guard v.records >= minRecords else { return nil }
                let tf = Double(v.n) / Double(totals[c])
                // Only a term in more of this topic's records than of all records tells it apart.
                let here = Double(v.records) / Double(max(1, sizes[c]))
                guard counts.count < 2 || here > Double(overallRecords[term] ?? 0) / allRecords * 1.0001 else { return nil }
                return (term, tf * log(1 + average / Double(overall[term] ?? 1)))
            }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            var chosen: [String] = []
            for (term, _) in scored {
                let words = term.split(separator: " ").map(String.init)
                if words.count == 1 {
                    // Already shown inside a pair.
                    if chosen.contains(where: { $0.split(separator: " ").contains(Substring(term)) }) { continue }
                    chosen.append(term)
                } else if chosen.contains(where: { $0.contains(" ") && $0.split(separator: " ").contains { words.contains(String($0)) } }) {
                    // Overlaps a pair already shown ("battery dies", "dies overnight").
                    continue
                } else if let single = chosen.firstIndex(where: { words.contains($0) }) {
                    // The pair says more than the word it holds: it takes the word's place.
                    chosen[single] = term
                    chosen.removeAll { words.contains($0) }
                } else {
                    chosen.append(term)
                }
                if chosen.count == limit { break }
            }
            return chosen
        }
        return counts.indices.map { c in
            guard totals[c] > 0 else { return [] }
            let chosen = best(c, minRecords: sizes[c] >= 4 ? 2 : 1)
            // A topic whose records share few words (texts in many languages) still gets a label
            // from words of single records rather than none.
            return chosen.count >= 3 || sizes[c] < 4 ? chosen : best(c, minRecords: 1)
        }
    }

    /// The terms of a text: lower-cased words (letters, digits, inner apostrophes) that are not
    /// stop words or numbers, and each pair of such words that follow each other directly.
    static func terms(of text: String) -> [String] {
        var out: [String] = []
        var previous: String?
        var word = ""
        var gap = false  // punctuation since the previous word breaks a pair
        func close() {
            let w = word.trimmingApostrophes
            word = ""
            guard !w.isEmpty else { return }
            if w.count < 2 || TopicStopwords.contains(w) || w.allSatisfy({ $0.isNumber || $0 == "'" }) {
                previous = nil
                return
            }
            out.append(w)
            if let p = previous, !gap { out.append(p + " " + w) }
            previous = w
            gap = false
        }
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber || ((ch == "'" || ch == "’") && !word.isEmpty) {
                word.append(ch == "’" ? "'" : ch)
            } else {
                close()
                if !ch.isWhitespace { gap = true }
            }
        }
        close()
        return out
    }
}

extension String {
    fileprivate var trimmingApostrophes: String {
        var s = Substring(self)
        while s.last == "'" { s = s.dropLast() }
        while s.first == "'" { s = s.dropFirst() }
        return String(s)
    }
}
