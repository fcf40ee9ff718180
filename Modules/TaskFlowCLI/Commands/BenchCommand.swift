import ArgumentParser
import TaskFlowWorkspace

/// `tf bench WHAT`: measured figures, one per line as `name: value unit`.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput; prints one `name: value unit` line per figure.",
        discussion: """
            tf bench sentiment [--input FILE] [--threads N]
              The VADER analyzer alone, the engine end to end (store included) and a whole
              `tf analyze` process.
            tf bench cache [--input FILE] [--tools a,b]
              Cold, warm, +10% rows and --no-cache runs of whole `tf analyze` processes, and the
              latency of one 256-key fetch from the disk cache.
            tf bench plugins
              Start-up of `tf tools` with and without the three example plugin bundles.
            tf bench features [--input FILE] [--threads N]
              A cold run with one consumer of the all-MiniLM-L6-v2 embedding against one with
              two (the encoder should run once per record either way; target ≤ 1.1×).
            tf bench columns [--input FILE]
              Reading a 100,000-row, 6-column CSV (and the same as JSONL) with every column
              kept against --columns none (target ≤ 1.2×).
            tf bench embed [--input FILE] [--threads N]
              all-MiniLM-L6-v2 sentence embeddings (tf models pull it first): texts/s with the
              default batching and one text at a time, at 1 and 2 threads; GFLOP/s against a
              BLAS peak measured in the same run; padding; peak memory.
            tf bench entity [--input FILE] [--threads N]
              Each entity analyzer alone (entity.rules), one thread by default: records/s.
            tf bench keyphrase [--input FILE] [--threads N]
              keyphrase.yake alone; keyphrase.embed and the all-MiniLM-L6-v2 embedding of the
              same texts in one cold pipeline run (records/s each, and their ratio).
            tf bench topic [--n N] [--threads N]
              topic.cluster alone on N records (100,000) whose 384-float embeddings exist
              (synthetic, around 12 themes): seconds, records/s, peak memory (target ≤ 60 s).
            tf bench pipeline [--input FILE] [--n N] [--tools …] [--threads N]
              The whole pipeline (sentiment, emotion, topic, entity, keyphrase) on the first N
              records (10,000) as tf analyze processes, cold and warm, against a cold tf embed
              of the same records; per-analyzer and per-feature seconds; peak memory.
            Default input: the 4,200 VADER tweets in ../shared/data/vader-groundtruth when
            present, else Playground/feedback.csv.
            """)

    @Argument(help: "What to measure: sentiment, cache, plugins, embed, features, columns, entity, keyphrase, topic or pipeline.")
    var what: String

    @Option(help: "Input dataset (.csv/.tsv/.jsonl/.txt, or a VADER *_GroundTruth.txt file).")
    var input: String?

    @Option(help: "Threads for the analyzer and the engine.")
    var threads: Int = 1

    @Option(help: "Tools for the cache benchmark (default: every built-in analyzer).")
    var tools: String?

    @Option(help: "Minimum seconds to spend on each measurement.")
    var seconds: Double = 1.0

    @Option(name: .customLong("n"), help: "How many records (topic: synthetic ones; pipeline: the first N of the input).")
    var count: Int?

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--n must be at least 1 (records to measure)") }
    }

    func run() async throws {
        try await runReporting {
            try await Benchmarks(input: input, threads: threads, tools: tools, seconds: seconds, count: count, emit: printLine).run(what)
        }
    }
}
