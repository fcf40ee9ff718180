/// A command a plugin adds to the `tf>` REPL.
///
/// It appears in `help` and completion like a built-in; it receives the words after its name
/// and the current run's corpus (nil before the first `run`), and returns the text to print.
public protocol PluginCommand: Sendable {
    /// The command word, e.g. `dupes`.
    static var name: String { get }
    /// One line of usage, e.g. `dupes [N]`.
    static var usage: String { get }
    /// One-line summary for `help`.
    static var summary: String { get }

    init()

    func run(arguments: [String], corpus: Corpus?) async throws -> String
}
