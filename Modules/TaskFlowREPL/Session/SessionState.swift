import TaskFlowCore
import TaskFlowPluginAPI

/// What a session has set up: the dataset, the tools and their options, the device, the
/// filter. `save` writes the commands that rebuild exactly this.
public struct SessionState: Sendable, Equatable {
    /// Plugin bundles loaded with `plugin load`, in order (absolute paths).
    public var plugins: [String] = []
    /// The loaded dataset.
    public var dataset: DatasetSource?
    /// Enabled tool ids, in pipeline order.
    public var tools: [String]
    /// Option overrides per tool id, as typed (`threshold` → `0.3`).
    public var options: [String: [String: String]] = [:]
    /// `auto`, `cpu`, `gpu` or `gpu:N`.
    public var device: String = "auto"
    /// CPU threads; nil means every core.
    public var threads: Int?
    /// Records per batch.
    public var batchSize: Int = 256
    /// Whether runs read and write the content cache.
    public var cacheMode: CacheMode = .on
    /// The language model agents may call: `none` or `mock` (see `set llm`).
    public var llm: String = "none"
    /// The filter for show, top and count.
    public var filter: RecordFilter?

    public init(tools: [String]) {
        self.tools = tools
    }
}

/// Shell settings: how output looks and how scripts behave (not saved with the state).
public struct ShellSettings: Sendable, Equatable {
    public var echo = false
    public var bail = false
    public var timer = false
    public var mode = OutputMode.table

    public init() {}
}

/// The in-memory results of the last run (or of a stored run), for show, top, filter and count.
public struct ResultSet: Sendable {
    public var runID: Int64?
    public var status: RunStatus
    /// The run's tools, in pipeline order.
    public var tools: [ToolFacts]
    public var records: [Record]
    /// Per tool, one value per record; nil where the tool failed on the record's batch.
    public var values: [[AnalysisValue?]]
    public var summary: RunSummary?
    /// `--limit` of the run, for `save`.
    public var limit: Int?
    /// Whether this session ran it (rather than `results RUN` loading it from the store).
    public var ranHere: Bool

    /// The names of the records' other columns, in the order first met.
    public var columnNames: [String] {
        var names: [String] = []
        var seen = Set<String>()
        var last: ColumnNames?
        for r in records where last !== r.columns.names {
            last = r.columns.names
            for n in r.columns.names.names where seen.insert(n).inserted { names.append(n) }
        }
        return names
    }

    /// The value of tool `t` for record `i`.
    func value(_ t: Int, _ i: Int) -> AnalysisValue? {
        t < values.count && i < values[t].count ? values[t][i] ?? nil : nil
    }
}
