import Foundation
import TaskFlowPluginAPI

/// How a run ended.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running, completed, cancelled, failed
    /// Its process ended without finishing it (killed, or the machine went down): a store
    /// finds this out by itself, from the process it recorded. Finished batches are kept.
    case interrupted
}

/// Everything a report says about a run: its facts, timings and what the analyzers found.
public struct RunSummary: Sendable, Codable {
    public var runID: Int64?
    public var databasePath: String?
    public var dataset: DatasetFacts
    public var status: RunStatus
    public var device: String
    public var threads: Int
    public var batchSize: Int
    public var tools: [ToolFacts]
    public var recordsDone: Int
    public var batchesDone: Int
    public var startedAt: Date
    public var wallSeconds: Double
    /// Seconds spent reading input and writing the store (not analysing).
    public var readSeconds: Double
    public var storeSeconds: Double
    public var timings: [AnalyzerTiming]
    public var distributions: [LabelDistribution]
    public var examples: [ExtremeExamples]
    public var error: String?
    public var cacheMode: CacheMode = .off
    /// Per analyzer, how the cache served it (empty when the cache was off).
    public var cache: [CacheUsage] = []
    /// Batches an analyzer failed on (their values are missing; the run went on).
    public var failures: [AnalyzerFailure] = []
    /// What the corpus analyzers found.
    public var corpus: [CorpusFindings] = []
    /// The topics of the run, when a topic analyzer ran (its corpus finding, read as a table;
    /// in the JSON report as `topics`).
    public var topics: TopicTable?
    /// What the agents wrote, in the order they ran.
    public var agents: [AgentFindings] = []
    /// Per shared feature (an embedding several analyzers consume): what computing it cost.
    public var features: [FeatureUsage] = []
    /// Per `--by` column, the records split by its values.
    public var breakdowns: [ColumnBreakdown] = []
    /// The records over time, when a time column was named or detected.
    public var trend: TimeTrend?
    /// Rating × sentiment, when a rating column was named or detected and sentiment ran.
    public var rating: RatingAgreement?
    /// The most frequent keyphrases and entities, per analyzer that returns them.
    public var terms: [TermFindings] = []
    /// One classification's labels against another's (sentiment by emotion).
    public var crossTabs: [LabelCrossTab] = []
    /// Per classification analyzer, how its scores spread (empty in summaries stored before
    /// histograms were kept).
    public var histograms: [ScoreHistogram] = []

    public init(
        runID: Int64? = nil, databasePath: String? = nil, dataset: DatasetFacts, status: RunStatus,
        device: String, threads: Int, batchSize: Int, tools: [ToolFacts], recordsDone: Int = 0,
        batchesDone: Int = 0, startedAt: Date = Date(), wallSeconds: Double = 0, readSeconds: Double = 0,
        storeSeconds: Double = 0, timings: [AnalyzerTiming] = [], distributions: [LabelDistribution] = [],
        examples: [ExtremeExamples] = [], error: String? = nil
    ) {
        self.runID = runID
        self.databasePath = databasePath
        self.dataset = dataset
        self.status = status
        self.device = device
        self.threads = threads
        self.batchSize = batchSize
        self.tools = tools
        self.recordsDone = recordsDone
        self.batchesDone = batchesDone
        self.startedAt = startedAt
        self.wallSeconds = wallSeconds
        self.readSeconds = readSeconds
        self.storeSeconds = storeSeconds
        self.timings = timings
        self.distributions = distributions
        self.examples = examples
        self.error = error
    }
}

extension RunSummary {
    /// Decodes a summary, also one stored before the later fields (cache figures, failures,
    /// corpus and agent findings, features, column views) existed: those default to empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            runID: try c.decodeIfPresent(Int64.self, forKey: .runID),
            databasePath: try c.decodeIfPresent(String.self, forKey: .databasePath),
            dataset: try c.decode(DatasetFacts.self, forKey: .dataset),
            status: try c.decode(RunStatus.self, forKey: .status),
            device: try c.decode(String.self, forKey: .device),
            threads: try c.decode(Int.self, forKey: .threads),
            batchSize: try c.decode(Int.self, forKey: .batchSize),
            tools: try c.decode([ToolFacts].self, forKey: .tools),
            recordsDone: try c.decode(Int.self, forKey: .recordsDone),
            batchesDone: try c.decode(Int.self, forKey: .batchesDone),
            startedAt: try c.decode(Date.self, forKey: .startedAt),
            wallSeconds: try c.decode(Double.self, forKey: .wallSeconds),
            readSeconds: try c.decode(Double.self, forKey: .readSeconds),
            storeSeconds: try c.decode(Double.self, forKey: .storeSeconds),
            timings: try c.decode([AnalyzerTiming].self, forKey: .timings),
            distributions: try c.decode([LabelDistribution].self, forKey: .distributions),
            examples: try c.decode([ExtremeExamples].self, forKey: .examples),
            error: try c.decodeIfPresent(String.self, forKey: .error))
        cacheMode = try c.decodeIfPresent(CacheMode.self, forKey: .cacheMode) ?? .off
        cache = try c.decodeIfPresent([CacheUsage].self, forKey: .cache) ?? []
        failures = try c.decodeIfPresent([AnalyzerFailure].self, forKey: .failures) ?? []
        corpus = try c.decodeIfPresent([CorpusFindings].self, forKey: .corpus) ?? []
        agents = try c.decodeIfPresent([AgentFindings].self, forKey: .agents) ?? []
        features = try c.decodeIfPresent([FeatureUsage].self, forKey: .features) ?? []
        breakdowns = try c.decodeIfPresent([ColumnBreakdown].self, forKey: .breakdowns) ?? []
        trend = try c.decodeIfPresent(TimeTrend.self, forKey: .trend)
        rating = try c.decodeIfPresent(RatingAgreement.self, forKey: .rating)
        terms = try c.decodeIfPresent([TermFindings].self, forKey: .terms) ?? []
        crossTabs = try c.decodeIfPresent([LabelCrossTab].self, forKey: .crossTabs) ?? []
        histograms = try c.decodeIfPresent([ScoreHistogram].self, forKey: .histograms) ?? []
        // Summaries stored before the field existed hold the table in the corpus findings.
        topics = try c.decodeIfPresent(TopicTable.self, forKey: .topics) ?? corpus.lazy.compactMap { TopicTable(findings: $0) }.first
    }
}

/// The input of a run.
public struct DatasetFacts: Sendable, Codable, Hashable {
    public var path: String
    public var format: String
    public var textColumn: String
    public var idColumn: String?
    public var bytes: Int
    public var read: ReadReport
    /// SHA-256 (hex) of the file's bytes as the run began: what identifies the dataset in a
    /// store (with the path, format and columns). Nil when the input could not be read twice
    /// (a pipe) or the run was not recorded; a store never takes such input for one it has.
    public var contentHash: String?
    /// Which other columns were kept with each record (`ColumnSelection.text`): part of what
    /// identifies a stored dataset, since its records carry them.
    public var columns: String = "all"

    public init(
        path: String, format: String, textColumn: String, idColumn: String?, bytes: Int, read: ReadReport,
        contentHash: String? = nil, columns: String = "all"
    ) {
        self.columns = columns
        self.path = path
        self.format = format
        self.textColumn = textColumn
        self.idColumn = idColumn
        self.bytes = bytes
        self.read = read
        self.contentHash = contentHash
    }

    private enum CodingKeys: String, CodingKey {
        case path, format, textColumn, idColumn, bytes, read, contentHash, columns
    }

    /// Decodes facts stored before columns were kept, too (they read as `all`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .path)
        format = try c.decode(String.self, forKey: .format)
        textColumn = try c.decode(String.self, forKey: .textColumn)
        idColumn = try c.decodeIfPresent(String.self, forKey: .idColumn)
        bytes = try c.decode(Int.self, forKey: .bytes)
        read = try c.decode(ReadReport.self, forKey: .read)
        contentHash = try c.decodeIfPresent(String.self, forKey: .contentHash)
        columns = try c.decodeIfPresent(String.self, forKey: .columns) ?? "all"
    }
}

/// One analyzer of a run, as configured.
public struct ToolFacts: Sendable, Codable, Hashable {
    public var id: String
    public var task: String
    public var version: String
    public var backend: String
    /// Canonical JSON of the effective options.
    public var options: String

    public init(id: String, task: String, version: String, backend: String, options: String) {
        self.id = id
        self.task = task
        self.version = version
        self.backend = backend
        self.options = options
    }
}

/// How long one analyzer took: in total and per batch.
public struct AnalyzerTiming: Sendable, Codable, Hashable {
    public var id: String
    public var records: Int
    public var batches: Int
    public var totalSeconds: Double
    /// Batch latency percentiles, in milliseconds.
    public var p50: Double
    public var p95: Double
    public var p99: Double

    public var recordsPerSecond: Double { totalSeconds > 0 ? Double(records) / totalSeconds : 0 }

    public init(id: String, records: Int, batches: Int, totalSeconds: Double, p50: Double, p95: Double, p99: Double) {
        self.id = id
        self.records = records
        self.batches = batches
        self.totalSeconds = totalSeconds
        self.p50 = p50
        self.p95 = p95
        self.p99 = p99
    }

    /// A timing from per-batch durations (seconds) and the records analysed.
    public init(id: String, records: Int, batchSeconds: [Double]) {
        let sorted = batchSeconds.sorted()
        func pct(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            // nearest-rank percentile
            let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
            return sorted[min(sorted.count - 1, max(0, rank - 1))] * 1000
        }
        self.init(
            id: id, records: records, batches: sorted.count, totalSeconds: sorted.reduce(0, +),
            p50: pct(50), p95: pct(95), p99: pct(99))
    }
}

/// How many records got each label from one classification analyzer.
public struct LabelDistribution: Sendable, Codable, Hashable {
    public var task: String
    public var analyzer: String
    /// Label counts, most frequent first.
    public var counts: [LabelCount]
    public var meanScore: Double

    public var total: Int { counts.reduce(0) { $0 + $1.count } }

    public init(task: String, analyzer: String, counts: [LabelCount], meanScore: Double) {
        self.task = task
        self.analyzer = analyzer
        self.counts = counts
        self.meanScore = meanScore
    }
}

public struct LabelCount: Sendable, Codable, Hashable {
    public var label: String
    public var count: Int
    public init(label: String, count: Int) {
        self.label = label
        self.count = count
    }
}

/// The records with the highest and lowest scores for one classification task.
public struct ExtremeExamples: Sendable, Codable, Hashable {
    public var task: String
    public var highest: [Example]
    public var lowest: [Example]

    public init(task: String, highest: [Example], lowest: [Example]) {
        self.task = task
        self.highest = highest
        self.lowest = lowest
    }
}

/// One record quoted in a report.
public struct Example: Sendable, Codable, Hashable {
    public var id: String
    public var text: String
    public var label: String
    public var score: Double

    public init(id: String, text: String, label: String, score: Double) {
        self.id = id
        self.text = text
        self.label = label
        self.score = score
    }
}

/// How the content cache served one analyzer during a run.
public struct CacheUsage: Sendable, Codable, Hashable {
    public var analyzer: String
    public var hits: Int
    public var misses: Int
    /// Seconds spent computing keys and talking to the cache.
    public var cacheSeconds: Double
    /// Analysis seconds the hits saved, estimated from the analyzer's measured speed.
    public var savedSeconds: Double

    public var hitRate: Double { hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses) }

    public init(analyzer: String, hits: Int, misses: Int, cacheSeconds: Double, savedSeconds: Double) {
        self.analyzer = analyzer
        self.hits = hits
        self.misses = misses
        self.cacheSeconds = cacheSeconds
        self.savedSeconds = savedSeconds
    }
}

/// What one shared feature cost during a run: the records its extractor computed, the seconds
/// that took, and the records the cache served instead.
public struct FeatureUsage: Sendable, Codable, Hashable {
    /// `embedding(all-MiniLM-L6-v2)`: the kind and the model.
    public var feature: String
    /// The analyzers that consumed it, in pipeline order.
    public var analyzers: [String]
    /// Records the extractor computed (the rest came from the cache).
    public var records: Int
    /// Seconds inside the extractor.
    public var seconds: Double
    /// Records whose feature came from the cache.
    public var cacheHits: Int
    /// Seconds spent computing keys and talking to the cache.
    public var cacheSeconds: Double
    /// Records (of those computed) whose text was longer than the model's window and was cut
    /// to it for every analyzer that consumed the feature.
    public var truncated: Int

    public init(
        feature: String, analyzers: [String], records: Int, seconds: Double, cacheHits: Int, cacheSeconds: Double,
        truncated: Int = 0
    ) {
        self.feature = feature
        self.analyzers = analyzers
        self.records = records
        self.seconds = seconds
        self.cacheHits = cacheHits
        self.cacheSeconds = cacheSeconds
        self.truncated = truncated
    }
}

extension FeatureUsage {
    /// Decodes a feature's figures, also from a summary stored before truncation was counted
    /// (0 truncated).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            feature: try c.decode(String.self, forKey: .feature), analyzers: try c.decode([String].self, forKey: .analyzers),
            records: try c.decode(Int.self, forKey: .records), seconds: try c.decode(Double.self, forKey: .seconds),
            cacheHits: try c.decode(Int.self, forKey: .cacheHits), cacheSeconds: try c.decode(Double.self, forKey: .cacheSeconds),
            truncated: try c.decodeIfPresent(Int.self, forKey: .truncated) ?? 0)
    }
}

/// Whether a run reads and writes the content cache.
public enum CacheMode: String, Sendable, Codable, CaseIterable {
    /// Reuse cached outputs and store new ones.
    case on
    /// Neither read nor write the cache.
    case off
    /// Recompute everything and overwrite the cached outputs.
    case refresh
}

/// An analyzer's error on one batch.
public struct AnalyzerFailure: Sendable, Codable, Hashable {
    public var analyzer: String
    public var batch: Int
    public var records: Int
    public var message: String

    public init(analyzer: String, batch: Int, records: Int, message: String) {
        self.analyzer = analyzer
        self.batch = batch
        self.records = records
        self.message = message
    }
}

/// A corpus analyzer's result, as kept in a run summary.
public struct CorpusFindings: Sendable, Codable, Hashable {
    public var analyzer: String
    /// Its machine-readable findings, as compact JSON.
    public var summary: String
    /// Its Markdown report section.
    public var reportSection: String
    public var seconds: Double

    public init(analyzer: String, summary: String, reportSection: String, seconds: Double) {
        self.analyzer = analyzer
        self.summary = summary
        self.reportSection = reportSection
        self.seconds = seconds
    }
}

/// An agent's contribution to a run, as kept in a run summary.
public struct AgentFindings: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable, Hashable {
        /// It ran and returned its sections.
        case done
        /// It needs a language model and none was configured.
        case skipped
        /// It failed (its notes say why); the report is written without its sections.
        case failed
    }

    public var agent: String
    public var version: String
    public var status: Status
    /// Its machine-readable findings, as compact JSON.
    public var findings: String
    public var sections: [ReportSection]
    public var notes: [String]
    /// The language model it could call (`mock/echo`), or nil when none was configured.
    public var model: String?
    public var llmCalls: Int
    public var inputTokens: Int
    public var outputTokens: Int
    public var seconds: Double
    /// Dollars its calls cost, when the price table knows the model (nil in older runs).
    public var cost: Double?
    /// Calls answered from the exact or semantic cache.
    public var cacheHits: Int?
    /// Tries after the first, over all its calls.
    public var retries: Int?

    public init(
        agent: String, version: String, status: Status, findings: String = "null", sections: [ReportSection] = [],
        notes: [String] = [], model: String? = nil, llmCalls: Int = 0, inputTokens: Int = 0, outputTokens: Int = 0,
        seconds: Double = 0, cost: Double? = nil, cacheHits: Int? = nil, retries: Int? = nil
    ) {
        self.cost = cost
        self.cacheHits = cacheHits
        self.retries = retries
        self.agent = agent
        self.version = version
        self.status = status
        self.findings = findings
        self.sections = sections
        self.notes = notes
        self.model = model
        self.llmCalls = llmCalls
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.seconds = seconds
    }
}
