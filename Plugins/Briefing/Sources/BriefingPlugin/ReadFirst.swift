import TaskFlowPluginAPI

/// Picks the records a support lead should read first: those a classifier gave a watched label.
///
/// Records flagged under more tasks come first (negative *and* toxic before either alone); then
/// the strongest single flag, measured as the magnitude of the classifier's score (a VADER
/// compound of −0.85 before −0.40, a toxicity of 0.9 before 0.55); then input order.
enum ReadFirst {
    /// One watched label a record carries.
    struct Flag: Sendable, Hashable {
        var task: String
        var label: String
        var score: Double
    }

    struct Pick: Sendable, Hashable {
        var record: Record
        /// By task name.
        var flags: [Flag]

        var strength: Double { flags.map { $0.score.magnitude }.max() ?? 0 }
    }

    /// Up to `limit` picks, best first; labels compare without case.
    static func pick(from corpus: Corpus, watch: [String], limit: Int) -> [Pick] {
        guard limit > 0, !watch.isEmpty else { return [] }
        let watched = Set(watch.map { $0.lowercased() })
        var picks: [(index: Int, pick: Pick)] = []
        for (i, record) in corpus.records.enumerated() {
            var flags: [Flag] = []
            for task in corpus.values.keys.sorted() {
                guard let values = corpus.values[task], i < values.count,
                    case .classification(let c) = values[i], watched.contains(c.label.lowercased())
                else { continue }
                flags.append(Flag(task: task, label: c.label, score: c.score))
            }
            if !flags.isEmpty { picks.append((i, Pick(record: record, flags: flags))) }
        }
        picks.sort { a, b in
            if a.pick.flags.count != b.pick.flags.count { return a.pick.flags.count > b.pick.flags.count }
            if a.pick.strength != b.pick.strength { return a.pick.strength > b.pick.strength }
            return a.index < b.index
        }
        return picks.prefix(limit).map(\.pick)
    }

    /// The watched labels named in a comma-separated option (`negative, toxic`).
    static func labels(_ option: String) -> [String] {
        option.split(separator: ",").map { part in
            String(part.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        }.filter { !$0.isEmpty }
    }
}
