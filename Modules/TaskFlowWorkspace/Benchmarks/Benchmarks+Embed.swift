import Foundation
import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI

extension Benchmarks {
    /// `tf bench embed`: sentence-embedding throughput of the model store's all-MiniLM-L6-v2.
    ///
    /// Figures: texts/s with the default batching (length-sorted, packed) and with one text per
    /// forward pass, at 1 and 2 threads (and `--threads` if more); the achieved GFLOP/s of the
    /// forward passes against a BLAS SGEMM peak measured in the same run; padding; peak memory.
    /// OpenBLAS reads `OPENBLAS_CORETYPE` when it loads, so when it is set the figures are
    /// measured in a child process without it (as a user's machine runs), then in this one.
    func benchEmbed() async throws {
        let environment = ProcessInfo.processInfo.environment
        if let coretype = environment["OPENBLAS_CORETYPE"], !coretype.isEmpty, environment["TF_BENCH_CHILD"] == nil {
            emit("note: OPENBLAS_CORETYPE=\(coretype) is set; measuring first without it (as users run), then with it")
            fflush(nil)  // our lines before the child's
            let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            let p = Process()
            p.executableURL = exe
            p.arguments = Array(CommandLine.arguments.dropFirst())
            var env = environment
            env.removeValue(forKey: "OPENBLAS_CORETYPE")
            env["TF_BENCH_CHILD"] = "1"
            p.environment = env
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else {
                throw TaskFlowFailure("bench-failed", "the benchmark without OPENBLAS_CORETYPE exited with \(p.terminationStatus)")
            }
            emit("--- with OPENBLAS_CORETYPE=\(coretype) ---")
            fflush(nil)
        }

        let path = try input ?? Self.defaultInput()
        let records = try Self.load(path)
        guard !records.isEmpty else {
            throw TaskFlowFailure("empty-input", "\(path) has no records to measure", hint: "choose another --input")
        }
        let modelName = environment["TF_BENCH_MODEL"] ?? "all-MiniLM-L6-v2"
        let resolved = try ModelStore(home: TaskFlowHome.fromEnvironment()).resolve(modelName)
        let model = try LoadedModels.model(for: resolved)
        let texts = records.map(\.text)
        let probe = try TextEncoder(model: model, device: .cpu(threads: 1))
        let encodings = probe.tokenize(texts)
        let lengths = encodings.map(\.count)
        let tokens = lengths.reduce(0, +)
        emit(
            "input: \(records.count) records (\((path as NSString).lastPathComponent)); "
                + "\(String(format: "%.1f", Double(tokens) / Double(records.count))) tokens/text (max \(lengths.max() ?? 0)), "
                + "\(encodings.filter { $0.truncatedTokens > 0 }.count) truncated to \(model.maxSequenceLength)")
        emit("model: \(modelName) (\(model.architecture), \(model.encoder.stack.layers.count) layers, hidden \(model.encoder.stack.hiddenSize))")
        emit("blas: \(BLASInfo.description); \(environment["OPENBLAS_CORETYPE"].map { "OPENBLAS_CORETYPE=\($0)" } ?? "OPENBLAS_CORETYPE unset")")

        var threadCounts = [1, 2]
        if threads > 2 { threadCounts.append(threads) }
        var peaks: [Int: Double] = [:]
        for t in threadCounts {
            peaks[t] = BLASInfo.measureSGEMM(threads: t)
            emit("blas.sgemm.peak.t\(t): \(String(format: "%.1f", peaks[t] ?? 0)) GFLOP/s (2048x384 · 384x1536)")
        }

        let clock = ContinuousClock()
        let policy = BatchingPolicy()
        // Warm up: weights paged in, BLAS threads started.
        _ = try probe.embed(encoded: Array(encodings.prefix(64)))
        for t in threadCounts {
            let encoder = try TextEncoder(model: model, device: .cpu(threads: t), batching: policy)
            var best = Double.infinity
            var report = EncodingReport()
            let deadline = clock.now + .milliseconds(Int(seconds * 1000))
            repeat {
                let t0 = clock.now
                report = try encoder.embed(texts).report  // tokenisation included, as the references measure
                best = min(best, (clock.now - t0).inSeconds)
            } while clock.now < deadline
            let gflops = report.flops / best / 1e9
            emit(
                "embed.default.t\(t): \(String(format: "%.0f", Double(records.count) / best)) texts/s "
                    + "(tokenisation included; \(report.batches) batches of ≤\(policy.maxTexts) texts/≤\(policy.maxTokens) tokens; "
                    + "\(String(format: "%.1f", gflops)) GFLOP/s = \(String(format: "%.0f", gflops / (peaks[t] ?? 1) * 100)) % of the SGEMM peak)")
        }

        // One text per forward pass: latency. The first 1,000 texts bound the time it takes.
        let sample = Array(texts.prefix(1000))
        for t in threadCounts {
            let encoder = try TextEncoder(model: model, device: .cpu(threads: t), batching: BatchingPolicy(maxTexts: 1))
            var latencies: [Double] = []
            latencies.reserveCapacity(sample.count)
            var flops = 0.0
            let t0 = clock.now
            for text in sample {
                let s0 = clock.now
                flops += try encoder.embed([text]).report.flops
                latencies.append((clock.now - s0).inSeconds * 1000)
            }
            let total = (clock.now - t0).inSeconds
            latencies.sort()
            emit(
                "embed.batch1.t\(t): \(String(format: "%.0f", Double(sample.count) / total)) texts/s "
                    + "(latency p50 \(String(format: "%.2f", latencies[latencies.count / 2])) ms, "
                    + "p95 \(String(format: "%.2f", latencies[latencies.count * 95 / 100])) ms; "
                    + "\(String(format: "%.1f", flops / total / 1e9)) GFLOP/s; first \(sample.count) texts)")
        }

        // Padding: none is computed (packed rows); what padded batches would have wasted.
        let sortedWaste = Self.paddingShare(policy.plan(lengths: lengths), lengths)
        let unsorted = stride(from: 0, to: lengths.count, by: 32).map { Array($0..<min(lengths.count, $0 + 32)) }
        emit("embed.padding.computed: 0.0 % (sequences packed end to end, each attending only to itself)")
        emit("embed.padding.if-padded.sorted: \(String(format: "%.1f", sortedWaste * 100)) % (these batches padded to their longest text)")
        emit("embed.padding.if-padded.unsorted32: \(String(format: "%.1f", Self.paddingShare(unsorted, lengths) * 100)) % (batches of 32 in input order)")

        var usage = rusage()
        #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let peakMB = usage.ru_maxrss / 1024  // kilobytes on Linux
        #else
            getrusage(RUSAGE_SELF, &usage)
            let peakMB = usage.ru_maxrss / 1024 / 1024  // bytes on macOS
        #endif
        emit("embed.memory.peak: \(peakMB) MB (maxrss)")
        emit("reference.sentence-transformers: 210 texts/s (PyTorch, 2 threads, batch 32: the floor)")
        emit("reference.onnxruntime: 440 texts/s (2 threads, batch 32: the target)")
    }

    /// Padding rows as a share of all rows if each batch were padded to its longest text.
    static func paddingShare(_ batches: [[Int]], _ lengths: [Int]) -> Double {
        var real = 0
        var padded = 0
        for b in batches {
            let longest = b.map { lengths[$0] }.max() ?? 0
            let sum = b.reduce(0) { $0 + lengths[$1] }
            real += sum
            padded += longest * b.count - sum
        }
        return real + padded == 0 ? 0 : Double(padded) / Double(real + padded)
    }
}
