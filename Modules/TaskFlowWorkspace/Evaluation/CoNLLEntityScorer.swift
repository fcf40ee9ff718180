import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// A sentence of a CoNLL file: its tokens and their IOB2 tags.
public struct CoNLLSentence: Sendable, Hashable {
    public var tokens: [String]
    public var tags: [String]

    public init(tokens: [String], tags: [String]) {
        self.tokens = tokens
        self.tags = tags
    }

    /// The text an analyzer sees: the tokens joined by single spaces.
    public var text: String { tokens.joined(separator: " ") }

    /// Reads `TOKEN<TAB>TAG` lines; any white-space-only line ends a sentence.
    ///
    /// - Throws: naming `path` and the line when a line has no tab-separated tag.
    public static func parse(_ text: String, path: String) throws -> [CoNLLSentence] {
        var out: [CoNLLSentence] = []
        var current = CoNLLSentence(tokens: [], tags: [])
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = raw
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if !current.tokens.isEmpty { out.append(current) }
                current = CoNLLSentence(tokens: [], tags: [])
                continue
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2, !fields[0].isEmpty, let tag = fields.last, !tag.isEmpty else {
                throw TaskFlowFailure(
                    "bad-conll", "\(path), line \(lineNumber) is not TOKEN<TAB>TAG",
                    hint: "give a CoNLL file: one token and its IOB2 tag a line, a blank line between sentences")
            }
            current.tokens.append(String(fields[0]))
            current.tags.append(String(tag.trimmingWhitespace))
        }
        if !current.tokens.isEmpty { out.append(current) }
        return out
    }
}

/// Exact span-and-type scoring of entities, as the CoNLL `conlleval` script counts: micro
/// precision, recall and F1 over entity chunks, and the same per type.
public struct CoNLLEntityScorer: Sendable {
    /// A chunk: tokens `start..<end` of one sentence and its type.
    public struct Chunk: Sendable, Hashable {
        public var start: Int
        public var end: Int
        public var type: String
    }

    public struct Counts: Sendable, Hashable {
        public var truePositives = 0
        public var predicted = 0
        public var gold = 0

        public init(truePositives: Int = 0, predicted: Int = 0, gold: Int = 0) {
            self.truePositives = truePositives
            self.predicted = predicted
            self.gold = gold
        }

        public var precision: Double { predicted == 0 ? 0 : Double(truePositives) / Double(predicted) }
        public var recall: Double { gold == 0 ? 0 : Double(truePositives) / Double(gold) }
        public var f1: Double {
            let p = precision, r = recall
            return p + r == 0 ? 0 : 2 * p * r / (p + r)
        }
    }

    public private(set) var total = Counts()
    public private(set) var byType: [String: Counts] = [:]

    public init() {}

    /// The chunks of an IOB tag sequence: a chunk starts at `B-X`, or at `I-X` after a tag that is
    /// not of type X (as conlleval reads stray `I-` tags), and runs over the `I-X` that follow.
    public static func chunks(_ tags: [String]) -> [Chunk] {
        var out: [Chunk] = []
        var open: (start: Int, type: String)?
        for (i, tag) in tags.enumerated() {
            let (prefix, type) = split(tag)
            if let o = open, prefix == "I", type == o.type { continue }
            if let o = open { out.append(Chunk(start: o.start, end: i, type: o.type)) }
            open = prefix == "B" || prefix == "I" ? (i, type) : nil
        }
        if let o = open { out.append(Chunk(start: o.start, end: tags.count, type: o.type)) }
        return out
    }

    private static func split(_ tag: String) -> (String, String) {
        guard tag.count >= 2, let dash = tag.firstIndex(of: "-") else { return ("O", "") }
        return (String(tag[..<dash]), String(tag[tag.index(after: dash)...]))
    }

    /// Adds one sentence's gold and predicted tags.
    public mutating func add(gold: [String], predicted: [String]) {
        let g = Set(Self.chunks(gold)), p = Set(Self.chunks(predicted))
        for c in g { total.gold += 1; byType[c.type, default: Counts()].gold += 1 }
        for c in p {
            total.predicted += 1
            byType[c.type, default: Counts()].predicted += 1
            if g.contains(c) { total.truePositives += 1; byType[c.type, default: Counts()].truePositives += 1 }
        }
    }

    /// IOB2 tags for the tokens of `sentence` from spans over its `text` (offsets in Unicode
    /// scalars): a span covers every token it overlaps; labels `mapping` does not name are left
    /// out, and so is a span touching a token an earlier span took.
    public static func tags(for sentence: CoNLLSentence, spans: [Span], mapping: [String: String]) -> [String] {
        var starts: [Int] = [], ends: [Int] = []
        var offset = 0
        for token in sentence.tokens {
            starts.append(offset)
            offset += token.unicodeScalars.count
            ends.append(offset)
            offset += 1
        }
        var tags = [String](repeating: "O", count: sentence.tokens.count)
        for span in spans.sorted(by: { $0.start < $1.start }) {
            guard let type = mapping[span.label] else { continue }
            let covered = starts.indices.filter { starts[$0] < span.end && span.start < ends[$0] }
            guard let first = covered.first, covered.allSatisfy({ tags[$0] == "O" }) else { continue }
            for i in covered { tags[i] = (i == first ? "B-" : "I-") + type }
        }
        return tags
    }

    /// `name: value` lines: precision, recall, f1, then each type's, sorted by type, with counts.
    public func lines(prefix: String) -> [String] {
        func f(_ x: Double) -> String { String(format: "%.4f", x) }
        var out = [
            "\(prefix)precision: \(f(total.precision))", "\(prefix)recall: \(f(total.recall))", "\(prefix)f1: \(f(total.f1))",
            "\(prefix)entities: \(total.gold) gold, \(total.predicted) predicted, \(total.truePositives) correct",
        ]
        for (type, c) in byType.sorted(by: { $0.key < $1.key }) {
            out.append(
                "\(prefix)\(type).f1: \(f(c.f1)) (precision \(f(c.precision)), recall \(f(c.recall)); \(c.gold) gold, \(c.predicted) predicted, \(c.truePositives) correct)")
        }
        return out
    }
}

extension Substring {
    fileprivate var trimmingWhitespace: Substring {
        var s = self
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        return s
    }
}
