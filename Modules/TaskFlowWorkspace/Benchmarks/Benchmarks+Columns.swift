import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

extension Benchmarks {
    /// Reading a 100,000-row, 6-column CSV (and the same as JSON Lines) with every column kept
    /// against `--columns none`: the cost of carrying columns with records (target ≤ 1.2×).
    ///
    /// The rows are the Playground's feedback (or `--input`, a CSV with id, product, channel,
    /// rating, created and text) repeated with fresh ids. Runs alternate, and each figure is the
    /// median of at least five reads.
    func benchColumns() throws {
        let source = try input ?? Self.defaultColumnsInput()
        let rows = try DatasetReaders.open(DatasetSource(path: source)).readAll()
        guard !rows.isEmpty else {
            throw TaskFlowFailure("no-bench-input", "\(source) has no records", hint: "pass --input FILE (a CSV with columns)")
        }
        let names = rows[0].columns.names.names
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-bench-columns-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let count = 100_000
        var csv = "id," + names.joined(separator: ",") + ",text\n"
        var jsonl = ""
        for k in 0..<count {
            let r = rows[k % rows.count]
            let id = "R-\(k + 1)"
            csv += id + "," + r.columns.values.map { Self.csvField($0.text) }.joined(separator: ",") + "," + Self.csvField(r.text) + "\n"
            var object = r.columns.jsonObject
            if case .object(let fields) = object {
                object = .object([JSONField("id", .string(id)), JSONField("text", .string(r.text))] + fields)
            }
            jsonl += object.jsonString + "\n"
        }
        let csvPath = dir.appendingPathComponent("rows.csv").path
        let jsonlPath = dir.appendingPathComponent("rows.jsonl").path
        try csv.write(toFile: csvPath, atomically: true, encoding: .utf8)
        try jsonl.write(toFile: jsonlPath, atomically: true, encoding: .utf8)
        emit("columns.input: \(count) rows × \(names.count + 2) columns (\(names.joined(separator: ", ")), id, text) from \(source)")

        for (format, path) in [("csv", csvPath), ("jsonl", jsonlPath)] {
            var none: [Double] = []
            var all: [Double] = []
            let clock = ContinuousClock()
            let start = clock.now
            while none.count < 5 || (clock.now - start).inSeconds < seconds * 2 {
                for selection in [ColumnSelection.none, .all] {
                    let t0 = clock.now
                    let reader = try DatasetReaders.open(DatasetSource(path: path, columns: selection))
                    var n = 0
                    while let batch = try reader.nextBatch(maxCount: 256) { n += batch.count }
                    let t = (clock.now - t0).inSeconds
                    precondition(n == count, "read \(n) of \(count) rows")
                    if selection == .none { none.append(t) } else { all.append(t) }
                }
            }
            func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
            let (a, b) = (median(none), median(all))
            emit(String(format: "columns.\(format).read_none: %.4f s (%.0f rows/s)", a, Double(count) / a))
            emit(String(format: "columns.\(format).read_all: %.4f s (%.0f rows/s)", b, Double(count) / b))
            emit(String(format: "columns.\(format).all_vs_none: %.3f x (median of %d reads each)", b / a, none.count))
        }
    }

    static func defaultColumnsInput() throws -> String {
        for c in ["Playground/feedback.csv"] where FileManager.default.fileExists(atPath: c) { return c }
        throw TaskFlowFailure("no-bench-input", "Playground/feedback.csv not found", hint: "run from the repository, or pass --input FILE")
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
