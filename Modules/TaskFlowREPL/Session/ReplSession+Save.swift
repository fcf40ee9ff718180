import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

extension ReplSession {
    /// Option names that may hold secrets; never written to session files.
    static func isSecret(_ option: String) -> Bool {
        let lowered = option.lowercased()
        return ["key", "token", "secret", "password", "credential"].contains { lowered.contains($0) }
    }

    /// The commands that rebuild the current state: load, use, set, device, filter, run.
    ///
    /// Never raw history, never secrets.
    func sessionCommands() -> [String] {
        let q = ReplArguments.quote
        var lines: [String] = state.plugins.map { "plugin load " + q($0) }
        if let d = state.dataset {
            var line = "load " + q(d.path)
            if let t = d.textColumn { line += " --text " + q(t) }
            if let i = d.idColumn { line += " --id " + q(i) }
            if d.columns != .all { line += " --columns " + q(d.columns.text) }
            if let l = d.limit { line += " --limit \(l)" }
            if let f = d.format { line += " --format \(f.rawValue)" }
            lines.append(line)
        }
        if state.tools.isEmpty {
            lines += defaultTools.map { "disable " + q($0) }
        } else if state.tools != defaultTools {
            lines.append("use " + state.tools.map(q).joined(separator: ","))
        }
        for tool in state.options.keys.sorted() {
            for (option, value) in (state.options[tool] ?? [:]).sorted(by: { $0.key < $1.key }) {
                if Self.isSecret(option) {
                    lines.append("# set \(tool).\(option) … (not saved: secrets never go into session files)")
                } else {
                    lines.append("set \(tool).\(option) " + q(value))
                }
            }
        }
        if state.batchSize != 256 { lines.append("set batch-size \(state.batchSize)") }
        if state.cacheMode != .on { lines.append("set cache \(state.cacheMode.rawValue)") }
        if state.llm != "none" { lines.append("set llm \(state.llm)") }
        if state.device != "auto" || state.threads != nil {
            var line = "device \(state.device)"
            if let t = state.threads { line += " --threads \(t)" }
            lines.append(line)
        }
        if let f = state.filter { lines.append("filter " + f.text) }
        if let r = results, r.ranHere {
            lines.append("run" + (r.limit.map { " --limit \($0)" } ?? ""))
        }
        return lines
    }

    /// The session file `save` writes.
    func sessionFileText() -> String {
        var text = "# TaskFlow session, saved \(Date().formatted(.iso8601)).\n"
        text += "# Replay it with `tf run FILE` or `source FILE` at the tf> prompt.\n"
        for line in sessionCommands() { text += line + "\n" }
        return text
    }
}
