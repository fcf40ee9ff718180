import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

/// Entities from TaskFlow's own token head on all-MiniLM-L6-v2, trained on WNUT-17 train (dev
/// for the epoch) by `Tools/train-heads`: PERSON, LOC, ORG, PRODUCT, WORK, GROUP in noisy user
/// text; carried in the binary and installed on first use. Tags are decoded as a valid IOB2
/// sequence, and `entity.rules` adds its entities where the head found none (`rules=false`: the
/// head alone; both choices made on WNUT-17 dev). Score: the word's probability (the mean over
/// an entity's words), or the rule's confidence.
public struct MiniLMEntityAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "entity.minilm", task: "entities", version: "2",
        summary: "Named entities (PERSON, LOC, ORG, PRODUCT, WORK, GROUP) from a token head on all-MiniLM-L6-v2 trained on WNUT-17, gaps filled by entity.rules (rules=false: the head alone)",
        backend: "TaskFlow token head trained on WNUT-17, over all-MiniLM-L6-v2 token states",
        options: TokenHeadRunner.options(rules: true),
        cacheable: true)

    let runner: TokenHeadRunner

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        try ShippedHeads.ensureInstalled("entity.minilm", home: TaskFlowHome(path: context.homeDirectory))
        runner = try TokenHeadRunner(
            head: "entity.minilm", tool: Self.descriptor.id, context: context, bio: options.bool("bio") ?? true,
            rules: options.bool("rules") ?? true)
    }

    public var fingerprints: [String: String] { runner.fingerprints }

    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        try runner.entities(batch).map { .spans($0) }
    }
}

/// Entities from any token head trained with `tf train NAME --task tokens`:
/// `--tools entity.head --set entity.head.head=NAME`.
public struct HeadEntityAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "entity.head", task: "entities", version: "1",
        summary: "Entities from a token head trained with tf train --task tokens (set entity.head.head=NAME)",
        backend: "trained token head over a transformer's token states",
        options: [OptionSpec(name: "head", summary: "the head's store name (tf models list) or folder", defaultValue: .string(""))]
            + TokenHeadRunner.options(rules: false),
        cacheable: true)

    let runner: TokenHeadRunner

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        let name = options.string("head") ?? ""
        guard !name.isEmpty else {
            throw TaskFlowFailure(
                "missing-option", "entity.head.head names no head",
                hint: "train one (tf train NAME --task tokens --data FILE.conll), then --set entity.head.head=NAME")
        }
        runner = try TokenHeadRunner(
            head: name, tool: Self.descriptor.id, context: context, bio: options.bool("bio") ?? true,
            rules: options.bool("rules") ?? false)
    }

    public var fingerprints: [String: String] { runner.fingerprints }

    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        try runner.entities(batch).map { .spans($0) }
    }
}
