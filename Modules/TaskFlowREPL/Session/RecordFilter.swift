import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// `filter EXPR`: conditions such as `sentiment=negative score<-0.5 text~battery`, all of
/// which a record must meet.
public struct RecordFilter: Sendable, Equatable {
    /// The conditions, in the order typed.
    public var conditions: [FilterCondition]

    /// The filter as typed back: conditions separated by spaces, values quoted when needed.
    public var text: String {
        conditions.map { c in c.field + c.op.rawValue + ReplArguments.quote(c.value) }.joined(separator: " ")
    }

    /// `text`, cut to a length fit for a one-line message.
    public var briefText: String {
        let t = text
        return t.count > 120 ? String(t.prefix(119)) + "…" : t
    }

    /// Parses conditions from the words after `filter`.
    ///
    /// `and` between conditions is allowed; `sentiment = negative` (spaced) reads as one condition.
    /// - Throws: `TaskFlowFailure` for a word without an operator or an empty field.
    public static func parse(_ words: [String]) throws -> RecordFilter {
        // Join spaced forms: `score`, `<`, `-0.5` and `score<`, `-0.5`.
        var joined: [String] = []
        for w in words where w.lowercased() != "and" {
            if let last = joined.last, FilterOperator.split(last)?.value.isEmpty == true {
                joined[joined.count - 1] = last + w
            } else if let last = joined.last, FilterOperator.split(last) == nil, FilterOperator.startsWithOperator(w) {
                joined[joined.count - 1] = last + w
            } else {
                joined.append(w)
            }
        }
        var conditions: [FilterCondition] = []
        for w in joined {
            guard let (field, op, value) = FilterOperator.split(w), !field.isEmpty else {
                throw TaskFlowFailure(
                    "bad-filter", "'\(ReplArguments.brief(w))' is not a condition",
                    hint: "write FIELD OP VALUE with OP one of = != < <= > >= ~ !~, e.g. sentiment=negative score<-0.5 text~battery",
                    exitCode: 2)
            }
            conditions.append(FilterCondition(field: field.lowercased(), op: op, value: value))
        }
        if conditions.isEmpty {
            throw TaskFlowFailure("bad-filter", "no condition given", hint: "e.g. filter sentiment=negative", exitCode: 2)
        }
        return RecordFilter(conditions: conditions)
    }

    /// Checks every field against the tools that are or were in use.
    ///
    /// - Throws: `TaskFlowFailure` naming an unknown field (with the closest) or a number
    ///   comparison on text.
    func validate(tools: [ToolFacts], columns: [String] = []) throws {
        for c in conditions {
            let field = try FieldReference.resolve(c.field, tools: tools, columns: columns)
            if field.isNumeric, c.op.positive != .contains, Double(c.value) == nil {
                throw TaskFlowFailure(
                    "bad-filter", "\(c.field) is a number; '\(ReplArguments.brief(c.value))' is not",
                    hint: "e.g. \(c.field)<-0.5", exitCode: 2)
            }
        }
    }

    /// The positions of the records that meet every condition.
    func matchingIndices(in results: ResultSet) throws -> [Int] {
        let tests = try conditions.map { c -> (Int) -> Bool in
            let field = try FieldReference.resolve(c.field, tools: results.tools, columns: results.columnNames)
            let number = Double(c.value)
            let needle = c.value.lowercased()
            return { i in
                let actual = field.values(of: i, in: results)
                let positive: Bool
                switch c.op.positive {
                case .contains:
                    positive = actual.contains { $0.text.lowercased().contains(needle) }
                case .equal:
                    positive = actual.contains { v in
                        if v.isTerm { return v.matchesTerm(c.value) }
                        if let n = v.number ?? Double(v.text), let number { return n == number }
                        return v.text.lowercased() == needle
                    }
                default:
                    positive = actual.contains { v in
                        let n = v.number ?? Double(v.text)
                        if let n, let number { return c.op.positive.compare(n, number) }
                        if n == nil, number == nil { return c.op.positive.compare(v.text.lowercased(), needle) }
                        return false
                    }
                }
                return c.op.isNegated ? !positive : positive
            }
        }
        return results.records.indices.filter { i in tests.allSatisfy { $0(i) } }
    }
}

/// One condition: a field, an operator and a value.
public struct FilterCondition: Sendable, Equatable {
    public var field: String
    public var op: FilterOperator
    public var value: String
}

/// How a condition compares: `=`, `!=`, `<`, `<=`, `>`, `>=`, `~` (contains, any case), `!~`.
public enum FilterOperator: String, Sendable, CaseIterable {
    case notEqual = "!="
    case notContains = "!~"
    case lessOrEqual = "<="
    case greaterOrEqual = ">="
    case equal = "="
    case less = "<"
    case greater = ">"
    case contains = "~"

    var isNegated: Bool { self == .notEqual || self == .notContains }
    var isOrdering: Bool { [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(self) }

    /// The operator without its negation.
    var positive: FilterOperator {
        switch self {
        case .notEqual: return .equal
        case .notContains: return .contains
        default: return self
        }
    }

    func compare<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        case .equal: return a == b
        default: return false
        }
    }

    /// `field`, operator and value of a word, at its first operator.
    static func split(_ word: String) -> (field: String, op: FilterOperator, value: String)? {
        let chars = Array(word)
        for i in chars.indices {
            let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
            for op in FilterOperator.allCases where op.rawValue.count == 2 && two == op.rawValue {
                return (String(chars[..<i]).trimmingWhitespace(), op, String(chars[(i + 2)...]))
            }
            for op in FilterOperator.allCases where op.rawValue.count == 1 && String(chars[i]) == op.rawValue {
                return (String(chars[..<i]).trimmingWhitespace(), op, String(chars[(i + 1)...]))
            }
        }
        return nil
    }

    static func startsWithOperator(_ word: String) -> Bool {
        guard let first = word.first else { return false }
        return "=!<>~".contains(first)
    }
}

/// A field of a record a filter or `count by` can read: `text`, `id`, a task's label or
/// score, a named score (`sentiment.neg`), a topic, entity or keyphrase texts.
struct FieldReference: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case text, id
        /// The tool's main value: a label, topic, entity or keyphrase texts.
        case main(tool: Int)
        case label(tool: Int)
        case score(tool: Int)
        case named(tool: Int, name: String)
        /// A column of the dataset that travels with each record (`product`, `col.rating`).
        case column(String)
    }

    var part: Part
    var name: String

    /// Whether the field holds numbers (scores).
    var isNumeric: Bool {
        switch part {
        case .score, .named: return true
        default: return false
        }
    }

    /// One value of a field: text, and a number when it is one.
    struct Value {
        var text: String
        var number: Double?
        /// A keyphrase or an entity's text: `=` compares folded (any case, singular or plural).
        var isTerm = false
        /// An entity's label.
        var label: String?

        /// Whether this keyphrase or entity is what `=` named: `TEXT` (any case, singular or
        /// plural), and for an entity also `LABEL` (any entity with it) or `LABEL:TEXT`.
        func matchesTerm(_ wanted: String) -> Bool {
            if let label {
                if wanted.lowercased() == label.lowercased() { return true }
                if let colon = wanted.firstIndex(of: ":"), wanted[..<colon].lowercased() == label.lowercased() {
                    return TermFolding.key(String(wanted[wanted.index(after: colon)...])) == TermFolding.key(text)
                }
            }
            return TermFolding.key(wanted) == TermFolding.key(text)
        }
    }

    /// The field's values for record `i` (several for entities and keyphrases, none when absent).
    func values(of i: Int, in r: ResultSet) -> [Value] {
        switch part {
        case .text: return [Value(text: r.records[i].text, number: nil)]
        case .id: return [Value(text: r.records[i].id, number: nil)]
        case .column(let name):
            guard let v = r.records[i].columns[name] else { return [] }
            if case .null = v { return [] }
            return [Value(text: v.text, number: v.number)]
        case .main(let t), .label(let t):
            guard let v = r.value(t, i) else { return [] }
            switch v {
            case .classification(let c): return [Value(text: c.label, number: nil)]
            case .topic(let topic):
                if case .label = part { return [Value(text: topic.label, number: nil)] }
                return [Value(text: String(topic.id), number: Double(topic.id)), Value(text: topic.label, number: nil)]
            case .spans(let spans):
                if case .label = part { return spans.map { Value(text: $0.label, number: nil) } }
                return spans.map { Value(text: $0.text, number: nil, isTerm: true, label: $0.label) }
            case .keyphrases(let k): return k.map { Value(text: $0.text, number: nil, isTerm: true) }
            case .json(let j):
                if let d = j.doubleValue { return [Value(text: j.jsonString, number: d)] }
                return [Value(text: j.stringValue ?? j.jsonString, number: nil)]
            case .embedding: return []
            @unknown default: return []
            }
        case .score(let t):
            switch r.value(t, i) {
            case .classification(let c)?: return [Value(text: String(c.score), number: c.score)]
            case .topic(let topic)?: return [Value(text: String(topic.score), number: topic.score)]
            default: return []
            }
        case .named(let t, let name):
            if case .classification(let c)? = r.value(t, i), let s = c[name] { return [Value(text: String(s), number: s)] }
            if case .topic(let topic)? = r.value(t, i), name == "id" { return [Value(text: String(topic.id), number: Double(topic.id))] }
            return []
        }
    }

    /// The names a user can type for `tools` and `columns`: `text`, `id`, `score`, `label`,
    /// each task and tool id, `TASK.label` / `TASK.score`, then each column (as `col.NAME`
    /// where an analysis field has its name).
    static func names(tools: [ToolFacts], columns: [String] = [], scoreNames: [String: [String]] = [:]) -> [String] {
        var names = ["text", "id"]
        if !tools.isEmpty { names += ["score", "label"] }
        for t in tools {
            for base in [t.task, t.id] where !names.contains(base) {
                names += [base, base + ".label", base + ".score"]
                names += (scoreNames[t.id] ?? []).map { base + "." + $0 }
            }
        }
        let taken = Set(names.map { $0.lowercased() })
        for c in columns {
            let shadowed = taken.contains(c.lowercased()) || (try? resolve(c, tools: tools)) != nil
            names.append(shadowed || c.contains(where: \.isWhitespace) ? columnPrefix + c : c)
        }
        return names
    }

    /// Other spellings of tasks: singular and plural.
    static let taskAliases = [
        "entity": "entities", "keyphrase": "keyphrases", "topics": "topic", "emotions": "emotion",
        "sentiments": "sentiment",
    ]

    /// What names a column explicitly, whatever the analyses are called: `col.sentiment`.
    static let columnPrefix = "col."

    /// The column a user named (`product` or `col.product`) among `columns`.
    ///
    /// - Throws: `TaskFlowFailure` listing the columns when there is no such column.
    static func namedColumn(_ name: String, in columns: [String]) throws -> String {
        let bare = name.lowercased().hasPrefix(columnPrefix) ? String(name.dropFirst(columnPrefix.count)) : name
        guard let c = column(bare, in: columns) else {
            throw TaskFlowFailure(
                "unknown-column", "no column '\(ReplArguments.brief(name))' in the results",
                hint: columns.isEmpty ? "the records carry no other columns" : "columns: " + columns.prefix(20).joined(separator: ", "),
                exitCode: 2)
        }
        return c
    }

    /// The column `name` names among `columns`: exact spelling, then any case.
    static func column(_ name: String, in columns: [String]) -> String? {
        columns.first(where: { $0 == name }) ?? columns.first(where: { $0.lowercased() == name.lowercased() })
    }

    /// Resolves a typed field name against the tools of a run and the records' columns.
    ///
    /// Analyses come first: `sentiment` is the sentiment analysis even when the file has a
    /// column of that name, which is then `col.sentiment`; `col.NAME` always means the column.
    /// A name that is no analysis field is looked up among the columns.
    ///
    /// - Throws: `TaskFlowFailure` listing the fields when `name` is none of them.
    static func resolve(_ name: String, tools: [ToolFacts], columns: [String] = []) throws -> FieldReference {
        let lowered = name.lowercased()
        if lowered.hasPrefix(columnPrefix) || lowered.hasPrefix("column.") {
            let bare = String(name.drop(while: { $0 != "." }).dropFirst())
            if let c = column(bare, in: columns) { return FieldReference(part: .column(c), name: lowered) }
            throw unknownColumn(bare, columns: columns)
        }
        if let analysis = try? resolveAnalysis(name, tools: tools) { return analysis }
        if let c = column(name, in: columns) { return FieldReference(part: .column(c), name: lowered) }
        return try resolveAnalysis(name, tools: tools, columns: columns)
    }

    private static func unknownColumn(_ name: String, columns: [String]) -> TaskFlowFailure {
        var hint = columns.isEmpty
            ? "the records carry no other columns (load the file without --columns none, then run)"
            : "columns: " + columns.prefix(20).joined(separator: ", ")
        if let guess = Suggestions.closest(to: name.lowercased(), among: columns.map { $0.lowercased() }) {
            hint = "did you mean '\(guess)'? " + hint
        }
        return TaskFlowFailure("unknown-field", "no column '\(ReplArguments.brief(name))'", hint: hint, exitCode: 2)
    }

    private static func resolveAnalysis(_ name: String, tools: [ToolFacts], columns: [String] = []) throws -> FieldReference {
        let lowered = name.lowercased()
        switch lowered {
        case "text": return FieldReference(part: .text, name: lowered)
        case "id": return FieldReference(part: .id, name: lowered)
        case "score", "label":
            if !tools.isEmpty {
                return FieldReference(part: lowered == "score" ? .score(tool: 0) : .label(tool: 0), name: lowered)
            }
        default:
            // The longest tool id or task that `name` starts with, then an optional `.part`.
            var best: (tool: Int, length: Int)?
            for (i, t) in tools.enumerated() {
                for base in [t.id.lowercased(), t.task.lowercased()]
                where lowered == base || lowered.hasPrefix(base + ".") {
                    if best == nil || base.count > best!.length { best = (i, base.count) }
                }
            }
            if let best {
                let rest = String(lowered.dropFirst(best.length))
                switch rest {
                case "": return FieldReference(part: .main(tool: best.tool), name: lowered)
                case ".label", ".text": return FieldReference(part: .label(tool: best.tool), name: lowered)
                case ".score": return FieldReference(part: .score(tool: best.tool), name: lowered)
                default: return FieldReference(part: .named(tool: best.tool, name: String(rest.dropFirst())), name: lowered)
                }
            }
            // The singular of a plural task (`entity`, `keyphrase`) names it too.
            let head = lowered.prefix { $0 != "." }
            if let alias = taskAliases[String(head)], tools.contains(where: { $0.task.lowercased() == alias }) {
                return try resolveAnalysis(alias + lowered.dropFirst(head.count), tools: tools, columns: columns)
            }
        }
        let known = names(tools: tools, columns: columns)
        var hint = "fields: " + known.prefix(24).joined(separator: ", ")
        if tools.isEmpty { hint += " (enable a tool for its fields)" }
        if let guess = Suggestions.closest(to: lowered, among: known) { hint = "did you mean '\(guess)'? " + hint }
        throw TaskFlowFailure("unknown-field", "unknown field '\(ReplArguments.brief(name))'", hint: hint, exitCode: 2)
    }
}
