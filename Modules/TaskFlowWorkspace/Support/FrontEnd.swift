import TaskFlowPluginAPI

/// Who is talking to the person: each front end phrases a neutral `Fix` its own way, from the
/// one table here.
public enum FrontEnd: Sendable {
    /// `tf …` on a command line: flags.
    case commandLine
    /// The `tf>` REPL: commands.
    case repl
    /// `tf serve`: request fields.
    case server

    /// What to tell the person to do next: the phrased fix, then the error's own hint.
    public func hint(for error: any Error) -> String? {
        guard let e = error as? any TaskFlowError else { return nil }
        let phrased = e.fix.map(phrase)
        switch (phrased, e.hint) {
        case (let p?, let h?): return p + "; " + h
        case (let p?, nil): return p
        case (nil, let h): return h
        }
    }

    /// The fix in this front end's words.
    public func phrase(_ fix: Fix) -> String {
        let x = fix.example
        switch (self, fix.subject) {
        case (.commandLine, .listTools): return "tf tools lists them"
        case (.repl, .listTools): return "tools lists them"
        case (.server, .listTools): return "GET /v1/tools lists them"
        case (.commandLine, .listOptions): return "tf tools lists every tool's options"
        case (.repl, .listOptions): return "options lists them"
        case (.server, .listOptions): return "GET /v1/tools lists every tool's options"
        case (.commandLine, .toolOption): return "pass --set " + (x ?? "TOOL.OPTION=VALUE")
        case (.repl, .toolOption): return "set " + (x ?? "TOOL.OPTION=VALUE").replacingFirst("=", with: " ")
        case (.server, .toolOption):
            let (k, v) = (x ?? "TOOL.OPTION=VALUE").splitOnce("=")
            return "send \"options\": {\"\(k)\": \(v)}"
        case (.repl, .database):
            // The REPL's database is chosen when it starts.
            return "start tf again with TF_DB=" + (x ?? "PATH")
        case (.commandLine, let s):
            return "pass --\(Self.flag[s] ?? s.rawValue)" + (x.map { " \($0)" } ?? "")
        case (.repl, let s):
            let command = Self.command[s] ?? "set \(s.rawValue)"
            return command + (x.map { " \($0)" } ?? "")
        case (.server, let s):
            return "send \"\(Self.field[s] ?? s.rawValue)\"" + (x.map { ": \(Self.jsonish($0))" } ?? "")
        }
    }

    /// Flags for subjects whose flag is not the subject's own name.
    private static let flag: [Fix.Subject: String] = [.textColumn: "text", .idColumn: "id", .database: "db"]
    /// REPL commands for subjects that are not `set NAME`.
    private static let command: [Fix.Subject: String] = [
        .device: "device", .threads: "device cpu --threads", .tools: "use", .textColumn: "load FILE --text",
        .idColumn: "load FILE --id", .inputFormat: "load FILE --format", .columns: "load FILE --columns",
    ]
    /// Request fields for subjects whose field is not the subject's own name.
    private static let field: [Fix.Subject: String] = [
        .batchSize: "batch_size", .textColumn: "text_column", .idColumn: "id_column", .languageModel: "llm",
        .inputFormat: "format", .timeColumn: "time_column",
    ]

    private static func jsonish(_ value: String) -> String {
        if Double(value) != nil || value == "true" || value == "false" { return value }
        return "\"\(value)\""
    }
}

extension String {
    fileprivate func replacingFirst(_ target: Character, with replacement: String) -> String {
        guard let i = firstIndex(of: target) else { return self }
        return String(self[..<i]) + replacement + String(self[index(after: i)...])
    }

    fileprivate func splitOnce(_ separator: Character) -> (String, String) {
        guard let i = firstIndex(of: separator) else { return (self, "VALUE") }
        return (String(self[..<i]), String(self[index(after: i)...]))
    }
}
