import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowStorage

/// `results RUN`: brings a stored run's results into memory for show, top, filter and count.
struct ResultsCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "results", usage: "results RUN", summary: "Load a stored run's results (see runs) for show, top, filter, count",
        details: "RUN is a run number from `runs`; `results last` takes the newest.",
        category: .results, completion: .words(["last"]))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.count == 1 else { return .printUsage }
        let store = try session.store()
        let runs = try store.runs(limit: 1_000_000)
        let word = args.words[0].lowercased()
        let wanted: Int64?
        if word == "last" {
            wanted = runs.first?.id
        } else {
            wanted = Int64(word.hasPrefix("#") ? String(word.dropFirst()) : word)
        }
        guard let id = wanted, let run = runs.first(where: { $0.id == id }) else {
            throw TaskFlowFailure(
                "unknown-run", word == "last" ? "the store has no runs yet" : "no run '\(ReplArguments.brief(args.words[0]))' in \(store.path)",
                hint: runs.isEmpty ? "run first" : "runs lists them (newest: #\(runs[0].id))", exitCode: 2)
        }
        let tools = (try? JSONDecoder().decode([ToolFacts].self, from: Data(run.tools.utf8))) ?? []
        let stored = try store.results(runID: id)
        var records: [Record] = []
        var values = Array(repeating: [AnalysisValue?](), count: tools.count)
        var lastSeq = -1
        for row in stored {
            if row.seq != lastSeq {
                records.append(Record(id: row.recordID, text: row.text))
                for t in values.indices { values[t].append(nil) }
                lastSeq = row.seq
            }
            guard let t = tools.firstIndex(where: { $0.id == row.analyzer }) else { continue }
            let value = (try? JSONParser.parse(row.value)).map(AnalysisValue.init(json:)) ?? .json(.string(row.value))
            values[t][records.count - 1] = value
        }
        var summary: RunSummary?
        if let text = try store.query("SELECT summary FROM run WHERE id = ?", arguments: [String(id)]).rows.first?.first ?? nil {
            summary = try? JSONDecoder().decode(RunSummary.self, from: Data(text.utf8))
        }
        session.results = ResultSet(
            runID: id, status: RunStatus(rawValue: run.status) ?? .completed, tools: tools, records: records,
            values: values, summary: summary, limit: nil, ranHere: false)
        session.console.note("results of run #\(id) (\(run.datasetName), \(run.status)): \(records.count) records with " + tools.map(\.id).joined(separator: ", "))
        return .ok
    }
}
