import TaskFlowPluginAPI

/// `dupes [N] [--threshold X]`: the largest clusters of near-duplicate texts in the last run.
public struct DupesCommand: PluginCommand {
    public static let name = "dupes"
    public static let usage = "dupes [N] [--threshold 0.8]"
    public static let summary = "Show the largest clusters of near-duplicate texts in the last run"

    public init() {}

    public func run(arguments: [String], corpus: Corpus?) async throws -> String {
        guard let corpus else { return "no run yet: load a dataset and run it first" }
        var count = 5
        var threshold = 0.8
        var i = 0
        while i < arguments.count {
            if arguments[i] == "--threshold", i + 1 < arguments.count, let t = Double(arguments[i + 1]), t > 0, t <= 1 {
                threshold = t
                i += 2
            } else if let n = Int(arguments[i]), n > 0 {
                count = n
                i += 1
            } else {
                throw NearDuplicatesError(description: "dupes: cannot read '\(arguments[i])'; usage: \(Self.usage)")
            }
        }
        let clusters = MinHashIndex().clusters(corpus.records.map(\.text), threshold: threshold)
        if clusters.isEmpty { return "no near-duplicates among \(corpus.records.count) records (similarity ≥ \(threshold))" }
        var out = "\(clusters.count) clusters of near-duplicates among \(corpus.records.count) records:\n"
        for (n, members) in clusters.prefix(count).enumerated() {
            let ids = members.prefix(8).map { corpus.records[$0].id }.joined(separator: ", ")
            let text = corpus.records[members[0]].text.replacingNewlines()
            out += "  #\(n + 1)  \(members.count) records (\(ids)\(members.count > 8 ? ", …" : "")): \(String(text.prefix(100)))\n"
        }
        return out
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
