import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

extension Benchmarks {
    /// The tools `tf bench pipeline` runs unless `--tools` says otherwise: all five analyses.
    static let pipelineTools = "sentiment,emotion,topic,entity,keyphrase"

    /// `tf bench pipeline [--input FILE] [--n N] [--tools …]`: the whole pipeline as `tf analyze`
    /// processes on the first N records (default 10,000): cold (a fresh home: nothing cached)
    /// and warm (the same home again: everything cached), against a cold `tf embed` of the same
    /// records. Per analyzer, feature and corpus analyzer, seconds from the cold run's summary;
    /// peak memory of the cold process.
    func benchPipeline() async throws {
        let path = try input ?? Self.defaultInput()
        let records = Array(try Self.load(path).prefix(count ?? 10_000))
        guard !records.isEmpty else {
            throw TaskFlowFailure("empty-input", "\(path) has no records to measure", hint: "choose another --input")
        }
        let toolList = tools ?? Self.pipelineTools
        emit("input: \(records.count) records (\((path as NSString).lastPathComponent)); tools: \(toolList); threads \(threads)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-bench-pipeline-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let jsonl = dir.appendingPathComponent("input.jsonl").path
        try Self.writeJSONL(records, to: jsonl)
        // Fresh homes that share the installed models (and heads), so "cold" means no cache.
        let models = (TaskFlowHome.fromEnvironment().path as NSString).appendingPathComponent("models")
        func freshHome(_ name: String) throws -> String {
            let home = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: models) {
                try FileManager.default.createSymbolicLink(atPath: home.appendingPathComponent("models").path, withDestinationPath: models)
            }
            return home.path
        }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        func tf(_ args: [String], home: String) throws -> Double {
            let p = Process()
            p.executableURL = exe
            p.arguments = args + ["--threads", String(threads)]
            var env = ProcessInfo.processInfo.environment
            env["TF_HOME"] = home
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            let clock = ContinuousClock()
            let t0 = clock.now
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else {
                throw TaskFlowFailure(
                    "bench-failed", "tf \(args.first ?? "") exited with \(p.terminationStatus) during the benchmark",
                    hint: "run the same tf analyze by hand to see why (are the models installed? tf models pull all-MiniLM-L6-v2)")
            }
            return (clock.now - t0).inSeconds
        }
        let n = Double(records.count)
        let home = try freshHome("pipeline")
        let report = dir.appendingPathComponent("cold.json").path
        let analyze = ["analyze", jsonl, "--tools", toolList, "--format", "jsonl", "-o", "/dev/null", "--quiet"]
        let cold = try tf(analyze + ["--report", report], home: home)
        let peak = Self.peakMegabytes(children: true)
        let warm = try tf(analyze, home: home)
        let embed = try tf(["embed", jsonl, "--model", "all-MiniLM-L6-v2", "--format", "jsonl", "-o", "/dev/null"], home: try freshHome("embed"))

        emit("pipeline.cold: \(Int(n / cold)) records/s (\(String(format: "%.2f", cold)) s, whole process, nothing cached)")
        emit("pipeline.warm: \(Int(n / warm)) records/s (\(String(format: "%.2f", warm)) s, everything cached)")
        emit("pipeline.warm.share: \(String(format: "%.1f", warm / cold * 100)) % of cold (target ≤ 5 %)")
        emit("embed.cold: \(Int(n / embed)) records/s (\(String(format: "%.2f", embed)) s, tf embed of the same records)")
        emit("pipeline.cold.over-embed: \(String(format: "%.2f", cold / embed)) x (everything but the shared embedding; target ≤ 1.3 x)")
        if let data = FileManager.default.contents(atPath: report), let summary = try? Self.decodeSummary(data) {
            for t in summary.timings {
                emit("pipeline.analyzer.\(t.id): \(String(format: "%.2f", t.totalSeconds)) s")
            }
            for f in summary.features {
                emit("pipeline.feature.\(f.feature): \(String(format: "%.2f", f.seconds)) s (\(f.records) computed, \(f.cacheHits) cached)")
            }
            for c in summary.corpus {
                emit("pipeline.corpus.\(c.analyzer): \(String(format: "%.2f", c.seconds)) s")
            }
            emit("pipeline.read: \(String(format: "%.2f", summary.readSeconds)) s; pipeline.store: \(String(format: "%.2f", summary.storeSeconds)) s")
        }
        emit("pipeline.memory.peak: \(peak) MB (maxrss of the cold tf analyze)")
    }

    static func decodeSummary(_ data: Data) throws -> RunSummary {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(RunSummary.self, from: data)
    }
}
