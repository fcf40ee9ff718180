import Foundation
import Synchronization
import TaskFlowCore
import TaskFlowPluginAPI

/// The test hook behind `TF_TEST_STALL_AFTER_BATCHES=N`: once N batches are committed, the run
/// stops making progress until it is cancelled or killed, and says so on stderr.
///
/// Integration tests use it to interrupt a run at a known point (Ctrl-C, `kill -9`). The first
/// analyzer of the run stalls on batch N+1 through a `StallGate`; because batches are stored
/// while the next one is analysed, the announcement waits for both the stall and the commit of
/// batch N, so a test that kills the process on the message finds exactly N batches stored.
final class StallHook: Sendable {
    let gate: StallGate
    private let committed = Mutex<(count: Int, waiter: CheckedContinuation<Void, Never>?)>((0, nil))

    init(after: Int) {
        gate = StallGate(after: after)
    }

    /// The hook `TF_TEST_STALL_AFTER_BATCHES` asks for, if any.
    static func fromEnvironment(_ environment: [String: String]) -> StallHook? {
        guard let n = environment["TF_TEST_STALL_AFTER_BATCHES"].flatMap(Int.init), n >= 0 else { return nil }
        return StallHook(after: n)
    }

    /// The selection with its analyzer wrapped so that it stalls on batch `after + 1`.
    func wrap(_ selection: ToolSelection) throws -> ToolSelection {
        try selection.stalling()
    }

    /// Starts the engine with the gate bound, forwards its events, and announces the stall.
    func run(_ start: () -> RunHandle) -> RunHandle {
        let inner = StallGate.$current.withValue(gate) { start() }
        let (stream, continuation) = AsyncThrowingStream<RunEvent, any Error>.makeStream()
        let after = gate.after
        let announce = Task {
            await gate.stalled()
            await waitForCommits(after)
            FileHandle.standardError.write(Data("taskflow: stalled after \(after) batches (test hook)\n".utf8))
        }
        let forward = Task {
            do {
                for try await event in inner.events {
                    if case .batch(let b) = event { didCommit(b.index + 1) }
                    continuation.yield(event)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
            announce.cancel()
        }
        return RunHandle(events: stream) {
            inner.cancel()
            _ = forward
        }
    }

    private func didCommit(_ n: Int) {
        let ready = committed.withLock { c -> CheckedContinuation<Void, Never>? in
            c.count = max(c.count, n)
            guard c.count >= gate.after, let w = c.waiter else { return nil }
            c.waiter = nil
            return w
        }
        ready?.resume()
    }

    private func waitForCommits(_ n: Int) async {
        await withCheckedContinuation { (w: CheckedContinuation<Void, Never>) in
            let now = committed.withLock { c -> Bool in
                if c.count >= n { return true }
                c.waiter = w
                return false
            }
            if now { w.resume() }
        }
    }
}
