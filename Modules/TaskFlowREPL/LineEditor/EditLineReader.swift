@preconcurrency import CEditLine
import Foundation

/// Line editing with libedit on a terminal: prompt, history (Up/Down, Ctrl-R, a history
/// file), Tab completion, and Ctrl-C that clears the line.
///
/// Reads in libedit's callback mode with `poll` on stdin and a wake-up pipe, so a Ctrl-C that
/// arrives through the signal handler (`wake()`) clears the line instead of being swallowed.
/// libedit keeps global state, so there is one reader per process, used from one thread.
public final class EditLineReader: LineReader, @unchecked Sendable {
    private let historyPath: String?
    private let wakeRead: Int32
    private let wakeWrite: Int32

    /// Sets up libedit: history from `historyPath`, completion from `completer`.
    public init(historyPath: String?, completer: Completer) {
        self.historyPath = historyPath
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
            _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        EditLineBridge.completer = completer
        rl_readline_name = EditLineBridge.name
        rl_basic_word_break_characters = EditLineBridge.wordBreaks
        rl_attempted_completion_function = EditLineBridge.attemptedCompletion
        rl_initialize()
        using_history()
        stifle_history(1000)
        if let historyPath { _ = read_history(historyPath) }
    }

    /// Interrupts a read in progress: the line is cleared and the prompt shown again.
    ///
    /// Safe to call from any thread (it only writes to a pipe).
    public func wake() {
        var one: UInt8 = 1
        _ = write(wakeWrite, &one, 1)
    }

    public func readLine(prompt: String) -> String? {
        EditLineBridge.done = false
        EditLineBridge.line = nil
        rl_callback_handler_install(prompt, EditLineBridge.lineHandler)
        defer { rl_callback_handler_remove() }
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        while !EditLineBridge.done {
            fds[0].revents = 0
            fds[1].revents = 0
            let n = poll(&fds, 2, -1)
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if fds[1].revents & Int16(POLLIN) != 0 {
                var drain = [UInt8](repeating: 0, count: 64)
                while read(wakeRead, &drain, drain.count) > 0 {}
                rl_replace_line("", 0)
                rl_callback_handler_remove()
                FileHandle.standardOutput.write(Data("^C\n".utf8))
                rl_callback_handler_install(prompt, EditLineBridge.lineHandler)
                continue
            }
            let stdinEvents = fds[0].revents
            if stdinEvents & Int16(POLLIN) != 0 {
                var available: Int32 = 0
                if ioctl(STDIN_FILENO, UInt(FIONREAD), &available) == 0, available == 0 {
                    // Readable with nothing to read: the terminal is gone.
                    FileHandle.standardOutput.write(Data("\n".utf8))
                    return nil
                }
                rl_callback_read_char()
            } else if stdinEvents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                return nil
            }
        }
        return EditLineBridge.line
    }

    public func addHistory(_ line: String) {
        add_history(line)
        if let historyPath { _ = write_history(historyPath) }
    }

    public func savedHistory() -> [String] {
        var out: [String] = []
        let base = history_base
        for i in 0..<history_length {
            if let entry = history_get(base + i), let text = entry.pointee.line {
                out.append(String(cString: text))
            }
        }
        return out
    }
}

/// The C callbacks libedit calls, and the state they share with `EditLineReader`.
///
/// libedit's API takes plain C function pointers without a context argument, so this state
/// has to be global; only the reading thread touches it.
enum EditLineBridge {
    nonisolated(unsafe) static var completer: Completer?
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var matchIndex = 0
    nonisolated(unsafe) static var line: String?
    nonisolated(unsafe) static var done = false

    nonisolated(unsafe) static let name: UnsafePointer<CChar>? = UnsafePointer(strdup("tf"))
    nonisolated(unsafe) static let wordBreaks: UnsafePointer<CChar>? = UnsafePointer(strdup(" \t\n"))

    /// Called by libedit with a finished line (malloc'd, ours to free), or NULL at Ctrl-D.
    static let lineHandler: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { text in
        if let text {
            line = String(decoding: UnsafeRawBufferPointer(start: text, count: strlen(text)), as: UTF8.self)
            free(text)
        } else {
            line = nil
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
        done = true
    }

    /// Hands libedit the matches one at a time (strdup'd: libedit frees them).
    static let generator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
        if state == 0 { matchIndex = 0 }
        guard matchIndex < matches.count else { return nil }
        defer { matchIndex += 1 }
        return strdup(matches[matchIndex])
    }

    /// Computes the candidates for the word before the cursor from the whole line.
    static let attemptedCompletion: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, _ in
        rl_attempted_completion_over = 1
        var before = ""
        if let buffer = rl_line_buffer {
            let count = Int(max(0, min(rl_point, Int32(strlen(buffer)))))
            before = String(decoding: UnsafeRawBufferPointer(start: buffer, count: count), as: UTF8.self)
        }
        matches = completer?.complete(before) ?? []
        guard !matches.isEmpty else { return nil }
        // No space after a folder or a `TOOL.` stem, so typing can go on.
        let unique = matches.count == 1 ? matches[0] : nil
        rl_completion_append_character = unique.map { $0.hasSuffix("/") || $0.hasSuffix(".") || $0.hasSuffix("=") || $0.hasSuffix("<") || $0.hasSuffix(">") || $0.hasSuffix("~") } == true ? 0 : 32
        return rl_completion_matches(text, generator)
    }
}
