import TaskFlowCore
import TaskFlowPluginAPI

/// The REPL's common failures, each naming what to do first.
enum ReplFailure {
    static let noDataset = TaskFlowFailure(
        "no-dataset", "no dataset loaded", hint: "load PATH first (e.g. load Playground/feedback.csv)")

    static func noResults(datasetLoaded: Bool) -> TaskFlowFailure {
        TaskFlowFailure(
            "no-results", "no results yet",
            hint: datasetLoaded ? "run first (results <RUN> loads a stored run)" : "load PATH, then run")
    }

    static func cannotWrite(_ path: String, reason: String) -> TaskFlowFailure {
        TaskFlowFailure("cannot-write", "cannot write \(ReplArguments.briefPath(path)): \(reason)", hint: "check that the folder exists and is writable")
    }

    static func notFound(_ path: String) -> TaskFlowFailure {
        TaskFlowFailure("not-found", "\(ReplArguments.briefPath(path)): no such file", hint: "check the path (Tab completes file names)")
    }

    static func onOff(_ command: String, _ word: String) -> TaskFlowFailure {
        TaskFlowFailure("bad-argument", "\(command) takes on or off, not '\(ReplArguments.brief(word))'", hint: "\(command) on", exitCode: 2)
    }
}

/// A failure already printed (a nested script that stopped): the caller only counts it.
struct AlreadyReported: Error {}

/// A command stopped by Ctrl-C, already reported.
struct CommandCancelled: Error {}
