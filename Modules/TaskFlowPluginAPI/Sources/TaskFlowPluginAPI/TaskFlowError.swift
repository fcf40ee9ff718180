/// An error a user can cause, carrying what failed and how to fix it.
///
/// Every user-reachable failure in TaskFlow conforms. `description` is one line naming the thing
/// that failed; `hint` says what to do next.
public protocol TaskFlowError: Error, CustomStringConvertible, Sendable {
    /// What failed, naming the file, column, id or value involved.
    var description: String { get }
    /// What to do next, when there is something to do.
    var hint: String? { get }
    /// The process exit code a command-line front end should use.
    var exitCode: Int32 { get }
    /// The fix in neutral terms, when it is a setting to change or a listing to read; each
    /// front end phrases it its own way (a flag, a REPL command, a request field).
    var fix: Fix? { get }
}

extension TaskFlowError {
    public var hint: String? { nil }
    public var exitCode: Int32 { 1 }
    public var fix: Fix? { nil }
}

/// A fix in neutral terms: what to change (or read) and, when it helps, an example value.
///
/// Lower layers say *what* fixes an error; front ends say *how*: `Fix(.batchSize, example:
/// "256")` reads "pass --batch-size 256" in `tf`, "set batch-size 256" at the `tf>` prompt and
/// a request field in `tf serve`.
public struct Fix: Sendable, Hashable {
    /// What the fix acts on.
    public struct Subject: Sendable, Hashable, RawRepresentable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Records per batch.
        public static let batchSize = Subject(rawValue: "batch-size")
        /// The compute device.
        public static let device = Subject(rawValue: "device")
        /// CPU threads.
        public static let threads = Subject(rawValue: "threads")
        /// The language model agents call.
        public static let languageModel = Subject(rawValue: "llm")
        /// The tools a run uses.
        public static let tools = Subject(rawValue: "tools")
        /// One tool's option (`TOOL.OPTION=VALUE`).
        public static let toolOption = Subject(rawValue: "tool-option")
        /// The list of tools (read it).
        public static let listTools = Subject(rawValue: "list-tools")
        /// The list of a tool's options (read it).
        public static let listOptions = Subject(rawValue: "list-options")
        /// The text column of the dataset.
        public static let textColumn = Subject(rawValue: "text-column")
        /// The dataset's format, when its name does not say (`csv`, `tsv`, `jsonl`, `txt`).
        public static let inputFormat = Subject(rawValue: "input-format")
        /// The id column of the dataset.
        public static let idColumn = Subject(rawValue: "id-column")
        /// Which other columns of the dataset travel with its records.
        public static let columns = Subject(rawValue: "columns")
        /// The column holding each record's date or time.
        public static let timeColumn = Subject(rawValue: "time")
        /// The results database.
        public static let database = Subject(rawValue: "database")
        /// The content cache mode (on, off, refresh).
        public static let cache = Subject(rawValue: "cache")
    }

    public var subject: Subject
    /// A value that would work, as text (`256`, `cpu`, `sentiment.threshold=0.3`).
    public var example: String?

    public init(_ subject: Subject, example: String? = nil) {
        self.subject = subject
        self.example = example
    }
}

/// A general-purpose `TaskFlowError`: a message and an optional hint.
public struct TaskFlowFailure: TaskFlowError, Equatable {
    /// A stable machine-readable kind, e.g. `unknown-column`.
    public var code: String
    public var description: String
    public var hint: String?
    public var exitCode: Int32
    public var fix: Fix?

    public init(_ code: String, _ description: String, hint: String? = nil, exitCode: Int32 = 1) {
        self.code = code
        self.description = description
        self.hint = hint
        self.exitCode = exitCode
    }

    /// A failure whose fix is a setting to change; front ends phrase it (see `Fix`), and `hint`
    /// adds anything more.
    public init(_ code: String, _ description: String, fix: Fix, hint: String? = nil, exitCode: Int32 = 1) {
        self.init(code, description, hint: hint, exitCode: exitCode)
        self.fix = fix
    }
}
