import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// The words typed after a command's name, shell-style: spaces separate words, `'…'` and
/// `"…"` quote, a backslash escapes the next character.
public struct ReplArguments: Sendable, Equatable {
    /// The command word as typed (`lo` for `load`, `.read` for `source`).
    public var commandWord: String
    /// The words after the command, quotes removed.
    public var words: [String]
    /// The raw text after the command word, trimmed (for `sql` and `filter`).
    public var rest: String

    public init(commandWord: String, words: [String], rest: String) {
        self.commandWord = commandWord
        self.words = words
        self.rest = rest
    }

    /// Splits a command line into its command word and arguments.
    ///
    /// - Throws: `TaskFlowFailure` for an unclosed quote.
    /// - Parameter raw: the command reads `rest` only (`sql`): quotes are left to it, and an
    ///   unbalanced one is no error here.
    public static func parse(_ line: String, raw: Bool = false) throws -> ReplArguments {
        let (command, rest) = split(line)
        let words = raw ? ((try? tokenize(rest)) ?? rest.split(separator: " ").map(String.init)) : try tokenize(rest)
        return ReplArguments(commandWord: command, words: words, rest: rest)
    }

    /// The command word and the trimmed text after it.
    public static func split(_ line: String) -> (command: String, rest: String) {
        let trimmed = line.trimmingWhitespace()
        var commandEnd = trimmed.startIndex
        while commandEnd < trimmed.endIndex, !trimmed[commandEnd].isWhitespace { commandEnd = trimmed.index(after: commandEnd) }
        return (String(trimmed[..<commandEnd]), String(trimmed[commandEnd...]).trimmingWhitespace())
    }

    /// Shell-style words: whitespace separates, quotes group, backslash escapes.
    ///
    /// - Throws: `TaskFlowFailure` for an unclosed quote.
    public static func tokenize(_ text: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for ch in text {
            if escaped {
                current.append(ch)
                escaped = false
                inWord = true
                continue
            }
            if let q = quote {
                if ch == q {
                    quote = nil
                } else if ch == "\\" && q == "\"" {
                    escaped = true
                } else {
                    current.append(ch)
                }
                continue
            }
            switch ch {
            case "\\":
                escaped = true
                inWord = true
            case "\"", "'":
                quote = ch
                inWord = true
            case _ where ch.isWhitespace:
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                current.append(ch)
                inWord = true
            }
        }
        if let q = quote {
            throw TaskFlowFailure(
                "unclosed-quote", "unclosed \(q) quote", hint: "close the quote, or escape it with a backslash", exitCode: 2)
        }
        if escaped { current.append("\\") }
        if inWord { words.append(current) }
        return words
    }

    /// Quotes a word for a command line when it needs it, so `tokenize` reads it back unchanged.
    public static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && word.allSatisfy { ch in
            !ch.isWhitespace && ch != "\"" && ch != "'" && ch != "\\" && ch != "#"
        }
        if plain { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Positional words and `--name VALUE` / `--name=VALUE` options.
    ///
    /// - Parameters:
    ///   - options: option names taking a value (`--text`).
    ///   - flags: option names without a value.
    /// - Throws: `TaskFlowFailure` naming an unknown option (with the closest known one) or an
    ///   option missing its value.
    public func parse(options: [String] = [], flags: [String] = []) throws -> ParsedArguments {
        var parsed = ParsedArguments()
        var i = 0
        while i < words.count {
            let w = words[i]
            if w.hasPrefix("--"), w.count > 2 {
                var name = w
                var value: String?
                if let eq = w.firstIndex(of: "=") {
                    name = String(w[..<eq])
                    value = String(w[w.index(after: eq)...])
                }
                if options.contains(name) {
                    if value == nil {
                        guard i + 1 < words.count else {
                            throw TaskFlowFailure("missing-value", "\(name) needs a value", hint: "e.g. \(name) VALUE", exitCode: 2)
                        }
                        i += 1
                        value = words[i]
                    }
                    parsed.values[name] = value
                } else if flags.contains(name), value == nil {
                    parsed.flags.insert(name)
                } else {
                    let known = options + flags
                    var hint = known.isEmpty ? "\(commandWord) takes no options" : "its options are: " + known.joined(separator: ", ")
                    if let guess = Suggestions.closest(to: name, among: known) { hint = "did you mean '\(guess)'? " + hint }
                    throw TaskFlowFailure("unknown-option", "unknown option '\(Self.brief(name))' for \(commandWord)", hint: hint, exitCode: 2)
                }
            } else {
                parsed.positional.append(w)
            }
            i += 1
        }
        return parsed
    }

    /// A path cut to a length fit for a one-line message, keeping its end (the file name).
    static func briefPath(_ s: String) -> String {
        s.count > 160 ? "…" + s.suffix(159) : s
    }

    /// A user's word cut to a length fit for a one-line message.
    static func brief(_ s: String) -> String {
        s.count > 40 ? String(s.prefix(39)) + "…" : s
    }
}

/// Arguments split into positional words, option values and flags.
public struct ParsedArguments: Sendable, Equatable {
    public var positional: [String] = []
    public var values: [String: String] = [:]
    public var flags: Set<String> = []

    /// The value of `--name` as a positive integer, if given.
    ///
    /// - Throws: `TaskFlowFailure` when it is not a positive integer.
    public func positiveInt(_ name: String) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let n = Int(text), n >= 1 else {
            throw TaskFlowFailure("bad-number", "\(name) must be a positive whole number, not '\(ReplArguments.brief(text))'", hint: "e.g. \(name) \(name == "--threads" ? 2 : 100)", exitCode: 2)
        }
        return n
    }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
