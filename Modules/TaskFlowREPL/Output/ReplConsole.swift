import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowWorkspace

/// The REPL's two streams: results (stdout, or the file `output FILE` chose) and messages
/// (stderr: confirmations, progress, warnings and errors).
///
/// What reaches a terminal has its control characters neutralised (`TerminalSafe`): results
/// printed to a terminal, and every message. Only the console's own colours pass.
public struct ReplConsole: Sendable {
    /// Where results go now.
    public private(set) var out: any TextSink
    /// Standard output, where results go without `output FILE`.
    public let standardOut: any TextSink
    /// Messages.
    public let err: any TextSink
    /// Colour is allowed at all (a terminal and no `NO_COLOR`); each stream still has to be a terminal.
    public let colourAllowed: Bool
    private let widthProvider: @Sendable () -> Int

    public init(out: any TextSink, err: any TextSink, colourAllowed: Bool, width: @escaping @Sendable () -> Int) {
        self.out = out
        self.standardOut = out
        self.err = err
        self.colourAllowed = colourAllowed
        self.widthProvider = width
    }

    /// Columns available for results: the terminal's width, else 120 for pipes and 160 for files.
    public var width: Int {
        if out !== standardOut { return 160 }
        return out.isTerminal ? widthProvider() : max(120, widthProvider())
    }

    /// Whether results are redirected to a file.
    public var redirectedPath: String? { (out as? FileDescriptorSink)?.path }

    /// Sends results to `sink` (nil: back to standard output), closing a previous file; a
    /// failure to finish that file is reported as an error.
    mutating func redirect(to sink: FileDescriptorSink?) {
        if out !== standardOut, let file = out as? FileDescriptorSink {
            do { try file.close() } catch { self.error(error) }
        }
        out = sink ?? standardOut
    }

    /// Flushes the results and throws a write failure not reported yet (a full disk under
    /// `output FILE`); a standard output whose reader went away (`| head`) fails quietly.
    func checkOutput() throws {
        out.flush()
        guard let failure = out.unreportedFailure() else { return }
        if failure.code == FileDescriptorSink.readerWentAway { throw AlreadyReported() }
        throw failure
    }

    /// Writes a result line (a newline is added unless `text` already ends with one).
    public func print(_ text: String) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        out.write(out.isTerminal ? TerminalSafe.neutralise(line, lineBreaks: true, keeping: styles(on: out)) : line)
    }

    /// Writes a message line on stderr (after the results so far, so a terminal shows them in order).
    public func note(_ text: String) {
        out.flush()
        let line = text.hasSuffix("\n") ? text : text + "\n"
        err.write(TerminalSafe.neutralise(line, lineBreaks: true, keeping: styles(on: err)))
        err.flush()
    }

    /// `warning: …` on stderr.
    public func warning(_ text: String) {
        note(paint("warning:", .yellow, on: err) + " " + text)
    }

    /// `error: …` and `hint: …` on stderr; `location` (`file.tf:3`) goes before the message.
    public func error(_ error: any Error, location: String? = nil) {
        let prefix = location.map { "\($0): " } ?? ""
        var lines: [String] = []
        switch error {
        case let e as any TaskFlowError:
            lines.append(paint("error:", .red, on: err) + " " + prefix + e.description)
            if let hint = FrontEnd.repl.hint(for: e) { lines.append(paint("hint:", .cyan, on: err) + " " + hint) }
        case is CancellationError:
            lines.append(prefix + "cancelled")
        default:
            lines.append(paint("error:", .red, on: err) + " " + prefix + "\(error)")
        }
        out.flush()
        // Results lost before this error are reported with it, not after the next command.
        if let lost = out.unreportedFailure(), lost.code != FileDescriptorSink.readerWentAway {
            lines.append(paint("error:", .red, on: err) + " " + lost.description)
            if let hint = lost.hint { lines.append(paint("hint:", .cyan, on: err) + " " + hint) }
        }
        note(lines.joined(separator: "\n"))
    }

    /// Writes out buffered results.
    public func flush() {
        out.flush()
        err.flush()
    }

    /// ANSI colours used sparingly: errors, hints, headers and bars.
    public enum Colour: String, Sendable, CaseIterable {
        case red = "31", yellow = "33", cyan = "36", bold = "1", dim = "2", green = "32"
    }

    /// The escape sequences `paint` writes on `sink`, which neutralising keeps.
    private func styles(on sink: any TextSink) -> [String] {
        guard colourAllowed, sink.isTerminal else { return [] }
        return Colour.allCases.map { "\u{1B}[\($0.rawValue)m" } + ["\u{1B}[0m"]
    }

    /// `text` in a colour when `sink` is a terminal and colour is allowed.
    public func paint(_ text: String, _ colour: Colour, on sink: (any TextSink)? = nil) -> String {
        let target = sink ?? out
        guard colourAllowed, target.isTerminal else { return text }
        return "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m"
    }
}
