import Foundation
import TaskFlowCache
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting

/// Per-record output for a run whose corpus analyzers (topics) add a value to every record only
/// after the last batch.
///
/// Without such analyzers it writes straight through. With them, each batch's records and
/// values go to a spool file in the temporary directory as they come (so memory holds no second
/// copy of the run), the late values are collected from the `corpus` events, and `finish()`
/// replays the spool in order into the real writer with the late values added; the spool is
/// removed. Every per-record format (table, json, jsonl, csv) is completed the same way.
public final class CompletingRecordWriter: RecordWriter {
    private let inner: any RecordWriter
    private var spool: FileHandle?
    private var spoolURL: URL?
    private var spooled = 0
    /// Per late task, one value per record (in spool order), once its corpus event came.
    private var late: [(task: String, values: [AnalysisValue])] = []
    private var buffer: [UInt8] = []

    /// - Parameter lateTools: the run's corpus analyzers with per-record values (`RunStart.lateTools`).
    /// - Throws: when the spool file cannot be created.
    public init(_ inner: any RecordWriter, lateTools: [ToolFacts]) throws {
        self.inner = inner
        guard !lateTools.isEmpty else { return }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("taskflow-spool-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = try? FileHandle(forUpdating: url)
        else {
            throw TaskFlowFailure(
                "spool-failed", "cannot create a spool file in \(FileManager.default.temporaryDirectory.path) for the per-record output",
                hint: "set TMPDIR to a writable folder with room for the results")
        }
        spool = handle
        spoolURL = url
    }

    deinit {
        try? spool?.close()
        if let spoolURL { try? FileManager.default.removeItem(at: spoolURL) }
    }

    public func write(_ record: Record, _ values: [(task: String, value: AnalysisValue)]) {
        guard let spool else { return inner.write(record, values) }
        buffer.removeAll(keepingCapacity: true)
        let recordBytes = (try? JSONEncoder().encode(record)).map { [UInt8]($0) } ?? []
        Self.append(UInt32(recordBytes.count), to: &buffer)
        buffer += recordBytes
        Self.append(UInt32(values.count), to: &buffer)
        for (task, value) in values {
            let t = Array(task.utf8)
            let v = CachedValueCoding.encode(value)
            Self.append(UInt32(t.count), to: &buffer)
            buffer += t
            Self.append(UInt32(v.count), to: &buffer)
            buffer += v
        }
        spool.write(Data(buffer))
        spooled += 1
    }

    /// Takes a corpus analyzer's per-record values (empty when it failed: nothing is added).
    public func complete(_ output: CorpusOutput) {
        guard spool != nil, output.values.count == spooled else { return }
        late.append((output.tool.task, output.values))
    }

    /// Replays the spool (with the late values) into the real writer, then finishes it.
    public func finish() {
        if let spool {
            try? spool.seek(toOffset: 0)
            var i = 0
            while i < spooled, let (record, values) = Self.read(from: spool) {
                inner.write(record, values + late.map { ($0.task, $0.values[i]) }.filter { !$0.1.isNull })
                i += 1
            }
            try? spool.close()
            self.spool = nil
            if let spoolURL { try? FileManager.default.removeItem(at: spoolURL) }
            spoolURL = nil
        }
        inner.finish()
    }

    private static func append(_ n: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: n.littleEndian) { out += $0 }
    }

    private static func read(from handle: FileHandle) -> (Record, [(task: String, value: AnalysisValue)])? {
        func count() -> Int? {
            guard let d = try? handle.read(upToCount: 4), d.count == 4 else { return nil }
            return Int(d.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) })
        }
        func bytes(_ n: Int) -> Data? {
            n == 0 ? Data() : (try? handle.read(upToCount: n)).flatMap { $0.count == n ? $0 : nil }
        }
        guard let n = count(), let data = bytes(n), let record = try? JSONDecoder().decode(Record.self, from: data),
            let k = count()
        else { return nil }
        var values: [(task: String, value: AnalysisValue)] = []
        for _ in 0..<k {
            guard let tn = count(), let t = bytes(tn), let vn = count(), let v = bytes(vn),
                let value = CachedValueCoding.decode([UInt8](v))
            else { return nil }
            values.append((String(decoding: t, as: UTF8.self), value))
        }
        return (record, values)
    }
}

extension AnalysisValue {
    /// `.json(.null)`: no value.
    fileprivate var isNull: Bool {
        if case .json(.null) = self { return true }
        return false
    }
}
