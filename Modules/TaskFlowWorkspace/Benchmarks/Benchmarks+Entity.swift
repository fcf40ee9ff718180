import Foundation
import TaskFlowAnalyzers
import TaskFlowCore
import TaskFlowPluginAPI

extension Benchmarks {
    /// The entity analyzers measured by `tf bench entity`, one line each (add a line for another).
    static let entityAnalyzers: [any Analyzer.Type] = [RulesEntityAnalyzer.self]

    /// `tf bench entity`: each entity analyzer alone on one thread (or `--threads`), batches of
    /// 256, best pass over at least `seconds`.
    func benchEntity() async throws {
        let path = try input ?? Self.defaultInput()
        let records = try Self.load(path)
        guard !records.isEmpty else {
            throw TaskFlowFailure("empty-input", "\(path) has no records to measure", hint: "choose another --input")
        }
        emit("input: \(records.count) records (\((path as NSString).lastPathComponent))")
        let context = AnalyzerContext(device: "cpu", threads: threads, homeDirectory: NSTemporaryDirectory())
        for type in Self.entityAnalyzers {
            let analyzer = try type.init(options: ToolEntry(analyzer: type).effectiveOptions(), context: context)
            let perSecond = try await Self.recordsPerSecond(analyzer, records, context: context, seconds: seconds)
            emit("\(type.descriptor.id): \(Int(perSecond)) records/s (threads \(threads))")
        }
    }

    /// Records a second of one analyzer over `records` in batches of 256: the best of repeated
    /// passes over at least `seconds` (after one warm-up pass).
    static func recordsPerSecond(
        _ analyzer: any Analyzer, _ records: [Record], context: AnalyzerContext, seconds: Double
    ) async throws -> Double {
        let batches = stride(from: 0, to: records.count, by: 256).map { Array(records[$0..<min(records.count, $0 + 256)]) }
        for b in batches { _ = try await analyzer.analyze(b, context: context) }
        let clock = ContinuousClock()
        var best = 0.0
        let deadline = clock.now + .milliseconds(Int(seconds * 1000))
        repeat {
            let t0 = clock.now
            for b in batches { _ = try await analyzer.analyze(b, context: context) }
            best = max(best, Double(records.count) / (clock.now - t0).inSeconds)
        } while clock.now < deadline
        return best
    }
}
