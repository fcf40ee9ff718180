import TaskFlowPluginAPI

/// Counts words and flags long texts: the smallest useful analyzer, to copy from.
public struct WordCountAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "words", task: "length", version: "1", summary: "Word count; long texts are labelled long",
        backend: "rules (hello plugin)",
        options: [OptionSpec(name: "long", summary: "words from which a text is long", defaultValue: .int(40))],
        cacheable: false)

    let long: Int

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        long = options.int("long") ?? 40
    }

    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        batch.map { record in
            let words = record.text.split(whereSeparator: { $0.isWhitespace }).count
            return .classification(
                Classification(label: words >= long ? "long" : "short", score: Double(words), scores: [ScoredLabel("words", Double(words))]))
        }
    }
}

/// The one exported symbol TaskFlow looks for.
@_cdecl("taskflow_plugin_entry")
public func taskflowPluginEntry(_ query: Int32, _ registrar: UnsafeMutableRawPointer?) -> Int64 {
    TaskFlowPluginEntry.answer(query, registrar, version: (0, 1, 0)) { registrar in
        try registrar.register(WordCountAnalyzer.self)
        try registrar.register(agent: LongTextsAgent.self)
    }
}
