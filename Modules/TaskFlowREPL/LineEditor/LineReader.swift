
/// Reads command lines: libedit on a terminal, plain `readLine` otherwise.
///
/// Used from one thread at a time (the REPL's reading queue).
public protocol LineReader: AnyObject {
    /// The next line without its newline; nil at end of input (Ctrl-D).
    func readLine(prompt: String) -> String?
    /// Remembers a command for Up and for the history file.
    func addHistory(_ line: String)
    /// Entries from earlier sessions, oldest first.
    func savedHistory() -> [String]
}

extension LineReader {
    /// A whole command: lines ending in `\` continue on the next one (prompt `...> `).
    public func readCommand(prompt: String, continuation: String = "...> ") -> String? {
        guard var line = readLine(prompt: prompt) else { return nil }
        var joined = ""
        while line.trimmingWhitespace().hasSuffix("\\") {
            var body = line.trimmingWhitespace()
            body.removeLast()
            joined += body.trimmingWhitespace() + " "
            guard let next = readLine(prompt: continuation) else { return joined.trimmingWhitespace() }
            line = next
        }
        return (joined + line).trimmingWhitespace()
    }
}

/// Lines from a pipe or file: no prompt, no editing, no history file.
public final class PlainLineReader: LineReader {
    public init() {}

    public func readLine(prompt: String) -> String? {
        Swift.readLine(strippingNewline: true)
    }

    public func addHistory(_ line: String) {}

    public func savedHistory() -> [String] { [] }
}
