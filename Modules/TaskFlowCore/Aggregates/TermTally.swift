import TaskFlowPluginAPI

/// Counts keyphrases or entities over a run's records as batches finish, in bounded memory:
/// the accumulator behind `TermFindings`.
///
/// Terms are keyed by `TermFolding.key` (and, for entities, their label). Past `keyLimit`
/// distinct keys the rarer half is dropped, so the counts of a long tail are approximate while
/// frequent terms keep exact counts in practice (a term must be among the rarest half of
/// thousands to lose its count). Each key keeps its first `exampleCount` records as examples.
public struct TermTally: Sendable {
    /// Distinct keys kept before the rarer half is dropped.
    public static let keyLimit = 8_000
    /// Terms listed in the findings, overall and per label.
    public static let topCount = 30
    public static let perLabelCount = 10
    public static let exampleCount = 2
    public static let exampleLength = 160

    public let task: String
    public let analyzer: String
    private(set) var records = 0
    private var entries: [String: Entry] = [:]
    private var labelRecords: [String: Int] = [:]
    private var dropped = 0
    private var keysSeen = 0

    struct Entry: Sendable {
        var label: String?
        var count = 0
        /// Spellings seen, with counts (the most frequent is shown).
        var spellings = Spellings()
        var examples: [TermExample] = []
        /// When the key was first seen: ties keep input order.
        var first: Int
    }

    public init(task: String, analyzer: String) {
        self.task = task
        self.analyzer = analyzer
    }

    /// Adds one record's value; other kinds of value are ignored.
    public mutating func add(_ value: AnalysisValue, record: Record) {
        var terms: [(text: String, label: String?)] = []
        switch value {
        case .keyphrases(let k): terms = k.map { ($0.text, nil) }
        case .spans(let s): terms = s.map { ($0.text, $0.label) }
        default: return
        }
        guard !terms.isEmpty else { return }
        records += 1
        var seen = Set<String>()
        var labelsSeen = Set<String>()
        for (text, label) in terms {
            let folded = TermFolding.key(text)
            guard !folded.isEmpty else { continue }
            let key = label.map { $0 + "\u{1F}" + folded } ?? folded
            if entries[key] == nil {
                entries[key] = Entry(label: label, first: keysSeen)
                keysSeen += 1
            }
            // Spellings count every mention; records count once.
            entries[key]!.spellings.add(text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
            guard seen.insert(key).inserted else { continue }
            if let label, labelsSeen.insert(label).inserted { labelRecords[label, default: 0] += 1 }
            entries[key]!.count += 1
            if entries[key]!.examples.count < Self.exampleCount {
                entries[key]!.examples.append(TermExample(id: record.id, text: Self.cut(record.text)))
            }
        }
        if entries.count > Self.keyLimit { prune() }
    }

    private mutating func prune() {
        let kept = entries.sorted { Self.before($0.value, $1.value) }.prefix(Self.keyLimit / 2)
        dropped += entries.count - kept.count
        entries = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
    }

    static func before(_ a: Entry, _ b: Entry) -> Bool {
        a.count != b.count ? a.count > b.count : a.first < b.first
    }

    static func cut(_ text: String) -> String {
        let flat = text.split(whereSeparator: { $0.isNewline }).joined(separator: " ")
        return flat.count > exampleLength ? String(flat.prefix(exampleLength - 1)) + "…" : flat
    }

    /// The findings so far; nil before any record had a term.
    public var findings: TermFindings? {
        guard records > 0 else { return nil }
        let ordered = entries.values.sorted(by: Self.before)
        func count(_ e: Entry) -> TermCount {
            TermCount(text: e.spellings.commonest ?? "", label: e.label, count: e.count, examples: e.examples)
        }
        let labels = labelRecords.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { label, n in
            TermLabel(
                label: label, records: n,
                top: ordered.lazy.filter { $0.label == label }.prefix(Self.perLabelCount).map(count))
        }
        return TermFindings(
            task: task, analyzer: analyzer, records: records, distinct: entries.count + dropped,
            top: ordered.prefix(Self.topCount).map(count), labels: labels)
    }
}

/// The spellings of one folded term with their counts: the commonest is what a listing shows.
///
/// Bounded: past `limit` different spellings, new ones are not counted (a term spelled a dozen
/// ways is rare; the first spellings seen are the likeliest to be the common ones).
public struct Spellings: Sendable {
    public static let limit = 8
    private var list: [(text: String, count: Int)] = []

    public init() {}

    public mutating func add(_ text: String) {
        if let i = list.firstIndex(where: { $0.text == text }) {
            list[i].count += 1
        } else if list.count < Self.limit {
            list.append((text, 1))
        }
    }

    /// The spelling seen most often; the first seen among equals.
    public var commonest: String? {
        var best: (text: String, count: Int)?
        for s in list where best == nil || s.count > best!.count { best = s }
        return best?.text
    }
}
