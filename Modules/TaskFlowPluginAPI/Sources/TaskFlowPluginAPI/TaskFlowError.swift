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
}

extension TaskFlowError {
    public var hint: String? { nil }
    public var exitCode: Int32 { 1 }
}

/// A general-purpose `TaskFlowError`: a message and an optional hint.
public struct TaskFlowFailure: TaskFlowError, Equatable {
    /// A stable machine-readable kind, e.g. `unknown-column`.
    public var code: String
    public var description: String
    public var hint: String?
    public var exitCode: Int32

    public init(_ code: String, _ description: String, hint: String? = nil, exitCode: Int32 = 1) {
        self.code = code
        self.description = description
        self.hint = hint
        self.exitCode = exitCode
    }
}
