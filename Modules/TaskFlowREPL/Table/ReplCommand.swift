import TaskFlowCore
import TaskFlowPluginAPI

/// A REPL command: a descriptor (name, usage, summary) plus `run`.
///
/// A new command is one file with a conformance and one line in `BuiltinCommands.all` (or a
/// plugin's `CommandTable.register`). Help, Tab completion, prefix matching and "did you mean"
/// all come from the descriptor:
/// ```swift
/// struct HelloCommand: ReplCommand {
///     static let descriptor = CommandDescriptor(
///         name: "hello", usage: "hello [NAME]", summary: "Say hello", category: .shell)
///     func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
///         session.console.print("hello \(args.words.first ?? "world")")
///         return .ok
///     }
/// }
/// ```
/// `run` executes on the session's actor, so it reads and changes the session directly. It
/// throws a `TaskFlowError` for anything the user can fix; the dispatcher prints it as
/// `error: …` plus `hint: …`.
public protocol ReplCommand: Sendable {
    /// What this command is called and what it does.
    static var descriptor: CommandDescriptor { get }

    init()

    /// Runs the command with the words typed after its name.
    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome
}

/// How a command ended, when it did not throw.
public enum ReplOutcome: Sendable, Equatable {
    /// Done.
    case ok
    /// The arguments do not fit the command: the dispatcher prints its usage line (a failure).
    case printUsage
    /// Leave the REPL with this exit code.
    case exit(Int32)
}

/// The name, aliases, usage and help of a command: the single source for help, completion,
/// prefix matching and "did you mean".
public struct CommandDescriptor: Sendable {
    /// The name typed at the prompt (`load`).
    public var name: String
    /// Other names (`.read` for `source`); aliases starting with `.` are hidden from completion
    /// unless the word typed starts with `.`.
    public var aliases: [String]
    /// One line: `load PATH [--text COL] [--id COL] [--limit N]`.
    public var usage: String
    /// One line for `help`.
    public var summary: String
    /// More text for `help CMD`: options, examples.
    public var details: String
    /// Where `help` lists it.
    public var category: CommandCategory
    /// What Tab offers for the command's arguments.
    public var completion: ArgumentCompletion
    /// The command reads its arguments as raw text (`ReplArguments.rest`), quotes included.
    public var rawArguments: Bool

    public init(
        name: String, aliases: [String] = [], usage: String, summary: String, details: String = "",
        category: CommandCategory, completion: ArgumentCompletion = .none, rawArguments: Bool = false
    ) {
        self.rawArguments = rawArguments
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.details = details
        self.category = category
        self.completion = completion
    }

    /// The name and every alias.
    public var allNames: [String] { [name] + aliases }
}

/// The sections of `help`, in display order.
public enum CommandCategory: String, Sendable, CaseIterable {
    case data = "Data"
    case pipeline = "Pipeline"
    case results = "Results"
    case output = "Output"
    case session = "Session"
    case shell = "Shell"
    case plugins = "Plugins"
}

/// What Tab completion offers for a command's arguments.
public enum ArgumentCompletion: Sendable {
    /// Nothing.
    case none
    /// These words (flags included), at any argument position.
    case words([String])
    /// File and folder paths, plus these words (flags such as `--text`, or `off`).
    case paths(extra: [String])
    /// Tool ids and tasks (`use sentiment,emotion`: after a comma too).
    case tools
    /// `TOOL.OPTION` names plus these settings (`cache`), each with the values Tab offers after it.
    case toolOptions(extra: [String: [String]])
    /// Command names (for `help`).
    case commands
    /// Result fields for `filter` and `count` (`sentiment=`, `score<`, `text~`).
    case fields(extra: [String])
    /// Any other rule: candidates for the word being completed.
    case custom(@Sendable (CompletionRequest) -> [String])
}

/// What a completion rule gets: the words before the cursor and the word being completed.
public struct CompletionRequest: Sendable {
    /// The words typed before the one being completed, the command name excluded.
    public var previousWords: [String]
    /// The word being completed (possibly empty).
    public var word: String
    /// What the session knows: tools, options, result fields.
    public var hints: CompletionHints
}
