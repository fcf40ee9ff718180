import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowStorage

import TaskFlowEngine

/// About a microsecond a record: counts words.
struct MeasuredCheapAnalyzer: Analyzer {
    static let descriptor = AnalyzerDescriptor(id: "measure.cheap", task: "words", version: "1", summary: "counts words", backend: "none")
    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
    func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        batch.map { r in
            let n = r.text.utf8.reduce(0) { $0 + ($1 == 32 ? 1 : 0) }
            return .classification(Classification(label: n % 2 == 0 ? "even" : "odd", score: Double(n), scores: []))
        }
    }
}

/// Tens of microseconds a record of pure arithmetic, like a small model would spend.
struct MeasuredSlowAnalyzer: Analyzer {
    static let descriptor = AnalyzerDescriptor(id: "measure.slow", task: "slow", version: "1", summary: "hashes", backend: "none")
    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
    func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        batch.map { r in
            var h: UInt64 = 1_469_598_103_934_665_603
            for _ in 0..<20 {
                for b in r.text.utf8 { h = (h ^ UInt64(b)) &* 1_099_511_628_211 }
            }
            return .classification(Classification(label: h % 2 == 0 ? "even" : "odd", score: Double(h % 1000) / 1000, scores: []))
        }
    }
}

/// Waits 15 ms a batch without using the CPU, as an analyzer waiting on an accelerator or a
/// remote model does.
struct MeasuredDeviceAnalyzer: Analyzer {
    static let descriptor = AnalyzerDescriptor(id: "measure.device", task: "device", version: "1", summary: "waits", backend: "none")
    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
    func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        try await Task.sleep(for: .milliseconds(15))
        return batch.map { _ in .classification(Classification(label: "x", score: 0, scores: [])) }
    }
}

/// Wall time of whole runs (read, analyse, store in SQLite) over `$TF_MEASURE_INPUT`; prints
/// the median of five. Opt-in: `TF_MEASURE_INPUT=FILE swift test --filter EngineOverlapMeasurements`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["TF_MEASURE_INPUT"] != nil))
struct EngineOverlapMeasurements {
    func median(_ tool: any Analyzer.Type) async throws -> (wall: Double, read: Double, analyse: Double, store: Double) {
        let input = ProcessInfo.processInfo.environment["TF_MEASURE_INPUT"]!
        var runs: [(Double, Double, Double, Double)] = []
        for _ in 0..<5 {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-measure-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let store = try SQLiteStore(path: dir.appendingPathComponent("m.sqlite").path)
            let engine = Engine(home: TaskFlowHome(path: dir.path), store: store)
            let spec = PipelineSpec(
                source: DatasetSource(path: input, format: .txt), tools: [try ToolSelection(analyzer: tool)],
                device: .cpu(threads: 1), batchSize: 256)
            let clock = ContinuousClock()
            let t0 = clock.now
            let s = try await engine.run(spec)
            let wall = clock.now - t0
            let w = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
            runs.append((w, s.readSeconds, s.timings.first?.totalSeconds ?? 0, s.storeSeconds))
        }
        runs.sort { $0.0 < $1.0 }
        return runs[2]
    }

    @Test func cheapAndSlowAnalyzers() async throws {
        let tools: [(String, any Analyzer.Type)] = [
            ("cheap", MeasuredCheapAnalyzer.self), ("slow", MeasuredSlowAnalyzer.self), ("device", MeasuredDeviceAnalyzer.self),
        ]
        for (name, tool) in tools {
            let m = try await median(tool)
            print(String(format: "measure.%@: wall %.3f s (read %.3f, analyse %.3f, store %.3f)", name, m.wall, m.read, m.analyse, m.store))
        }
    }
}
