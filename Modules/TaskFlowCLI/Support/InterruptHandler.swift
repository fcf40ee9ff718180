import Dispatch
import Foundation

/// Turns Ctrl-C (SIGINT) into a call, instead of killing the process.
final class InterruptHandler: @unchecked Sendable {
    private let source: any DispatchSourceSignal

    /// Installs the handler; `action` runs on a private queue for each Ctrl-C.
    init(_ action: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "taskflow.sigint"))
        source.setEventHandler(handler: action)
        source.resume()
    }

    /// Restores the default Ctrl-C behaviour.
    func remove() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
