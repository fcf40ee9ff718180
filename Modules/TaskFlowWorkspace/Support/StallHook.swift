import Foundation
import Synchronization
import TaskFlowCore
import TaskFlowPluginAPI

/// The test hook behind `TF_TEST_STALL_AFTER_BATCHES=N`: once N batches are committed, the run
/// stops making progress until it is cancelled or killed, and says so on stderr.
///
/// Integration tests use it to interrupt a run at a known point (Ctrl-C, `kill -9`). It lives
/// here, not in the engine: the first analyzer of the run is wrapped in a `StallingAnalyzer`
/// that, on batch N+1, waits until N commits were observed, announces the stall and waits for
/// cancellation.
public final class StallHook: Sendable {
    public let after: Int
    private struct State {
        var committed = 0
        var waiters: [(Int, CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    /// The hook the running task's analyzers see (set around the engine's start).
    @TaskLocal static var current: StallHook?

    public init(after: Int) {
        self.after = after
    }

    /// The hook `TF_TEST_STALL_AFTER_BATCHES` asks for, if any.
    public static func fromEnvironment(_ environment: [String: String]) -> StallHook? {
        guard let n = environment["TF_TEST_STALL_AFTER_BATCHES"].flatMap(Int.init), n >= 0 else { return nil }
        return StallHook(after: n)
    }

    /// The selection with its analyzer wrapped so that it stalls on batch `after + 1`.
    func wrap(_ selection: ToolSelection) throws -> ToolSelection {
        guard case .analyzer(let type) = selection.entry.type else { return selection }
        func stalling<A: Analyzer>(_ t: A.Type) -> any Analyzer.Type { StallingAnalyzer<A>.self }
        let entry = ToolEntry(
            analyzer: stalling(type), descriptor: selection.entry.analyzerDescriptor, plugin: selection.entry.plugin)
        return try ToolSelection(entry: entry, options: selection.options)
    }

    /// Starts the engine inside the hook's scope, and counts the batches it commits.
    func run(_ start: () -> RunHandle) -> RunHandle {
        let inner = StallHook.$current.withValue(self) { start() }
        let (stream, continuation) = AsyncThrowingStream<RunEvent, any Error>.makeStream()
        let forward = Task {
            do {
                for try await event in inner.events {
                    if case .batch(let b) = event { committed(b.index + 1) }
                    continuation.yield(event)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        return RunHandle(events: stream) {
            inner.cancel()
            _ = forward
        }
    }

    private func committed(_ n: Int) {
        let ready = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.committed = max(s.committed, n)
            let done = s.waiters.filter { $0.0 <= s.committed }.map(\.1)
            s.waiters.removeAll { $0.0 <= s.committed }
            return done
        }
        for c in ready { c.resume() }
    }

    /// Returns once `n` batches are committed.
    func waitForCommits(_ n: Int) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.committed >= n { return true }
                s.waiters.append((n, c))
                return false
            }
            if now { c.resume() }
        }
    }
}

/// An analyzer that behaves like `Wrapped` until batch `after + 1` of its run, where it waits
/// for `after` commits, announces the stall on stderr and waits until the run is cancelled.
struct StallingAnalyzer<Wrapped: Analyzer>: Analyzer {
    static var descriptor: AnalyzerDescriptor { Wrapped.descriptor }

    private let wrapped: Wrapped
    private let calls = Counter()

    /// Calls so far (a class, so the analyzer stays a copyable value).
    private final class Counter: Sendable {
        let value = Mutex(0)
    }

    init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        wrapped = try Wrapped(options: options, context: context)
    }

    var fingerprints: [String: String] { wrapped.fingerprints }

    func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        let call = calls.value.withLock { n in
            n += 1
            return n
        }
        if let hook = StallHook.current, call == hook.after + 1 {
            await hook.waitForCommits(hook.after)
            FileHandle.standardError.write(Data("taskflow: stalled after \(hook.after) batches (test hook)\n".utf8))
            await Waiting.untilCancelled()
            throw CancellationError()
        }
        return try await wrapped.analyze(batch, context: context)
    }
}

/// Waiting without polling.
enum Waiting {
    /// The state of one wait: whether cancellation came, and the suspended continuation.
    private final class Pending: Sendable {
        let state = Mutex<(cancelled: Bool, continuation: CheckedContinuation<Void, Never>?)>((false, nil))
    }

    /// Suspends until the current task is cancelled (no polling).
    static func untilCancelled() async {
        let pending = Pending()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = pending.state.withLock { p -> Bool in
                    if p.cancelled { return true }
                    p.continuation = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            let c = pending.state.withLock { p -> CheckedContinuation<Void, Never>? in
                p.cancelled = true
                defer { p.continuation = nil }
                return p.continuation
            }
            c?.resume()
        }
    }
}
