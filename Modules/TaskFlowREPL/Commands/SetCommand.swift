import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowWorkspace

/// `set TOOL.OPTION VALUE`, `set cache on|off|refresh`, `set batch-size N`.
struct SetCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "set", usage: "set TOOL.OPTION VALUE | set cache on|off|refresh | set batch-size N | set llm none|mock",
        summary: "Set a tool option or a run setting (no arguments: show them)",
        details: """
            TOOL is an analyzer id or task: `set sentiment.threshold 0.3` and
            `set sentiment.vader.threshold 0.3` are the same. `options` lists every option.
            cache on reuses cached outputs, off neither reads nor writes the cache, refresh
            recomputes and overwrites. batch-size is the records per stored batch (default 256).
            llm is the language model agents may call (none, or mock for an offline try).
            """,
        category: .pipeline,
        completion: .toolOptions(extra: ["cache": ["on", "off", "refresh"], "batch-size": ["256", "1024"], "llm": ["none", "mock"]]))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard let key = args.words.first else {
            try OptionsCommand.printOptions(tool: nil, in: session)
            return .ok
        }
        let value = args.words.dropFirst().joined(separator: " ")
        switch key.lowercased() {
        case "cache":
            guard let mode = CacheMode(rawValue: value.lowercased()) else {
                throw TaskFlowFailure(
                    "bad-argument", "cache takes on, off or refresh, not '\(ReplArguments.brief(value))'", hint: "set cache off",
                    exitCode: 2)
            }
            session.state.cacheMode = mode
            session.console.note("cache: \(mode.rawValue)")
        case "batch-size", "batch":
            guard let n = Int(value), n >= 1, n <= 1_000_000 else {
                throw TaskFlowFailure("bad-number", "batch-size must be a whole number from 1 to 1000000", hint: "set batch-size 256", exitCode: 2)
            }
            session.state.batchSize = n
            session.console.note("batch size: \(n)")
        case "llm":
            let name = try session.workspace.languageModelName(value)
            session.state.llm = name
            session.console.note("llm: \(name)")
        default:
            guard !value.isEmpty else { return .printUsage }
            let (descriptor, option) = try Self.resolveOption(key, in: session)
            var overrides = session.state.options[descriptor.id] ?? [:]
            overrides[option] = value
            _ = try descriptor.effectiveOptions(overrides: overrides)
            session.state.options[descriptor.id] = overrides
            session.console.note("\(descriptor.id).\(option) = \(value)")
            if !session.state.tools.contains(descriptor.id) {
                session.console.note("note: \(descriptor.id) is not enabled; enable \(descriptor.id) to use it")
            }
        }
        return .ok
    }

    /// The tool and option a `TOOL.OPTION` name means (the tool part may be an id with dots).
    ///
    /// - Throws: `TaskFlowFailure` for a name without a dot, an unknown tool or option.
    static func resolveOption(_ name: String, in session: isolated ReplSession) throws -> (ToolEntry, String) {
        try session.workspace.optionTarget(name)
    }
}
