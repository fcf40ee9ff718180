import ArgumentParser
import Foundation
import TaskFlowAnalyzers
import TaskFlowCore
import TaskFlowEngine
import TaskFlowPluginAPI
import TaskFlowStorage

/// `tf bench WHAT`: measured figures, one per line as `name: value unit`.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput; prints one `name: value unit` line per figure.",
        discussion: """
            tf bench sentiment [--input FILE] [--threads N]
              The VADER analyzer alone, the engine end to end (store included) and a whole
              `tf analyze` process. Default input: the 4,200 VADER tweets in
              ../shared/data/vader-groundtruth when present, else Playground/feedback.csv.
            """)

    @Argument(help: "What to measure: sentiment.")
    var what: String

    @Option(help: "Input dataset (.csv/.tsv/.jsonl/.txt, or a VADER *_GroundTruth.txt file).")
    var input: String?

    @Option(help: "Threads for the analyzer and the engine.")
    var threads: Int = 1

    @Option(help: "Minimum seconds to spend on each measurement.")
    var seconds: Double = 1.0

    func run() async throws {
        try await runReporting {
            switch what {
            case "sentiment": try await benchSentiment()
            default:
                throw TaskFlowFailure("unknown-bench", "unknown benchmark '\(what)'", hint: "available: sentiment", exitCode: 2)
            }
        }
    }

    private func benchSentiment() async throws {
        let path = try input ?? Self.defaultInput()
        let records = try Self.load(path)
        guard !records.isEmpty else {
            throw TaskFlowFailure("empty-input", "\(path) has no records to measure", hint: "choose another --input")
        }
        print("input: \(records.count) records (\((path as NSString).lastPathComponent))")
        let home = TaskFlowHome(path: NSTemporaryDirectory())
        let context = AnalyzerContext(device: "cpu", threads: threads, homeDirectory: home.path)
        let analyzer = try VADERSentimentAnalyzer(
            options: AnalyzerRegistry.effectiveOptions(for: VADERSentimentAnalyzer.descriptor), context: context)

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
            best = max(best, Double(records.count) / Self.seconds(clock.now - t0))
        } while clock.now < deadline
        print("sentiment.vader: \(Int(best)) records/s (threads \(threads))")

        // The engine end to end, store included, on a temporary database.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-bench-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let jsonl = dir.appendingPathComponent("input.jsonl").path
        try Self.writeJSONL(records, to: jsonl)
        let store = try SQLiteStore(path: dir.appendingPathComponent("bench.sqlite").path)
        let engine = Engine(home: home, store: store)
        let spec = PipelineSpec(
            source: DatasetSource(path: jsonl), tools: [try ToolSelection(type: VADERSentimentAnalyzer.self)],
            device: .cpu(threads: threads), batchSize: 256)
        var engineBest = 0.0
        for _ in 0..<3 {
            let t0 = clock.now
            let summary = try await engine.run(spec)
            engineBest = max(engineBest, Double(summary.recordsDone) / Self.seconds(clock.now - t0))
        }
        print("engine.sentiment: \(Int(engineBest)) records/s (read + analyse + store, threads \(threads))")

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
            walls.append(Self.seconds(clock.now - t0))
            guard p.terminationStatus == 0 else {
                throw TaskFlowFailure("bench-failed", "tf analyze exited with \(p.terminationStatus) during the benchmark")
            }
        }
        print("analyze.process: \(String(format: "%.3f", walls.min() ?? 0)) s (best of 3, \(records.count) records)")
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// The default input: the VADER tweets beside the project, else the Playground sample.
    static func defaultInput() throws -> String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        // .build/<config>/tf → the repository root is three levels up.
        let repo = exe.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
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
