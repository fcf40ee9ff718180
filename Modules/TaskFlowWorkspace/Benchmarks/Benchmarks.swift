import Foundation
import TaskFlowAnalyzers
import TaskFlowCache
import TaskFlowCore
import TaskFlowEngine
import TaskFlowPluginAPI
import TaskFlowStorage

/// `tf bench WHAT`: measured figures, one per line as `name: value unit`.
///
/// tf bench sentiment [--input FILE] [--threads N]
///   The VADER analyzer alone, the engine end to end (store included) and a whole
///   `tf analyze` process.
/// tf bench cache [--input FILE] [--tools a,b]
///   Cold, warm, +10% rows and --no-cache runs of whole `tf analyze` processes, and the
///   latency of one 256-key fetch from the disk cache.
/// tf bench plugins
///   Start-up of `tf tools` with and without the example plugin bundles.
/// tf bench features [--input FILE] [--threads N]
///   A cold run with one consumer of the all-MiniLM-L6-v2 embedding against one with two.
/// tf bench columns [--input FILE]
///   Reading a 100,000-row, 6-column CSV (and JSONL) with every column kept against none.
/// tf bench embed [--input FILE] [--threads N]
///   all-MiniLM-L6-v2 sentence embeddings: texts/s, GFLOP/s against a BLAS peak measured in the
///   same run, padding, peak memory.
/// tf bench entity [--input FILE] [--threads N]
///   Each entity analyzer alone (`entity.rules`): records/s.
/// tf bench keyphrase [--input FILE] [--threads N]
///   keyphrase.yake alone, and keyphrase.embed against the all-MiniLM-L6-v2 embedding of the
///   same texts in one cold pipeline run.
/// tf bench topic [--n N] [--threads N]
///   topic.cluster alone on N records (100,000) whose embeddings exist: seconds, peak memory.
/// tf bench llm [--n N]
///   64 concurrent language-model callers (N calls each) against a local server limited to
///   20 requests/s: the share of calls that saw a 429 and the throughput against the limit.
/// tf bench pipeline [--input FILE] [--n N] [--tools …] [--threads N]
///   The five analyses as whole `tf analyze` processes, cold and warm, against `tf embed` of
///   the same records: records/s, per-analyzer and per-feature seconds, peak memory.
public struct Benchmarks: Sendable {
    /// The benchmarks there are.
    public static let names = [
        "sentiment", "cache", "plugins", "embed", "features", "columns", "entity", "keyphrase", "topic", "pipeline", "llm",
    ]

    /// Input dataset (.csv/.tsv/.jsonl/.txt, or a VADER *_GroundTruth.txt file); nil: the default.
    public var input: String?
    /// Threads for the analyzer and the engine.
    public var threads: Int
    /// Tools for the cache benchmark (default: every built-in analyzer).
    public var tools: String?
    /// Minimum seconds to spend on each measurement.
    public var seconds: Double
    /// Where each figure line goes.
    public var emit: @Sendable (String) -> Void
    /// How many records to measure on (`--n`): the first N of the input, or N synthetic ones.
    public var count: Int?

    public init(
        input: String?, threads: Int, tools: String?, seconds: Double, count: Int? = nil, emit: @escaping @Sendable (String) -> Void
    ) {
        self.count = count
        self.input = input
        self.threads = threads
        self.tools = tools
        self.seconds = seconds
        self.emit = emit
    }

    /// Runs one benchmark by name.
    ///
    /// - Throws: for an unknown name (listing them) or a failed measurement.
    public func run(_ what: String) async throws {
        switch what {
        case "sentiment": try await benchSentiment()
        case "cache": try await benchCache()
        case "plugins": try benchPlugins()
        case "embed": try await benchEmbed()
        case "features": try await benchFeatures()
        case "columns": try benchColumns()
        case "entity": try await benchEntity()
        case "keyphrase": try await benchKeyphrase()
        case "topic": try await benchTopic()
        case "pipeline": try await benchPipeline()
        case "llm": try await benchLLM()
        default:
            throw TaskFlowFailure("unknown-bench", "unknown benchmark '\(what)'", hint: "available: " + Self.names.joined(separator: ", "), exitCode: 2)
        }
    }

    private func benchSentiment() async throws {
        let path = try input ?? Self.defaultInput()
        let records = try Self.load(path)
        guard !records.isEmpty else {
            throw TaskFlowFailure("empty-input", "\(path) has no records to measure", hint: "choose another --input")
        }
        emit("input: \(records.count) records (\((path as NSString).lastPathComponent))")
        let home = TaskFlowHome(path: NSTemporaryDirectory())
        let context = AnalyzerContext(device: "cpu", threads: threads, homeDirectory: home.path)
        let analyzer = try VADERSentimentAnalyzer(
            options: ToolEntry(analyzer: VADERSentimentAnalyzer.self).effectiveOptions(), context: context)

        // The analyzer alone: batches of 256, repeated for at least `seconds`, best pass.
        _ = VADERScorer.shared.scores("warm up the lexicon")
        let clock = ContinuousClock()
        var best = 0.0
        let deadline = clock.now + .milliseconds(Int(seconds * 1000))
        repeat {
            let t0 = clock.now
            var i = 0
            while i < records.count {
                let batch = Array(records[i..<min(records.count, i + 256)])
                _ = try await analyzer.analyze(batch, context: context)
                i += 256
            }
            best = max(best, Double(records.count) / (clock.now - t0).inSeconds)
        } while clock.now < deadline
        emit("sentiment.vader: \(Int(best)) records/s (threads \(threads))")

        // The engine end to end, store included, on a temporary database.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-bench-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let jsonl = dir.appendingPathComponent("input.jsonl").path
        try Self.writeJSONL(records, to: jsonl)
        let store = try SQLiteStore(path: dir.appendingPathComponent("bench.sqlite").path)
        let engine = Engine(home: home, store: store)
        let spec = PipelineSpec(
            source: DatasetSource(path: jsonl), tools: [try ToolSelection(analyzer: VADERSentimentAnalyzer.self)],
            device: .cpu(threads: threads), batchSize: 256)
        var engineBest = 0.0
        for _ in 0..<3 {
            let t0 = clock.now
            let summary = try await engine.run(spec)
            engineBest = max(engineBest, Double(summary.recordsDone) / (clock.now - t0).inSeconds)
        }
        emit("engine.sentiment: \(Int(engineBest)) records/s (read + analyse + store, threads \(threads))")

        // A whole `tf analyze` process: start, read, analyse, store, write JSONL, exit.
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var walls: [Double] = []
        for i in 0..<3 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: exe)
            p.arguments = [
                "analyze", jsonl, "--db", dir.appendingPathComponent("process-\(i).sqlite").path, "--format", "jsonl",
                "-o", "/dev/null", "--quiet", "--threads", String(threads),
            ]
            let t0 = clock.now
            try p.run()
            p.waitUntilExit()
            walls.append((clock.now - t0).inSeconds)
            guard p.terminationStatus == 0 else {
                throw TaskFlowFailure("bench-failed", "tf analyze exited with \(p.terminationStatus) during the benchmark")
            }
        }
        emit("analyze.process: \(String(format: "%.3f", walls.min() ?? 0)) s (best of 3, \(records.count) records)")
    }

    private func benchCache() async throws {
        let path = try input ?? Self.defaultInput()
        let records = try Self.load(path)
        guard !records.isEmpty else {
            throw TaskFlowFailure("empty-input", "\(path) has no records to measure", hint: "choose another --input")
        }
        let registry = ToolRegistry()
        try BuiltinAnalyzers.register(into: registry)
        let toolList = tools ?? registry.tools(.analyzer).map(\.id).joined(separator: ",")
        emit("input: \(records.count) records (\((path as NSString).lastPathComponent)); tools: \(toolList), cached even where recomputing is cheaper (TF_CACHE_CHEAP=1)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-bench-cache-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = dir.appendingPathComponent("base.jsonl").path
        try Self.writeJSONL(records, to: base)
        let extra = records.prefix(max(1, records.count / 10)).enumerated().map { i, r in
            Record(id: "new-\(i + 1)", text: r.text + " (follow-up \(i + 1))")
        }
        let grown = dir.appendingPathComponent("grown.jsonl").path
        try Self.writeJSONL(records + extra, to: grown)

        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        func analyze(_ input: String, home: String, _ extraArgs: [String] = []) throws -> Double {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: exe)
            p.arguments = ["analyze", input, "--tools", toolList, "--format", "jsonl", "-o", "/dev/null", "--quiet",
                "--threads", String(threads)] + extraArgs
            var env = ProcessInfo.processInfo.environment
            env["TF_HOME"] = home
            // Measure the cache even for analyzers that normally skip it as too cheap to cache.
            env["TF_CACHE_CHEAP"] = "1"
            p.environment = env
            let clock = ContinuousClock()
            let t0 = clock.now
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else {
                throw TaskFlowFailure("bench-failed", "tf analyze exited with \(p.terminationStatus) during the benchmark")
            }
            return (clock.now - t0).inSeconds
        }
        // Each figure is the best of three, each with a fresh home where it must start cold; the
        // installed models are shared into every home.
        let models = (TaskFlowHome.fromEnvironment().path as NSString).appendingPathComponent("models")
        for round in 0..<3 {
            for name in ["home-\(round)", "bare-\(round)"] {
                let home = dir.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
                if FileManager.default.fileExists(atPath: models) {
                    try FileManager.default.createSymbolicLink(
                        atPath: home.appendingPathComponent("models").path, withDestinationPath: models)
                }
            }
        }
        var cold = Double.infinity, warm = Double.infinity, grownRun = Double.infinity, uncached = Double.infinity
        for round in 0..<3 {
            let home = dir.appendingPathComponent("home-\(round)").path
            cold = min(cold, try analyze(base, home: home))
            warm = min(warm, try analyze(base, home: home))
            grownRun = min(grownRun, try analyze(grown, home: home))
            let bare = dir.appendingPathComponent("bare-\(round)").path
            uncached = min(uncached, try analyze(base, home: bare, ["--no-cache"]))
        }
        emit("cache.cold: \(String(format: "%.3f", cold)) s")
        emit("cache.warm: \(String(format: "%.3f", warm)) s (\(String(format: "%.1f", warm / cold * 100)) % of cold)")
        emit("cache.grown10: \(String(format: "%.3f", grownRun)) s (\(String(format: "%.1f", grownRun / cold * 100)) % of cold)")
        emit("cache.uncached: \(String(format: "%.3f", uncached)) s")
        emit("cache.overhead: \(String(format: "%+.1f", (cold / uncached - 1) * 100)) % (cold with cache vs --no-cache)")

        // One 256-key fetch from the disk tier, nothing in memory in front of it.
        let disk = try SQLiteCacheStore(path: dir.appendingPathComponent("home-0/cache.sqlite").path)
        let vader = try VADERSentimentAnalyzer(
            options: ToolEntry(analyzer: VADERSentimentAnalyzer.self).effectiveOptions(),
            context: AnalyzerContext(homeDirectory: dir.path))
        let maker = CacheKeyMaker(
            descriptor: VADERSentimentAnalyzer.descriptor,
            options: try ToolEntry(analyzer: VADERSentimentAnalyzer.self).effectiveOptions(), fingerprints: vader.fingerprints)
        let keys = records.map { maker.key(for: $0.text) }
        var samples: [Double] = []
        let clock = ContinuousClock()
        var start = 0
        while samples.count < 200 {
            let batch = Array(keys[start..<min(keys.count, start + 256)])
            let t0 = clock.now
            let found = try await disk.getMany(batch)
            samples.append((clock.now - t0).inSeconds * 1000)
            if found.count != batch.count {
                throw TaskFlowFailure("bench-failed", "expected \(batch.count) cached entries, found \(found.count)")
            }
            start = start + 256 >= keys.count ? 0 : start + 256
        }
        samples.sort()
        emit("cache.sqlite.getMany256.p50: \(String(format: "%.2f", samples[samples.count / 2])) ms")
        emit("cache.sqlite.getMany256.p95: \(String(format: "%.2f", samples[samples.count * 95 / 100])) ms")
    }

    /// The default input: the VADER tweets beside the project, else the Playground sample.
    static func defaultInput() throws -> String {
        // The repository holding the binary: the nearest folder above it with a Package.swift
        // (.build/release is a link to .build/<triple>/release, so the depth varies).
        var repo = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        while repo.path != "/", !FileManager.default.fileExists(atPath: repo.appendingPathComponent("Package.swift").path) {
            repo = repo.deletingLastPathComponent()
        }
        let candidates = [
            ProcessInfo.processInfo.environment["TF_BENCH_TWEETS"],
            repo.appendingPathComponent("../shared/data/vader-groundtruth/tweets_GroundTruth.txt").path,
            "../shared/data/vader-groundtruth/tweets_GroundTruth.txt",
            repo.appendingPathComponent("Playground/feedback.csv").path,
            "Playground/feedback.csv",
        ].compactMap { $0 }
        for c in candidates where FileManager.default.fileExists(atPath: c) {
            return (c as NSString).standardizingPath
        }
        throw TaskFlowFailure(
            "no-bench-input", "no default benchmark input found", hint: "pass --input FILE")
    }

    /// Reads every record of a dataset, or of a VADER ground-truth file (`ID<TAB>RATING<TAB>TEXT`).
    static func load(_ path: String) throws -> [Record] {
        if path.hasSuffix("_GroundTruth.txt") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TaskFlowFailure("unreadable", "cannot read \(path)", hint: "check the path")
            }
            let text = String(decoding: data, as: UTF8.self)
            return text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
                .enumerated().compactMap { i, line in
                    let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
                    guard parts.count == 3 else { return nil }
                    return Record(id: String(parts[0]), text: String(parts[2]).trimmingCharacters(in: .newlines), line: i + 1)
                }
        }
        let reader = try DatasetReaders.open(DatasetSource(path: path))
        var all: [Record] = []
        while let batch = try reader.nextBatch(maxCount: 4096) { all += batch }
        return all
    }

    static func writeJSONL(_ records: [Record], to path: String) throws {
        var out = ""
        for r in records {
            out += "{\"id\":"
            JSONWriter.writeString(r.id, into: &out)
            out += ",\"text\":"
            JSONWriter.writeString(r.text, into: &out)
            out += "}\n"
        }
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
