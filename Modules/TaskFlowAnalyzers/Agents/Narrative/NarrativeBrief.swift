import Foundation
import TaskFlowPluginAPI

/// What the writer tells the model about a run: the headline figures, top topics, emotions,
/// entities and keyphrases with counts, and a handful of quoted records by id — never the
/// dataset. Every list is cut to a fixed length, so the prompt does not grow with the records.
///
/// Built the same way from the same run, so the critic checks a draft against the very figures
/// the writer was given.
struct NarrativeBrief: Sendable {
    /// Lines of figures, as the model sees them.
    var figures: [String] = []
    /// Quoted records: id and text (cut to 240 characters).
    var quotes: [(id: String, text: String)] = []
    /// The main topics' labels, largest first (what a draft should cover).
    var mainTopics: [String] = []
    /// Every count and total in the figures (for the number check).
    var counts: Set<Int> = []
    var totals: Set<Int> = []
    /// Every decimal in the figures, as written.
    var decimals: Set<String> = []

    static let topicsShown = 8
    static let termsShown = 10

    init(summary: JSONValue, quotes wanted: Int) {
        let records = summary["recordsDone"]?.intValue ?? 0
        let path = summary["dataset"]?["path"]?.stringValue ?? "the dataset"
        add("Dataset: \((path as NSString).lastPathComponent), \(records) records analysed.")
        totals.insert(records)
        for d in summary["distributions"]?.arrayValue ?? [] {
            let task = d["task"]?.stringValue ?? "?"
            let analyzer = d["analyzer"]?.stringValue ?? "?"
            let counts = (d["counts"]?.arrayValue ?? []).compactMap { c -> (String, Int)? in
                guard let l = c["label"]?.stringValue, let n = c["count"]?.intValue else { return nil }
                return (l, n)
            }.sorted { $0.1 > $1.1 }
            let total = counts.reduce(0) { $0 + $1.1 }
            guard total > 0 else { continue }
            totals.insert(total)
            let shown = counts.prefix(Self.termsShown).map { l, n in "\(l) \(n) (\(Self.percent(n, of: total)))" }
            var line = "\(task) (\(analyzer)): " + shown.joined(separator: ", ")
            if counts.count > Self.termsShown { line += ", and \(counts.count - Self.termsShown) more labels" }
            if task == "sentiment", let mean = d["meanScore"]?.doubleValue {
                line += "; mean score \(Self.decimal(mean))"
            }
            add(line + ".")
        }
        if let topics = summary["topics"], let rows = topics["topics"]?.arrayValue {
            let real = rows.filter { ($0["id"]?.intValue ?? -1) >= 0 }.sorted { ($0["size"]?.intValue ?? 0) > ($1["size"]?.intValue ?? 0) }
            let outliers = topics["outliers"]?.intValue ?? 0
            add("Topics: \(real.count) topics\(outliers > 0 ? ", \(outliers) records in no topic" : "").")
            for t in real.prefix(Self.topicsShown) {
                let label = t["label"]?.stringValue ?? "?"
                let size = t["size"]?.intValue ?? 0
                mainTopics.append(label)
                var line = "- topic \(t["id"]?.intValue ?? 0) \"\(label)\": \(size) records (\(Self.percent(size, of: records)))"
                if let mean = t["sentiment"]?["mean"]?.doubleValue { line += ", mean sentiment \(Self.decimal(mean))" }
                if let e = t["emotion"]?.stringValue { line += ", mostly \(e)" }
                let kw = (t["keywords"]?.arrayValue ?? []).compactMap(\.stringValue).prefix(5)
                if !kw.isEmpty { line += "; keywords: " + kw.joined(separator: ", ") }
                add(line)
            }
        }
        for t in summary["terms"]?.arrayValue ?? [] {
            let task = t["task"]?.stringValue ?? "terms"
            let top = (t["top"]?.arrayValue ?? []).prefix(Self.termsShown).compactMap { c -> String? in
                guard let text = c["text"]?.stringValue, let n = c["count"]?.intValue else { return nil }
                return "\(text)\(c["label"]?.stringValue.map { " [\($0)]" } ?? "") \(n)"
            }
            if !top.isEmpty { add("Most mentioned \(task.hasPrefix("entit") ? "entities" : "keyphrases") (records): " + top.joined(separator: ", ") + ".") }
        }
        // Quotes: each main topic's most central record, then the most negative and positive.
        var seen = Set<String>()
        func quote(_ id: String?, _ text: String?) {
            guard quotes.count < wanted, let id, let text, !id.isEmpty, seen.insert(id).inserted else { return }
            let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
            quotes.append((id, flat.count > 240 ? String(flat.prefix(239)) + "…" : flat))
        }
        for t in (summary["topics"]?["topics"]?.arrayValue ?? []).filter({ ($0["id"]?.intValue ?? -1) >= 0 }).prefix(Self.topicsShown) {
            let r = t["representatives"]?.arrayValue?.first
            quote(r?["id"]?.stringValue, r?["text"]?.stringValue)
        }
        for e in summary["examples"]?.arrayValue ?? [] where e["task"]?.stringValue == "sentiment" {
            for x in (e["lowest"]?.arrayValue ?? []).prefix(3) + (e["highest"]?.arrayValue ?? []).prefix(2) {
                quote(x["id"]?.stringValue, x["text"]?.stringValue)
            }
        }
    }

    private mutating func add(_ line: String) {
        figures.append(line)
        for n in NumberScan.numbers(in: line) {
            if n.isPercent { continue }
            if n.places == 0 { counts.insert(Int(n.value)) } else { decimals.insert(n.text) }
        }
    }

    static func percent(_ n: Int, of total: Int) -> String {
        total > 0 ? String(format: "%.1f%%", 100 * Double(n) / Double(total)) : "0%"
    }

    static func decimal(_ d: Double) -> String { String(format: "%.2f", d) }

    /// The figures and quotes as the prompt's text.
    var promptText: String {
        var text = "Figures of the run:\n" + figures.map { $0.hasPrefix("- ") ? "  \($0)\n" : "- \($0)\n" }.joined()
        if !quotes.isEmpty {
            text += "\nQuoted records (cite them by id):\n" + quotes.map { "- [\($0.id)] \($0.text)\n" }.joined()
        }
        return text
    }
}

/// Numbers as written in prose: `351`, `1,204`, `0.31`, `-0.2`, `53%`, `14.8 %`. A number
/// glued to a letter belongs to a word or an id (`FB-0112`, `v2`, `4th`) and is skipped.
enum NumberScan {
    struct Number: Hashable {
        var text: String
        var value: Double
        var places: Int
        var isPercent: Bool
    }

    static func numbers(in text: String) -> [Number] {
        let s = Array(text.unicodeScalars)
        var out: [Number] = []
        var i = 0
        func isDigit(_ k: Int) -> Bool { k >= 0 && k < s.count && ("0"..."9").contains(s[k]) }
        func isWordy(_ k: Int) -> Bool {
            k >= 0 && k < s.count && (s[k].properties.isAlphabetic || s[k] == "_" || s[k] == "-" && isWordy(k - 1))
        }
        while i < s.count {
            guard isDigit(i) else {
                i += 1
                continue
            }
            let start = i
            var digits = ""
            while i < s.count, isDigit(i) || (s[i] == "," && isDigit(i + 1) && isDigit(i + 3) && !isDigit(i + 4)) {
                if s[i] != "," { digits.unicodeScalars.append(s[i]) }
                i += 1
            }
            var places = 0
            if i + 1 < s.count, s[i] == ".", isDigit(i + 1) {
                digits += "."
                i += 1
                while isDigit(i) {
                    digits.unicodeScalars.append(s[i])
                    places += 1
                    i += 1
                }
            }
            // Versions (4.2.1), ids and words around the digits.
            if isWordy(start - 1) || isWordy(i) || (i < s.count && s[i] == "." && isDigit(i + 1)) {
                while i < s.count, isDigit(i) || s[i] == "." || s[i].properties.isAlphabetic { i += 1 }
                continue
            }
            var j = i
            while j < s.count, s[j] == " " { j += 1 }
            let isPercent = j < s.count && s[j] == "%"
            let negative = start > 0 && (s[start - 1] == "-" || s[start - 1] == "−") && !isWordy(start - 2)
            guard let v = Double(digits) else { continue }
            var written = (negative ? "-" : "") + String(String.UnicodeScalarView(s[start..<i]))
            if isPercent { written += "%" }
            out.append(Number(text: written, value: negative ? -v : v, places: places, isPercent: isPercent))
        }
        return out
    }
}
