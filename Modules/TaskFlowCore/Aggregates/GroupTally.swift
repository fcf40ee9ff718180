import TaskFlowPluginAPI

/// What the analyzers found in one group of records, as counts and sums that merge: the
/// accumulator behind `GroupFigures`. Its size follows the labels and terms seen, not the records.
struct GroupTally: Sendable {
    /// The most distinct terms (keyphrases, entity texts, topics) one analyzer's counts keep
    /// apart before the rarest are dropped.
    static let termLimit = 400

    var records = 0
    /// Per analyzer slot (`ColumnAggregates.slots`).
    var slots: [SlotTally] = []

    /// One analyzer's counts over the group.
    struct SlotTally: Sendable {
        var labels: [String: Int] = [:]
        var scoreSum = 0.0
        var scored = 0
        /// Records per term, by `TermFolding` key (case and plural fold together).
        var terms: [String: Int] = [:]
        /// Per key, the first spelling seen: what the figures show.
        var shown: [String: String] = [:]
        /// `topics`, `keyphrases` or `entities`: what its terms are.
        var kind = ""
    }

    /// Adds record `i` of `batch`.
    ///
    /// - Parameter countRecord: false when the record was counted already and only more values
    ///   of it arrive (a corpus analyzer's, after the last batch).
    mutating func add(_ i: Int, of batch: BatchValues, countRecord: Bool = true) {
        if countRecord { records += 1 }
        for (slot, values) in batch.slots where i < values.count {
            guard let value = values[i] else { continue }
            while slots.count <= slot { slots.append(SlotTally()) }
            switch value {
            case .classification(let c):
                slots[slot].labels[c.label, default: 0] += 1
                if c.score.isFinite { slots[slot].scoreSum += c.score }
                slots[slot].scored += 1
            case .topic(let t):
                addTerms([t.label], kind: "topics", slot: slot)
            case .keyphrases(let k):
                addTerms(k.map { $0.text.lowercased() }, kind: "keyphrases", slot: slot)
            case .spans(let s):
                addTerms(s.map(\.text), kind: "entities", slot: slot)
            default:
                break
            }
        }
    }

    /// Counts each distinct term once for the record; keeps the counts bounded.
    private mutating func addTerms(_ terms: [String], kind: String, slot: Int) {
        slots[slot].kind = kind
        var seen = Set<String>()
        for t in terms {
            let key = kind == "topics" ? t : TermFolding.key(t)
            guard !key.isEmpty, seen.insert(key).inserted else { continue }
            slots[slot].terms[key, default: 0] += 1
            if slots[slot].shown[key] == nil { slots[slot].shown[key] = t }
        }
        if slots[slot].terms.count > Self.termLimit {
            // Keep the more frequent half: rare terms of a long tail are dropped (approximate
            // counts for a group with more distinct terms than this).
            let kept = slots[slot].terms.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(Self.termLimit / 2)
            slots[slot].terms = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
            slots[slot].shown = slots[slot].shown.filter { slots[slot].terms[$0.key] != nil }
        }
    }

    /// Adds another group's counts to this one.
    mutating func merge(_ other: GroupTally) {
        records += other.records
        while slots.count < other.slots.count { slots.append(SlotTally()) }
        for (i, o) in other.slots.enumerated() {
            slots[i].labels.merge(o.labels, uniquingKeysWith: +)
            slots[i].scoreSum += o.scoreSum
            slots[i].scored += o.scored
            slots[i].terms.merge(o.terms, uniquingKeysWith: +)
            slots[i].shown.merge(o.shown, uniquingKeysWith: { mine, _ in mine })
            if slots[i].kind.isEmpty { slots[i].kind = o.kind }
        }
    }

    /// The figures of the group named `key`, per analyzer of `tools` (the slots' analyzers).
    func figures(key: String, tools: [ToolFacts], terms: Int = 5) -> GroupFigures {
        var labels: [GroupLabels] = []
        var found: [GroupTerms] = []
        for (i, s) in slots.enumerated() where i < tools.count {
            if s.scored > 0 {
                labels.append(
                    GroupLabels(
                        task: tools[i].task, analyzer: tools[i].id, scored: s.scored, counts: Self.sorted(s.labels),
                        meanScore: s.scoreSum / Double(s.scored)))
            }
            if !s.terms.isEmpty {
                found.append(
                    GroupTerms(
                        task: tools[i].task, analyzer: tools[i].id, kind: s.kind,
                        top: Self.sorted(s.terms).prefix(terms).map { LabelCount(label: s.shown[$0.label] ?? $0.label, count: $0.count) }))
            }
        }
        return GroupFigures(key: key, records: records, labels: labels, terms: found)
    }

    /// Counts as `LabelCount`s, most frequent first, ties by name.
    static func sorted(_ counts: [String: Int]) -> [LabelCount] {
        counts.map { LabelCount(label: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }
    }
}

/// One batch's values, by analyzer slot: one value per record, nil where an analyzer has none.
struct BatchValues {
    var slots: [(slot: Int, values: [AnalysisValue?])]
}
