@preconcurrency import Dispatch
import Foundation

/// Turns Ctrl-C (SIGINT) — and SIGTERM and SIGHUP, which stop a run the same way — into a call
/// instead of ending the process.
///
/// Every front end traps through this one type: `tf analyze` cancels its run, the REPL cancels
/// the command in flight or clears the line.
public final class SignalTrap: Sendable {
    private let sources: [any DispatchSourceSignal]
    private let signals: [Int32]

    /// Installs the trap; `action` runs on a private queue once per signal.
    ///
    /// - Parameter alsoTermination: trap SIGTERM and SIGHUP too (runs: stop cleanly, keep what
    ///   is committed); the REPL's prompt leaves them to end the process.
    public init(alsoTermination: Bool = true, _ action: @escaping @Sendable () -> Void) {
        signals = alsoTermination ? [SIGINT, SIGTERM, SIGHUP] : [SIGINT]
        let queue = DispatchQueue(label: "taskflow.signals")
        var made: [any DispatchSourceSignal] = []
        for s in signals {
            // Ignored first, so the default action cannot end the process before the source is
            // armed (and on macOS the source never sees a signal whose default action ran).
            signal(s, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: s, queue: queue)
            source.setEventHandler(handler: action)
            source.resume()
            made.append(source)
        }
        sources = made
    }

    /// Restores the default behaviour of the trapped signals.
    public func remove() {
        for source in sources { source.cancel() }
        for s in signals { signal(s, SIG_DFL) }
    }
}
