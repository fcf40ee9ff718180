import TaskFlowCore
import TaskFlowPluginAPI

/// One command of a session file, with the line it starts on.
public struct ScriptCommand: Sendable, Equatable {
    public var text: String
    public var line: Int

    public init(text: String, line: Int) {
        self.text = text
        self.line = line
    }
}

/// Session files (`.tf`): one command per line, `#` comment lines, a trailing `\` continues
/// the command on the next line.
public enum SessionScript {
    /// The commands of a session file, comments and blank lines dropped.
    public static func commands(in text: String) -> [ScriptCommand] {
        var out: [ScriptCommand] = []
        var pending: String?
        var pendingLine = 0
        var number = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingWhitespace()
            if pending == nil, trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let continues = trimmed.hasSuffix("\\") && !trimmed.hasSuffix("\\\\")
            let body = continues ? String(trimmed.dropLast()).trimmingWhitespace() : trimmed
            if let p = pending {
                pending = body.isEmpty ? p : (p.isEmpty ? body : p + " " + body)
            } else {
                pending = body
                pendingLine = number
            }
            if !continues, let p = pending {
                if !p.isEmpty { out.append(ScriptCommand(text: p, line: pendingLine)) }
                pending = nil
            }
        }
        if let p = pending, !p.isEmpty { out.append(ScriptCommand(text: p, line: pendingLine)) }
        return out
    }

    /// `tf -c "a; b"`: commands separated by `;` outside quotes.
    public static func splitCommands(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        for ch in text {
            if escaped {
                current.append(ch)
                escaped = false
                continue
            }
            if ch == "\\" {
                escaped = true
                current.append(ch)
                continue
            }
            if let q = quote {
                if ch == q { quote = nil }
                current.append(ch)
                continue
            }
            if ch == "\"" || ch == "'" {
                quote = ch
                current.append(ch)
            } else if ch == ";" {
                out.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        out.append(current)
        return out.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}
