import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting

/// `output FILE|off`: sends results to a file instead of the terminal.
struct OutputCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "output", usage: "output [FILE|off]", summary: "Send results to a file (off: back to the terminal)",
        details: """
            The file is written in full when output goes back (output off) or the REPL ends. Messages and errors still go to the terminal.
            Example: mode csv, then output /tmp/negative.csv, then show 100000, then output off
            """,
        category: .output, completion: .paths(extra: ["off"]))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        guard args.words.count <= 1 else { return .printUsage }
        guard let word = args.words.first else {
            session.console.print("output: \(session.console.redirectedPath ?? "terminal (stdout)")")
            return .ok
        }
        if ["off", "stdout", "-"].contains(word.lowercased()) {
            let was = session.console.redirectedPath
            session.console.redirect(to: nil)
            session.console.note(was.map { "output: back to the terminal (\($0) closed)" } ?? "output: terminal")
            return .ok
        }
        let sink = try FileDescriptorSink.file(session.resolveOutputPath(word), name: ReplArguments.briefPath(word))
        session.console.redirect(to: sink)
        session.console.note("output: \(word)")
        return .ok
    }
}
