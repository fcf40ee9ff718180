import TaskFlowPluginAPI

/// Echoes each record's id after a short pause that varies by batch, so batches and analyzers
/// finish out of order.
public struct JitterAnalyzer: Analyzer {
    public static let descriptor = AnalyzerDescriptor(
        id: "test.jitter", task: "jitter", version: "1", summary: "test double", backend: "none")

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {}

    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        let delay = (batch.first.map { Int($0.id) ?? 0 } ?? 0) % 3
        try await Task.sleep(for: .milliseconds(delay * 3))
        return batch.map { .json(.string($0.id)) }
    }
}
