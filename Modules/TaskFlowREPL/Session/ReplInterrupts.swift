import Synchronization
import TaskFlowCore
import TaskFlowPluginAPI

/// Where Ctrl-C goes: to the innermost thing running (a run, then the command), else nowhere.
///
/// Commands push a cancel action while they run; the signal handler calls the last one pushed.
public final class ReplInterrupts: Sendable {
    private struct State {
        var next = 0
        var actions: [(id: Int, action: @Sendable () -> Void)] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Registers `action` as the current Ctrl-C target; pass the result to `remove`.
    public func push(_ action: @escaping @Sendable () -> Void) -> Int {
        state.withLock { s in
            s.next += 1
            s.actions.append((s.next, action))
            return s.next
        }
    }

    /// Unregisters an action.
    public func remove(_ id: Int) {
        state.withLock { s in s.actions.removeAll { $0.id == id } }
    }

    /// Calls the innermost action; false when nothing is running.
    @discardableResult
    public func interrupt() -> Bool {
        let action = state.withLock { $0.actions.last?.action }
        action?()
        return action != nil
    }
}
