import Synchronization
import TaskFlowCore
import TaskFlowPluginAPI

/// Where a `StallingAnalyzer` stalls: after `after` batch calls, the next call waits here until
/// its task is cancelled or the gate is released. A test awaits `stalled()` to learn that a run
/// is stuck mid-batch (no sleeps, no polling).
///
/// The gate counts calls across every analyzer that uses it.
public final class StallGate: Sendable {
    /// How many batch calls go through before one stalls.
    public let after: Int

    private struct State {
        var calls = 0
        var released = false
        /// Calls waiting in the gate, by ticket.
        var parked: [Int: CheckedContinuation<Void, any Error>] = [:]
        /// Tickets whose task was cancelled before they parked.
        var cancelled: Set<Int> = []
        var stalls = 0
        /// Observers waiting for the first stall.
        var observers: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    public init(after: Int) {
        self.after = after
    }

    /// The gate the analyzers made in this task (and the tasks it starts) use: bind it around
    /// `Engine.start` so that a `StallingAnalyzer` the engine makes from its type finds it.
    @TaskLocal public static var current: StallGate?

    /// Returns once a call has started stalling (at once if one already has).
    public func stalled() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s in
                if s.stalls > 0 { return true }
                s.observers.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    /// How many calls have stalled so far.
    public var stallCount: Int { state.withLock { $0.stalls } }

    /// Lets every stalled call go on, and every later call through without stalling.
    public func release() {
        let parked = state.withLock { s in
            s.released = true
            defer { s.parked = [:] }
            return Array(s.parked.values)
        }
        for c in parked { c.resume() }
    }

    /// Counts a batch call and, when it is the one after `after`, waits until the calling task
    /// is cancelled (throwing `CancellationError`) or the gate is released.
    public func pass() async throws {
        let ticket: Int? = state.withLock { s in
            s.calls += 1
            return s.calls == after + 1 && !s.released ? s.calls : nil
        }
        guard let ticket else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let (outcome, observers): (Result<Void, any Error>?, [CheckedContinuation<Void, Never>]) = state.withLock { s in
                    if s.cancelled.remove(ticket) != nil { return (.failure(CancellationError()), []) }
                    if s.released { return (.success(()), []) }
                    s.parked[ticket] = c
                    s.stalls += 1
                    defer { s.observers = [] }
                    return (nil, s.observers)
                }
                if let outcome { c.resume(with: outcome) }
                for o in observers { o.resume() }
            }
        } onCancel: {
            let parked = state.withLock { s -> CheckedContinuation<Void, any Error>? in
                if let c = s.parked.removeValue(forKey: ticket) { return c }
                s.cancelled.insert(ticket)
                return nil
            }
            parked?.resume(throwing: CancellationError())
        }
    }
}

/// An analyzer that behaves as the one it wraps until its gate says stall: then its batch call
/// waits until the run is cancelled (or the gate released). It replaces a stall hook in the
/// engine for tests of cancellation and of killed processes (`TF_TEST_STALL_AFTER_BATCHES`, and
/// the engine tests through TaskFlowTesting).
///
/// Made by the engine from its type (`ToolSelection(analyzer: StallingAnalyzer<Echo>.self)`), it
/// takes the wrapped analyzer's descriptor and options and the gate bound to `StallGate.current`
/// when the run started (without one it never stalls); made directly, it takes any instance.
/// ```swift
/// let gate = StallGate(after: 2)
/// let handle = StallGate.$current.withValue(gate) { engine.start(spec) }
/// await gate.stalled()   // two batches went through; the third is stuck
/// handle.cancel()
/// ```
public struct StallingAnalyzer<Wrapped: Analyzer>: Analyzer {
    public static var descriptor: AnalyzerDescriptor { Wrapped.descriptor }

    public let wrapped: Wrapped
    public let gate: StallGate?

    /// Wraps an analyzer; every call goes through `gate`.
    public init(wrapping wrapped: Wrapped, gate: StallGate?) {
        self.wrapped = wrapped
        self.gate = gate
    }

    public init(options: AnalyzerOptions, context: AnalyzerContext) throws {
        self.init(wrapping: try Wrapped(options: options, context: context), gate: StallGate.current)
    }

    public var fingerprints: [String: String] { wrapped.fingerprints }
    public var features: [FeatureRequest] { wrapped.features }

    public func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        try await gate?.pass()
        return try await wrapped.analyze(batch, context: context)
    }

    public func analyze(_ batch: [Record], features: FeatureValues, context: AnalyzerContext) async throws -> [AnalysisValue] {
        try await gate?.pass()
        return try await wrapped.analyze(batch, features: features, context: context)
    }
}

extension StallGate {
    /// The stalling version of an analyzer type (`StallingAnalyzer<T>.self` for the `T` inside),
    /// for code that holds only `any Analyzer.Type`, such as a registry entry.
    public static func stallingType(wrapping type: any Analyzer.Type) -> any Analyzer.Type {
        func open<T: Analyzer>(_: T.Type) -> any Analyzer.Type { StallingAnalyzer<T>.self }
        return open(type)
    }
}

extension ToolSelection {
    /// The same tool with the same options, made as a `StallingAnalyzer` around it.
    ///
    /// - Throws: `TaskFlowFailure` for a tool that is not a per-batch analyzer.
    public func stalling() throws -> ToolSelection {
        guard case .analyzer(let type) = entry.type else {
            throw TaskFlowFailure("not-an-analyzer", "\(id) is not a per-batch analyzer, so it cannot stall mid-batch")
        }
        let wrapped = ToolEntry(
            analyzer: StallGate.stallingType(wrapping: type), descriptor: entry.analyzerDescriptor, plugin: entry.plugin)
        return try ToolSelection(entry: wrapped, options: options)
    }
}
