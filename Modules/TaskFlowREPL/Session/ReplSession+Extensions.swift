import TaskFlowCore
import TaskFlowPluginAPI

extension ReplSession {
    /// The records of the current results and, per task, one value per record (nil before
    /// the first run): what a plugin's command works on.
    public func currentResults() -> (records: [Record], values: [String: [AnalysisValue]])? {
        guard let r = results else { return nil }
        var values: [String: [AnalysisValue]] = [:]
        for (t, tool) in r.tools.enumerated() where values[tool.task] == nil {
            values[tool.task] = (r.values[safe: t] ?? []).map { $0 ?? .json(.null) }
        }
        return (r.records, values)
    }

    /// Prints a command's result text on the results stream (stdout or `output FILE`).
    public func printResult(_ text: String) {
        console.print(text)
    }
}
