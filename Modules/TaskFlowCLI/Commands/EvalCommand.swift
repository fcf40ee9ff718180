import ArgumentParser
import TaskFlowWorkspace

/// `tf eval WHAT --data FILE`: quality figures against labelled data, one `name: value` line each.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score an analyzer against labelled data; prints one `name: value` line per figure.",
        discussion: """
            tf eval entities --data FILE.conll [--tools entity.rules] [--set TOOL.OPTION=VALUE …]
              Each sentence's tokens joined by single spaces are the text; predicted spans map to
              the tokens they overlap; exact span and type are scored as conlleval does (micro
              precision, recall and F1 over entities, and per type). Labels map to WNUT-17's
              types: PERSON → person, LOC → location, ORG → corporation, PRODUCT → product,
              WORK → creative-work, GROUP → group; others are left out.
            tf eval semantic-cache --data FILE.jsonl [--set llm.semantic-cache=0.95]
              The semantic cache's decisions on labelled prompt pairs ({"a","b","expect":"hit"|"miss",
              "kind"}): hit rate on pairs that should share an answer, false-hit rate on near-misses,
              with the guard and by similarity alone.
            Examples:
              tf eval entities --data ../shared/data/wnut17/emerging.test.annotated
              tf eval semantic-cache --data Tests/Fixtures/semantic-cache/pairs.jsonl
            """)

    @Argument(help: "What to evaluate: entities or semantic-cache.")
    var what: String

    @Option(help: "The labelled data (entities: a CoNLL file of TOKEN<TAB>TAG lines).")
    var data: String

    @Option(name: .customLong("tools"), help: "The analyzer to score. Default: the task's default (entity.rules).")
    var tool: String?

    @Option(name: .customLong("set"), help: "An option of the tool, TOOL.OPTION=VALUE; repeatable.")
    var assignments: [String] = []

    @OptionGroup var pluginFlags: PluginFlags

    func run() async throws {
        try await runReporting {
            let workspace = try pluginFlags.openWorkspace()
            try await Evaluations(data: data, tool: tool, assignments: assignments, emit: printLine).run(what, workspace: workspace)
        }
    }
}
