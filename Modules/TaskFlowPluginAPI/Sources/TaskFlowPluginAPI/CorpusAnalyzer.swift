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
}

/// Every record of a run with the values its analyzers produced, in input order.
public struct Corpus: Sendable {
    public var records: [Record]
    /// Per task (`sentiment`), one value per record.
    public var values: [String: [AnalysisValue]]

    public init(records: [Record], values: [String: [AnalysisValue]]) {
        self.records = records
        self.values = values
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
