import Foundation
import TaskFlowPluginAPI

/// An `embedding` extractor that counts its calls and the records it computed, per model name,
/// so a test proves a feature was computed once (use a model name of its own per test).
///
/// The value of a record is `.json("<model>:<text>")`, so a consumer can check it got the
/// values of its own records, in order. A model named `fail…` throws on every call; one named
/// `nan…` gives a NaN embedding for every record, as a damaged model would; one named
/// `window…` has a window of one character and reports every longer text as truncated.
public struct CountingFeatureExtractor: FeatureExtractor {
    public static let kind = "embedding"
    public static let version = "1"

    /// Per model: calls, and every text computed, in call order.
    private static let tally = Tally()

    public let model: String

    public init(model: String, context: AnalyzerContext) throws {
        self.model = model
    }

    public var fingerprints: [String: String] { ["model": "counting-" + model] }

    public func extract(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        Self.tally.withLock { t in
            t[model, default: (0, [])].calls += 1
            t[model, default: (0, [])].texts += batch.map(\.text)
        }
        if model.hasPrefix("fail") {
            throw TaskFlowFailure("feature-broke", "the counting extractor for \(model) broke on purpose", hint: "use another model name")
        }
        if model.hasPrefix("nan") { return batch.map { _ in .embedding([.nan, 1]) } }
        return batch.map { Self.value(model: model, text: $0.text) }
    }

    public func extractBatch(_ batch: [Record], context: AnalyzerContext) async throws -> FeatureBatch {
        let values = try await extract(batch, context: context)
        return FeatureBatch(values: values, truncated: model.hasPrefix("window") ? batch.filter { $0.text.count > 1 }.count : 0)
    }

    /// The value it computes for a text.
    public static func value(model: String, text: String) -> AnalysisValue {
        .json(.string(model + ":" + text))
    }

    /// How many times it was called for a model, and how many records it computed.
    public static func counts(model: String) -> (calls: Int, records: Int) {
        tally.withLock { t in (t[model]?.calls ?? 0, t[model]?.texts.count ?? 0) }
    }

    /// Every text it computed for a model, in call order.
    public static func texts(model: String) -> [String] {
        tally.withLock { $0[model]?.texts ?? [] }
    }
}

/// The extractor's counts, behind an `NSLock` rather than `Synchronization.Mutex`: on Linux the
/// `Mutex` takes its lock with atomics and futex calls inside the standard library, which
/// ThreadSanitizer does not see, so concurrent extractions were reported as a race although every
/// access was locked (a standalone repro with `-sanitize=thread` shows the same report, and none
/// with `NSLock`, a pthread mutex that TSan intercepts).
private final class Tally: @unchecked Sendable {  // every access to `counts` holds `lock`
    private let lock = NSLock()
    private var counts: [String: (calls: Int, texts: [String])] = [:]

    func withLock<T>(_ body: (inout [String: (calls: Int, texts: [String])]) throws -> T) rethrows -> T {
        try lock.withLock { try body(&counts) }
    }
}
