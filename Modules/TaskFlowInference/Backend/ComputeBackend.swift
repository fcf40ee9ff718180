import TaskFlowCore
import TaskFlowPluginAPI

/// Token ids of several sequences laid end to end, with no padding between them.
///
/// Each sequence attends only to its own tokens, which is exactly what a right-padded batch
/// with an attention mask computes for its real tokens, without the wasted rows.
public struct PackedBatch: Sendable, Hashable {
    public var ids: [Int32] = []
    public var typeIDs: [Int32] = []
    public var positionIDs: [Int32] = []
    /// Each sequence's first token row.
    public var starts: [Int] = []
    public var lengths: [Int] = []

    public init() {}

    /// The number of token rows.
    public var tokenCount: Int { ids.count }

    /// Appends one sequence.
    public mutating func append(ids: [Int], typeIDs: [Int], positionIDs: [Int32]) {
        starts.append(self.ids.count)
        lengths.append(ids.count)
        self.ids += ids.map { Int32(truncatingIfNeeded: $0) }
        self.typeIDs += typeIDs.map { Int32(truncatingIfNeeded: $0) }
        self.positionIDs += positionIDs
    }
}

/// Where encoder math runs: it takes a `TransformerStack` and a packed batch and returns the
/// last hidden states.
///
/// This is the boundary a GPU backend implements: architectures only describe their weights
/// as a `TransformerStack`, tokenisation, batching and heads stay on the CPU, and a backend
/// owns its native resources behind its own synchronisation.
public protocol ComputeBackend: Sendable {
    /// A short description: `cpu (OpenBLAS Haswell, 2 threads)`.
    var name: String { get }

    /// The last hidden states, `[tokenCount][hiddenSize]` in the batch's row order.
    func encode(_ stack: TransformerStack, _ batch: PackedBatch) throws -> [Float]
}

/// Picks the backend for a device.
public enum ComputeBackends {
    /// The backend that runs on `device`: the CPU (BLAS) for `.cpu` and `.auto`.
    ///
    /// - Throws: `device-unavailable` for a GPU: this build has no GPU backend, and a missing
    ///   device is an error, never a silent fallback.
    public static func make(for device: Device) throws -> any ComputeBackend {
        switch device {
        case .cpu(let threads): return CPUBackend(threads: threads)
        case .auto: return CPUBackend(threads: Device.defaultThreads)
        case .gpu(let index):
            throw TaskFlowFailure(
                "device-unavailable",
                "device 'gpu:\(index)' is not available: this build of TaskFlow has no GPU backend for transformer models",
                fix: Fix(.device, example: "cpu"), hint: "a CUDA backend is planned", exitCode: 2)
        }
    }
}
