import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// `tf eval WHAT`: quality figures against labelled data, one per line as `name: value`.
///
/// tf eval semantic-cache --data pairs.jsonl [--set llm.semantic-cache=0.95]
///   The semantic cache's hit rate on prompt pairs that should share an answer and its
///   false-hit rate on near-misses (a number, a negation or a name differs), with the guard
///   and by similarity alone.
/// tf eval entities --data FILE.conll [--tools entity.rules] [--set TOOL.OPTION=VALUE …]
///   Rebuilds each sentence's text from its tokens joined by single spaces, runs the entity
///   analyzer, maps its spans to the tokens they overlap and scores exact span and type
///   (conlleval's micro P/R/F1, and per type). Labels map to WNUT-17's types: PERSON/PER →
///   person, LOC → location, ORG → corporation, PRODUCT → product, WORK → creative-work,
///   GROUP → group; other labels are left out.
public struct Evaluations: Sendable {
    /// The evaluations there are.
    public static let names = ["entities", "semantic-cache"]

    /// The labelled data.
    public var data: String
    /// The tool to evaluate (default: the task's default tool).
    public var tool: String?
    /// `TOOL.OPTION=VALUE` assignments for the tool.
    public var assignments: [String]
    /// Where each figure line goes.
    public var emit: @Sendable (String) -> Void

    public init(data: String, tool: String?, assignments: [String], emit: @escaping @Sendable (String) -> Void) {
        self.data = data
        self.tool = tool
        self.assignments = assignments
        self.emit = emit
    }

    /// WNUT-17's entity types for TaskFlow's labels.
    public static let wnutTypes: [String: String] = [
        "PERSON": "person", "PER": "person", "LOC": "location", "ORG": "corporation", "PRODUCT": "product",
        "WORK": "creative-work", "GROUP": "group",
    ]

    /// Runs one evaluation by name with the workspace's tools.
    ///
    /// - Throws: for an unknown name (listing them), unreadable data or a failing tool.
    public func run(_ what: String, workspace: Workspace) async throws {
        switch what {
        case "entities": try await entities(workspace)
        case "semantic-cache": try await semanticCache(workspace)
        default:
            throw TaskFlowFailure(
                "unknown-eval", "unknown evaluation '\(what)'", hint: "available: " + Self.names.joined(separator: ", "), exitCode: 2)
        }
    }

    private func entities(_ workspace: Workspace) async throws {
        guard let bytes = FileManager.default.contents(atPath: data) else {
            throw TaskFlowFailure(
                "missing-data", "cannot read \(data)", hint: "give a CoNLL file (TOKEN<TAB>TAG lines) with --data", exitCode: 2)
        }
        let sentences = try CoNLLSentence.parse(String(decoding: bytes, as: UTF8.self), path: data)
        guard !sentences.isEmpty else {
            throw TaskFlowFailure("empty-data", "\(data) has no sentences", hint: "give a CoNLL file (TOKEN<TAB>TAG lines)", exitCode: 2)
        }
        let options = try workspace.parseAssignments(assignments)
        let selection = try workspace.resolve(tools: [tool ?? "entities"], options: options)[0]
        guard case .analyzer(let type) = selection.entry.type else {
            throw TaskFlowFailure(
                "not-an-analyzer", "\(selection.id) is not a per-record analyzer", hint: "name an entity analyzer, e.g. entity.rules", exitCode: 2)
        }
        let context = AnalyzerContext(device: "cpu", threads: 1, homeDirectory: workspace.home.path)
        let analyzer = try type.init(options: selection.options, context: context)
        guard analyzer.features.isEmpty else {
            throw TaskFlowFailure(
                "unsupported-eval", "\(selection.id) consumes shared features, which tf eval does not compute yet",
                hint: "evaluate it through tf analyze on the sentences instead")
        }
        emit("data: \(sentences.count) sentences (\((data as NSString).lastPathComponent))")
        var scorer = CoNLLEntityScorer()
        var i = 0
        while i < sentences.count {
            let part = sentences[i..<min(sentences.count, i + 256)]
            let records = part.enumerated().map { Record(id: String(i + $0.offset + 1), text: $0.element.text) }
            let values = try await analyzer.analyze(records, context: context)
            for (sentence, value) in zip(part, values) {
                var spans: [Span] = []
                if case .spans(let s) = value { spans = s }
                scorer.add(gold: sentence.tags, predicted: CoNLLEntityScorer.tags(for: sentence, spans: spans, mapping: Self.wnutTypes))
            }
            i += 256
        }
        for line in scorer.lines(prefix: selection.id + ".") { emit(line) }
    }
}
