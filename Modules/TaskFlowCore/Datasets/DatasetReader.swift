import TaskFlowPluginAPI

/// A source of records read from a dataset file in batches.
///
/// Pull-based and synchronous: one owner calls `nextBatch(maxCount:)` until it returns `nil`.
/// Implementations stream the file in chunks, so memory follows the batch size, not the file size.
/// They are not `Sendable`; keep a reader inside the one task that uses it.
public protocol DatasetReader: AnyObject {
    /// The header columns (csv/tsv), the sorted keys of the first object (jsonl), or `["text"]` (txt).
    var columns: [String] { get }
    /// What has been read, skipped and repaired so far.
    var report: ReadReport { get }
    /// The size of the file in bytes, for progress (0 when unknown).
    var bytesTotal: Int { get }
    /// The next records, at most `maxCount` of them; `nil` at the end, never an empty array.
    ///
    /// - Throws: `TaskFlowFailure` on a read error, or on a malformed row in strict mode.
    func nextBatch(maxCount: Int) throws -> [Record]?
    /// SHA-256 (hex) of the input's bytes, read without moving the reader: what identifies the
    /// dataset in a results store. Nil for input that cannot be read twice (a pipe).
    ///
    /// - Throws: `TaskFlowFailure` on a read error.
    func contentHash() throws -> String?
}

extension DatasetReader {
    /// Nil: a reader that does not say what it reads is never taken for one read before.
    public func contentHash() throws -> String? { nil }

    /// Every remaining record, in order.
    ///
    /// Holds the whole dataset in memory; meant for small files and tests.
    public func readAll(batchSize: Int = 1024) throws -> [Record] {
        var all: [Record] = []
        while let batch = try nextBatch(maxCount: batchSize) {
            all.append(contentsOf: batch)
        }
        return all
    }
}
