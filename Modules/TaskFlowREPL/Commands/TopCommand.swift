import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// `top TASK [N]`: the most frequent labels, topics, entities or keyphrases, as a bar chart.
struct TopCommand: ReplCommand {
    static let tasks = ["sentiment", "emotion", "topics", "entities", "keyphrases"]

    static let descriptor = CommandDescriptor(
        name: "top", usage: "top sentiment|emotion|topics|entities [LABEL]|keyphrases [N] [by FIELD]",
        summary: "Show the most frequent labels, topics, entities or keyphrases (a bar chart)",
        details: """
            Counts the records that pass the filter. N limits the rows (default 10; 5 per group
            with by). Any task in the results works, plugins' included. `by FIELD` splits by a
            column or another result (the largest 10 groups): one row per group with its top values.
            Keyphrases and entities that differ only in case or plural count as one. After
            `entities`, a label keeps only entities of that label.
            Examples:
              top sentiment
              top keyphrases by product
              top entities PRODUCT 20
            """,
        category: .results,
        completion: .custom { r in
            if r.previousWords.isEmpty { return TopCommand.tasks + r.hints.resultTasks }
            return r.previousWords.last?.lowercased() == "by" ? r.hints.fieldNames : ["by"]
        })

    /// What users type → the task key of DESIGN.md's per-record JSON.
    static let taskAliases = [
        "topics": "topic", "entity": "entities", "keyphrase": "keyphrases", "emotions": "emotion",
        "sentiments": "sentiment",
    ]

    /// What provides each built-in task, for "no tool provides … yet".
    static let providers = [
        "sentiment": "a sentiment analyzer", "emotion": "an emotion classifier",
        "topic": "topic clustering over sentence embeddings", "entities": "a named-entity recognizer",
        "keyphrases": "a keyphrase extractor (such as YAKE)",
    ]

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        var words = args.words
        var groupField: String?
        if let by = words.firstIndex(where: { $0.lowercased() == "by" }) {
            guard by + 2 == words.count else { return .printUsage }
            groupField = words[by + 1]
            words.removeSubrange(by...)
        }
        let word = words.first?.lowercased() ?? ""
        let task = Self.taskAliases[word] ?? word
        // `top entities LABEL [N]`: a word that is not a count names a label.
        var label: String?
        if words.count >= 2, Int(words[1]) == nil, words.count <= 3 {
            label = words[1]
            words.remove(at: 1)
        }
        guard (1...2).contains(words.count) else { return .printUsage }
        let limit = try words.count == 2 ? HeadCommand.count(words[1]) : (groupField == nil ? 10 : 5)
        let registry = session.environment.registry
        let provider = (registry.tools(.analyzer) + registry.tools(.corpus)).first { $0.task.lowercased() == task || $0.id.lowercased() == word }
        let r = session.results
        guard let r, let t = r.tools.firstIndex(where: { $0.task.lowercased() == task || $0.id.lowercased() == word }) else {
            guard let provider else {
                let what = Self.providers[task].map { "\(word) results come from \($0), which this build of TaskFlow does not include" }
                throw TaskFlowFailure(
                    "no-provider", "no tool provides \(word) yet" + (what.map { ": \($0)" } ?? ""),
                    hint: "tools lists the analyzers available; a plugin can add one", exitCode: 2)
            }
            if r == nil { throw ReplFailure.noResults(datasetLoaded: session.state.dataset != nil) }
            throw TaskFlowFailure(
                "not-in-results", "the results have no \(provider.task) values",
                hint: "enable \(provider.id), then run", exitCode: 2)
        }
        let view = try session.view(r)
        if let label { try Self.checkLabel(label, task: t, word: word, r) }
        if let groupField {
            try showGroups(task: t, by: groupField, label: label, limit: limit, view: view, r, session)
            return .ok
        }
        let (ranked, scoreSum, scored) = Self.rank(t, view, r, label: label)
        let shown = Array(ranked.prefix(limit))
        let total = view.count
        let tool = r.tools[t]
        if session.settings.mode == .table {
            var header = "\(tool.task)\(label.map { " labelled \($0.uppercased())" } ?? "") (\(tool.id)) over \(total) record\(total == 1 ? "" : "s")"
            if let f = session.state.filter { header += " matching \(f.briefText)" }
            let console = session.console
            session.console.print(console.paint(header, .bold))
            if shown.isEmpty {
                session.console.print("(no values)")
            } else {
                let items = shown.map { (label: $0.0, count: $0.1) }
                session.console.print(BarChart.render(items, total: total, width: console.width) { console.paint($0, .green) })
            }
            if scored > 0 { session.console.print(String(format: "mean score %+.4f", scoreSum / Double(scored))) }
            if ranked.count > shown.count { session.console.note("\(ranked.count - shown.count) more; top \(word) \(ranked.count) shows all") }
        } else {
            let rows: [[String?]] = shown.map { label, count in
                [label, String(count), String(format: "%.4f", total > 0 ? Double(count) / Double(total) : 0)]
            }
            session.printTable(ReplTable(headers: [tool.task, "count", "share"], rows: rows, numeric: [1, 2]))
        }
        return .ok
    }

    /// One row per value of `field` (the largest 10 groups): its records and its top values of tool `t`.
    private func showGroups(
        task t: Int, by field: String, label: String?, limit: Int, view: [Int], _ r: ResultSet, _ session: isolated ReplSession
    ) throws {
        let keyer = try FieldKeyer(FieldReference.resolve(field, tools: r.tools, columns: r.columnNames), view: view, in: r)
        let (groups, ordered) = keyer.groups(view, in: r)
        let shownGroups = keyer.ordered ? ordered : Array(ordered.prefix(10))
        let tool = r.tools[t]
        var table = ReplTable(headers: [field, "records", "top \(tool.task)"], numeric: [1])
        for g in shownGroups {
            let members = groups[g] ?? []
            let (ranked, scoreSum, scored) = Self.rank(t, members, r, label: label)
            var top = ranked.prefix(limit).map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
            if scored > 0 { top += String(format: "; mean %+.3f", scoreSum / Double(scored)) }
            table.rows.append([g, String(members.count), top.isEmpty ? "(none)" : top])
        }
        session.printTable(table, maxRows: session.maxRows(50))
        if shownGroups.count < ordered.count {
            session.console.note("\(ordered.count - shownGroups.count) smaller groups not shown; filter to see one")
        }
    }

    /// Checks that tool `t` returns entities and that `label` is one of theirs.
    ///
    /// - Throws: `TaskFlowFailure` for a label after another task, or one no entity has (listing those there are).
    static func checkLabel(_ label: String, task t: Int, word: String, _ r: ResultSet) throws {
        var labels: [String: Int] = [:]
        var spans = false
        for i in r.records.indices {
            guard case .spans(let list)? = r.value(t, i) else { continue }
            spans = true
            for s in list { labels[s.label, default: 0] += 1 }
        }
        guard spans || r.tools[t].task.lowercased() == "entities" else {
            throw TaskFlowFailure(
                "bad-arguments", "'\(ReplArguments.brief(label))' is not a count, and only entities take a label",
                hint: "top \(word) [N] [by FIELD]", exitCode: 2)
        }
        guard labels.keys.contains(where: { $0.lowercased() == label.lowercased() }) else {
            let known = labels.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
            throw TaskFlowFailure(
                "unknown-label", "no entity in the results is labelled '\(ReplArguments.brief(label))'",
                hint: known.isEmpty ? "the results have no entities" : "labels: " + known.prefix(20).joined(separator: ", "),
                exitCode: 2)
        }
    }

    /// The values of tool `t` over records `view`, most frequent first, with the sum and count of scores.
    ///
    /// Keyphrases and entity texts that differ only in case or by a regular plural count as one
    /// (`TermFolding`), shown as their most frequent spelling; entities show their label, and
    /// `label` keeps only entities with that label (any case).
    static func rank(_ t: Int, _ view: [Int], _ r: ResultSet, label: String? = nil) -> (ranked: [(String, Int)], scoreSum: Double, scored: Int) {
        var counts: [String: Int] = [:]
        var order: [String] = []
        var spellings: [String: Spellings] = [:]
        var scoreSum = 0.0
        var scored = 0
        let wanted = label?.lowercased()
        for i in view {
            guard let value = r.value(t, i) else { continue }
            // (key, shown text) per value.
            var keys: [(String, String)] = []
            switch value {
            case .classification(let c):
                keys = [(c.label, c.label)]
                scoreSum += c.score
                scored += 1
            case .topic(let topic): keys = [("\(topic.id): \(topic.label)", "\(topic.id): \(topic.label)")]
            case .spans(let spans):
                keys = spans.filter { wanted == nil || $0.label.lowercased() == wanted }.map { span in
                    (span.label + "\u{1F}" + TermFolding.key(span.text), "\(Self.flat(span.text)) (\(span.label))")
                }
            case .keyphrases(let k): keys = k.map { (TermFolding.key($0.text), Self.flat($0.text).lowercased()) }
            case .embedding: keys = []
            case .json(let j): keys = [(j.stringValue ?? j.jsonString, j.stringValue ?? j.jsonString)]
            @unknown default: keys = []
            }
            var seen = Set<String>()
            for (k, shown) in keys {
                // Spellings count every mention; records count once.
                spellings[k, default: Spellings()].add(shown)
                guard seen.insert(k).inserted else { continue }
                if counts[k] == nil { order.append(k) }
                counts[k, default: 0] += 1
            }
        }
        let ranked = order.map { key -> (String, Int) in (spellings[key]?.commonest ?? key, counts[key] ?? 0) }
        .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        return (ranked, scoreSum, scored)
    }

    /// `text` on one line with single spaces.
    static func flat(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
