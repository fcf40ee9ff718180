/// Something that reads a finished run and writes part of its report, with or without a
/// language model.
///
/// Agents run after the last batch and after the corpus analyzers, in the order the pipeline
/// names them. Each sees the run summary, every record with its values and the sections written
/// before it, so a later agent can review an earlier one's draft (a critic after a writer).
/// ```swift
/// struct HeadlineAgent: Agent {
///     static let descriptor = AgentDescriptor(
///         id: "headline", version: "1", summary: "One line on the run", languageModel: .none)
///     init(options: AnalyzerOptions, context: AgentContext) throws {}
///     func run(_ input: AgentInput, context: AgentContext) async throws -> AgentOutput {
///         let n = input.summary["recordsDone"]?.intValue ?? 0
///         return AgentOutput(sections: [ReportSection(title: "Headline", body: "\(n) records.")])
///     }
/// }
/// // in the plugin's registration: try registrar.register(agent: HeadlineAgent.self)
/// ```
/// An agent's thrown error fails that agent only: the report is written without its sections
/// and says why.
public protocol Agent: Sendable {
    /// What this agent is.
    static var descriptor: AgentDescriptor { get }

    /// Makes an instance with effective options (every declared option present).
    init(options: AnalyzerOptions, context: AgentContext) throws

    /// Reads the run and returns what it adds to the report.
    func run(_ input: AgentInput, context: AgentContext) async throws -> AgentOutput
}

/// What an agent is: its id, version, options and whether it needs a language model.
public struct AgentDescriptor: Sendable, Hashable {
    /// Unique among analyzers and agents (`briefing`); a plugin's carries its namespace.
    public var id: String
    /// Bump it whenever the agent's output can change.
    public var version: String
    public var summary: String
    public var languageModel: LanguageModelNeed
    public var options: [OptionSpec]

    public init(
        id: String, version: String, summary: String, languageModel: LanguageModelNeed = .optional,
        options: [OptionSpec] = []
    ) {
        self.id = id
        self.version = version
        self.summary = summary
        self.languageModel = languageModel
        self.options = options
    }
}

/// Whether an agent needs a language model to do its work.
public enum LanguageModelNeed: String, Sendable, Hashable {
    /// It never calls one.
    case none
    /// It does more with one (`--llm`), and still writes something without.
    case optional
    /// It is skipped, with a note in the report, when no language model is configured.
    case required
}

/// What an agent may use while it runs.
public struct AgentContext: Sendable {
    /// The device, threads and home folder of the run.
    public var analyzer: AnalyzerContext
    /// The run's language model (`--llm`), or nil when none is configured.
    public var languageModel: (any LanguageModel)?

    public init(analyzer: AnalyzerContext, languageModel: (any LanguageModel)? = nil) {
        self.analyzer = analyzer
        self.languageModel = languageModel
    }
}

/// What an agent reads.
public struct AgentInput: Sendable {
    /// The run summary, as in a `--report PATH.json` report: `recordsDone`, `distributions`
    /// (label counts per task), `examples`, `timings`, `failures`, `corpus` (corpus analyzers'
    /// findings) and the rest.
    public var summary: JSONValue
    /// Every record with the values the run's analyzers produced, in input order.
    public var corpus: Corpus
    /// The sections written before this agent: corpus analyzers' and earlier agents'.
    public var sections: [ReportSection]

    public init(summary: JSONValue, corpus: Corpus, sections: [ReportSection] = []) {
        self.summary = summary
        self.corpus = corpus
        self.sections = sections
    }
}

/// What an agent adds to a run.
public struct AgentOutput: Sendable, Hashable {
    /// Report sections, in order.
    public var sections: [ReportSection]
    /// Machine-readable findings, stored with the run and in JSON reports.
    public var findings: JSONValue
    /// Short remarks for the report's notes (for example why a narrative was left out).
    public var notes: [String]

    public init(sections: [ReportSection] = [], findings: JSONValue = .null, notes: [String] = []) {
        self.sections = sections
        self.findings = findings
        self.notes = notes
    }
}

/// One section of a report: a title and a Markdown body.
public struct ReportSection: Sendable, Hashable, Codable {
    /// The heading, without `#` marks.
    public var title: String
    /// Markdown: paragraphs, lists, tables. Put data in it through `Markdown.text` and `Markdown.code`.
    public var body: String
    /// Who wrote it (an agent or corpus analyzer id); the host fills it in.
    public var source: String

    public init(title: String, body: String, source: String = "") {
        self.title = title
        self.body = body
        self.source = source
    }
}
