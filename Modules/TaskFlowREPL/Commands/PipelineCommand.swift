import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowWorkspace

/// `pipeline`: what `run` will do.
struct PipelineCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "pipeline", usage: "pipeline", summary: "Show what run will do: dataset, tools and options, device, cache",
        category: .pipeline)

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.isEmpty else { return .printUsage }
        let state = session.state
        var rows: [[String?]] = []
        if let d = state.dataset {
            var text = d.path
            if let summary = session.dataset {
                text += " (\(summary.format.rawValue), \(summary.report.records) records"
                if summary.format != .txt { text += "; text column \(d.effectiveTextColumn)" }
                text += ")"
            }
            rows.append(["dataset", text])
        } else {
            rows.append(["dataset", "none: load PATH first"])
        }
        if state.tools.isEmpty {
            rows.append(["tools", "none: enable TOOL first"])
        }
        for (i, id) in state.tools.enumerated() {
            var text = "\(i + 1). \(id)"
            if let d = try? session.environment.registry.entry(named: id) {
                text += " (\(d.kindLabel))"
                let options = try? d.effectiveOptions(overrides: state.options[id] ?? [:])
                let values = d.options.map { o in
                    let v = options?[o.name]?.description ?? o.defaultValue.description
                    return "\(o.name)=\(v)" + (state.options[id]?[o.name] != nil ? "*" : "")
                }
                if !values.isEmpty { text += " " + values.joined(separator: " ") }
            }
            rows.append([i == 0 ? "tools" : "", text])
        }
        rows.append(["device", DeviceCommand.describe(session)])
        rows.append(["batches", "\(state.batchSize) records each, each stored in one transaction"])
        let cachePath = session.workspace.cachePath
        rows.append(["cache", state.cacheMode == .off ? "off" : "\(state.cacheMode.rawValue) (\(cachePath))"])
        rows.append(["store", session.environment.databasePath])
        if let f = state.filter { rows.append(["filter", "\(f.text) (for show, top, count)"]) }
        session.printTable(ReplTable(headers: ["step", "what"], rows: rows))
        return .ok
    }
}
