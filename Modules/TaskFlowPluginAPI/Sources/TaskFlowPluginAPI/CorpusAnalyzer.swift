/// Something that looks at a whole run at once, after its last batch.
///
/// Where an `Analyzer` sees one batch, a corpus analyzer sees every record and every value the
/// run's analyzers produced (clustering, near-duplicates, trends). Its result is stored with
/// the run, shown as a section of the report and may add one value per record.
public protocol CorpusAnalyzer: Sendable {
    /// What this corpus analyzer is; `task` is the key of its per-record values, if any.
    static var descriptor: AnalyzerDescriptor { get }

    init(options: AnalyzerOptions, context: AnalyzerContext) throws

    /// Analyses the whole run.
    func analyze(corpus: Corpus, context: AnalyzerContext) async throws -> CorpusResult

    /// The shared features this instance consumes for every record (an embedding per record for
    /// clustering); the engine computes them per batch, through the cache, and hands them over
    /// in `Corpus.features`. Empty by default.
    var features: [FeatureRequest] { get }
}

extension CorpusAnalyzer {
    public var features: [FeatureRequest] { [] }
}

/// A corpus analyzer that can start from what it found in an earlier stored run (topics that
/// keep their ids as a dataset grows) instead of starting afresh.
///
/// When `earlierRun` names a run, the engine reads the `summary` this analyzer stored for it and
/// calls `analyze(corpus:earlier:context:)`; when the run or its findings are missing, the
/// corpus analyzer fails with a message naming the run.
public protocol ContinuingCorpusAnalyzer: CorpusAnalyzer {
    /// The stored run to continue from, or nil to analyse afresh.
    var earlierRun: Int64? { get }

    /// Analyses the run starting from `earlier`, the summary this analyzer stored for
    /// `earlierRun`.
    func analyze(corpus: Corpus, earlier: JSONValue, context: AnalyzerContext) async throws -> CorpusResult
}

/// Every record of a run with the values its analyzers produced, in input order.
public struct Corpus: Sendable {
    public var records: [Record]
    /// Per task (`sentiment`), one value per record.
    public var values: [String: [AnalysisValue]]

    /// Per feature a corpus analyzer listed in `features`, one value per record (`.json(.null)`
    /// where computing it failed for that record's batch).
    public var features: [FeatureRequest: [AnalysisValue]] = [:]

    public init(records: [Record], values: [String: [AnalysisValue]]) {
        self.records = records
        self.values = values
    }

    public init(records: [Record], values: [String: [AnalysisValue]], features: [FeatureRequest: [AnalysisValue]]) {
        self.records = records
        self.values = values
        self.features = features
    }
}

/// What a corpus analyzer found.
public struct CorpusResult: Sendable, Hashable {
    /// Machine-readable findings, stored with the run.
    public var summary: JSONValue
    /// A Markdown section for the report (a `##` heading and its body), or empty.
    public var reportSection: String
    /// One value per record (same order as the corpus), or nil when there is none.
    public var perRecord: [AnalysisValue]?

    public init(summary: JSONValue, reportSection: String = "", perRecord: [AnalysisValue]? = nil) {
        self.summary = summary
        self.reportSection = reportSection
        self.perRecord = perRecord
    }
}
