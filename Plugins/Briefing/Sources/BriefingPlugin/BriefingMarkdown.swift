import TaskFlowPluginAPI

/// Writes the Briefing section's Markdown body: the checked narrative, the facts, then the
/// records to read first.
enum BriefingMarkdown {
    /// Longest quote, in characters, before it is cut at a word and ends in `…`.
    static let quoteLimit = 140

    static func body(
        facts: RunFacts, picks: [ReadFirst.Pick], watch: [String], narrative: Narrator.Outcome, modelName: String?
    ) -> String {
        var md = ""
        if let text = narrative.text, let name = modelName {
            md += "_Summary written by \(Markdown.text(name)), checked against the run's figures:_ \(Markdown.text(text))\n\n"
        }
        md += "**At a glance**\n\n" + facts.lines.map { "- \(Markdown.text($0))\n" }.joined() + "\n"
        let watched = watch.map(Markdown.text).joined(separator: " or ")
        if picks.isEmpty {
            md += "**Read first:** nothing labelled \(watched.isEmpty ? "for watching" : watched).\n\n"
        } else {
            md += "**Read first** (labelled \(watched), most strongly flagged first)\n\n"
            for (n, p) in picks.enumerated() {
                let flags = p.flags.map { "\(Markdown.text($0.label)) \(fixed($0.score, 2))" }.joined(separator: ", ")
                md += "\(n + 1). **\(Markdown.text(p.record.id))** (\(flags)): \(Markdown.text(trimmed(p.record.text)))\n"
            }
            md += "\n"
        }
        if modelName == nil {
            md += "_A written summary needs a language model (`--llm`)._\n"
        } else if narrative.text == nil {
            md += "_No written summary: the language model's was left out (see the notes)._\n"
        }
        return md
    }

    /// `text` on one line, runs of white space as one space, cut to `quoteLimit` at a word.
    static func trimmed(_ text: String) -> String {
        let words = text.split(whereSeparator: \.isWhitespace)
        let line = words.joined(separator: " ")
        guard line.count > quoteLimit else { return line }
        var cut = String(line.prefix(quoteLimit - 1))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > quoteLimit / 2 {
            cut = String(cut[..<space])
        }
        return cut + "…"
    }

    /// `x` with `places` decimals, rounded half away from zero (`-0.85`).
    static func fixed(_ x: Double, _ places: Int) -> String {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let n = Int((x.magnitude * Double(scale)).rounded())
        let fraction = String(n % scale)
        let sign = x < 0 && n > 0 ? "-" : ""
        guard places > 0 else { return sign + String(n) }
        return sign + "\(n / scale)." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}
