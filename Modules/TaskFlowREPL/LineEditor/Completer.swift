import Foundation
import Synchronization
import TaskFlowCore
import TaskFlowPluginAPI

/// What Tab completion knows about the session: tools, options and result fields.
public struct CompletionHints: Sendable {
    /// Tool ids and tasks, for `use`, `enable`, `options`.
    public var toolNames: [String]
    /// `TOOL.OPTION` for every tool (by id and by task), for `set` and `unset`.
    public var optionNames: [String]
    /// Values an option takes (`true`/`false`, declared choices), by `TOOL.OPTION`.
    public var optionValues: [String: [String]]
    /// Fields for `count by`.
    public var fieldNames: [String] = []
    /// Words for `filter`: `sentiment=negative`, `score<`, `text~`.
    public var filterWords: [String] = []
    /// Tasks present in the current results, for `top`.
    public var resultTasks: [String] = []

    /// - Parameter models: installed model names, offered for options named `model`.
    public init(registry: ToolRegistry, models: [String] = []) {
        let descriptors = registry.tools(.analyzer)
        var names: [String] = []
        var options: [String] = []
        var values: [String: [String]] = [:]
        for d in descriptors {
            for base in [d.id, d.task] {
                if !names.contains(base) { names.append(base) }
                for o in d.options {
                    let full = base + "." + o.name
                    if options.contains(full) { continue }
                    options.append(full)
                    if let choices = o.choices {
                        values[full] = choices.map(\.description)
                    } else if o.name == "model" {
                        values[full] = Array(Set(models + [o.defaultValue.description])).sorted()
                    } else if case .bool = o.defaultValue {
                        values[full] = ["true", "false"]
                    }
                }
            }
        }
        for target in registry.tools where target.kind != .analyzer {
            if !names.contains(target.id) { names.append(target.id) }
            for o in target.options where !options.contains(target.id + "." + o.name) {
                options.append(target.id + "." + o.name)
            }
        }
        toolNames = names
        optionNames = options
        optionValues = values
    }
}

/// A `CompletionHints` shared between the session (which updates it) and the line editor
/// (which reads it inside libedit's completion callback).
public final class CompletionHintsBox: Sendable {
    private let value: Mutex<CompletionHints>

    public init(_ hints: CompletionHints) {
        value = Mutex(hints)
    }

    public var current: CompletionHints { value.withLock { $0 } }

    func set(_ hints: CompletionHints) {
        value.withLock { $0 = hints }
    }
}

/// Tab completion: candidates for the word before the cursor, from the command descriptors.
public struct Completer: Sendable {
    public let commands: CommandTable
    public let hints: CompletionHintsBox

    public init(commands: CommandTable, hints: CompletionHintsBox) {
        self.commands = commands
        self.hints = hints
    }

    /// Candidates that replace the last word of `line` (the text before the cursor), sorted.
    public func complete(_ line: String) -> [String] {
        let endsWithSpace = line.last.map { $0 == " " || $0 == "\t" } ?? true
        var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let word = endsWithSpace ? "" : (words.popLast() ?? "")
        guard let first = words.first else {
            return commands.completionNames(prefix: word)
        }
        guard let command = try? commands.resolve(first) else { return [] }
        let request = CompletionRequest(previousWords: Array(words.dropFirst()), word: word, hints: hints.current)
        let candidates = Self.candidates(command.descriptor.completion, request, commands: commands)
        // Flags only when the word starts with a dash.
        let filtered = candidates.filter { $0.hasPrefix(word) && (!$0.hasPrefix("-") || word.hasPrefix("-")) }
        var unique: [String] = []
        for c in filtered where !unique.contains(c) { unique.append(c) }
        return unique.sorted()
    }

    static func candidates(_ rule: ArgumentCompletion, _ r: CompletionRequest, commands: CommandTable) -> [String] {
        switch rule {
        case .none:
            return []
        case .words(let words):
            return words
        case .paths(let extra):
            return extra + paths(r.word)
        case .tools:
            let comma = r.word.lastIndex(of: ",").map { r.word.index(after: $0) } ?? r.word.startIndex
            let base = String(r.word[..<comma])
            return r.hints.toolNames.map { base + $0 }
        case .toolOptions(let extra):
            if r.previousWords.isEmpty { return extra.keys.sorted() + r.hints.optionNames }
            if r.previousWords.count == 1 {
                let key = r.previousWords[0]
                return extra[key] ?? r.hints.optionValues[key] ?? []
            }
            return []
        case .commands:
            return r.previousWords.isEmpty ? commands.completionNames(prefix: r.word) : []
        case .fields(let extra):
            return extra + r.hints.filterWords
        case .custom(let rule):
            return rule(r)
        }
    }

    /// Files and folders whose path starts with `word`; folders end with `/`.
    static func paths(_ word: String) -> [String] {
        var dirPart = ""
        var prefix = word
        if let slash = word.lastIndex(of: "/") {
            dirPart = String(word[...slash])
            prefix = String(word[word.index(after: slash)...])
        }
        let listed = dirPart.isEmpty ? "." : (dirPart as NSString).expandingTildeInPath
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: listed) else { return [] }
        var out: [String] = []
        for name in names.sorted() where name.hasPrefix(prefix) {
            if name.hasPrefix("."), !prefix.hasPrefix(".") { continue }
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (listed as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
            out.append(dirPart + name + (isDirectory.boolValue ? "/" : ""))
            if out.count >= 500 { break }
        }
        return out
    }
}
