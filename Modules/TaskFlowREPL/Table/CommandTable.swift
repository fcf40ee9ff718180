import Synchronization
import TaskFlowCore
import TaskFlowPluginAPI

/// A command in the table: its descriptor and what runs it.
public struct CommandEntry: Sendable {
    public let descriptor: CommandDescriptor
    /// Runs the command; calls into the session (an actor) as needed.
    public let run: @Sendable (ReplArguments, ReplSession) async throws -> ReplOutcome
}

/// The REPL's commands: built-ins plus whatever plugins register, looked up by name, alias or
/// unambiguous prefix.
///
/// Like DuckDB's shell command table, it is the one place help, completion, prefix matching
/// and "did you mean" read from.
public final class CommandTable: Sendable {
    private let entries = Mutex<[CommandEntry]>([])

    /// An empty table.
    public init() {}

    /// A table holding the built-in commands.
    public static func builtin() -> CommandTable {
        let table = CommandTable()
        for command in BuiltinCommands.all {
            // The built-in names are distinct (a test checks), so this cannot fail.
            try? table.register(command)
        }
        return table
    }

    /// Adds a command type.
    ///
    /// - Throws: `TaskFlowFailure` when its name or an alias is already taken.
    public func register(_ command: any ReplCommand.Type) throws {
        try register(command.descriptor) { args, session in
            try await command.init().run(args, in: session)
        }
    }

    /// Adds a command given as a descriptor and a closure, for commands made at run time
    /// (a plugin's, say).
    ///
    /// - Throws: `TaskFlowFailure` when its name or an alias is already taken.
    public func register(
        _ descriptor: CommandDescriptor,
        run: @escaping @Sendable (ReplArguments, ReplSession) async throws -> ReplOutcome
    ) throws {
        let names = descriptor.allNames.map { $0.lowercased() }
        try entries.withLock { list in
            for other in list {
                if let clash = other.descriptor.allNames.first(where: { names.contains($0.lowercased()) }) {
                    throw TaskFlowFailure(
                        "duplicate-command", "a REPL command named '\(clash)' is already registered (\(other.descriptor.name))",
                        hint: "give the command another name")
                }
            }
            list.append(CommandEntry(descriptor: descriptor, run: run))
        }
    }

    /// Every command, in registration order.
    public var commands: [CommandEntry] {
        entries.withLock { $0 }
    }

    /// Every descriptor, in registration order.
    public var descriptors: [CommandDescriptor] {
        commands.map(\.descriptor)
    }

    /// The command a typed word means: an exact name or alias, else the one command whose name
    /// or alias starts with it.
    ///
    /// - Throws: `TaskFlowFailure` for an unknown word (with the closest name) or a prefix that
    ///   several commands share (naming them).
    public func resolve(_ word: String) throws -> CommandEntry {
        let list = commands
        let lowered = word.lowercased()
        if let exact = list.first(where: { $0.descriptor.allNames.contains { $0.lowercased() == lowered } }) {
            return exact
        }
        if !lowered.isEmpty {
            let matches = list.filter { cmd in
                cmd.descriptor.allNames.contains { $0.lowercased().hasPrefix(lowered) }
            }
            if matches.count == 1 { return matches[0] }
            if matches.count > 1 {
                let names = matches.map { $0.descriptor.name }
                throw TaskFlowFailure(
                    "ambiguous-command", "Ambiguous command '\(ReplArguments.brief(word))': it could be \(Self.list(names))",
                    hint: "type more letters", exitCode: 2)
            }
        }
        let brief = ReplArguments.brief(word)
        var message = "Unknown command '\(brief)'."
        if word.count <= 40, let guess = Suggestions.closest(to: word, among: list.flatMap { $0.descriptor.allNames }) {
            message += " Did you mean '\(guess)'?"
        }
        throw TaskFlowFailure("unknown-command", message, hint: "help lists the commands", exitCode: 2)
    }

    /// Names for completion: every name, and aliases starting with `.` only when `prefix` does.
    public func completionNames(prefix: String) -> [String] {
        var names: [String] = []
        for d in descriptors {
            for n in d.allNames where n.hasPrefix(prefix) {
                if n.hasPrefix("."), !prefix.hasPrefix(".") { continue }
                names.append(n)
            }
        }
        return names.sorted()
    }

    /// `a, b or c`.
    static func list(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }
}
