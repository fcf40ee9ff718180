import TaskFlowCore
import TaskFlowPluginAPI

/// `device [cpu|gpu|gpu:N|auto] [--threads N]`: where the next run computes.
struct DeviceCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "device", usage: "device [cpu|gpu|gpu:N|auto] [--threads N]",
        summary: "Show or choose the compute device for the next run",
        details: """
            auto uses the best device present (the CPU in this build). A device that is not
            present is an error, never a silent fallback. --threads sets the CPU threads
            (default: every core).
            Example: device cpu --threads 2
            """,
        category: .pipeline, completion: .words(["cpu", "gpu", "auto", "--threads"]))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        let parsed = try args.parse(options: ["--threads"])
        guard parsed.positional.count <= 1 else { return .printUsage }
        let threads = try parsed.positiveInt("--threads")
        if parsed.positional.isEmpty && threads == nil {
            session.console.print("device: \(Self.describe(session))")
            return .ok
        }
        var next = session.state
        if let name = parsed.positional.first { next.device = name.lowercased() }
        if let threads { next.threads = min(threads, 1024) }
        let parsedDevice = try Device.parse(next.device, threads: next.threads)
        do {
            _ = try parsedDevice.resolved(threads: next.threads)
        } catch let e as TaskFlowFailure where e.code == "device-unavailable" {
            throw TaskFlowFailure(e.code, e.description, hint: "device cpu (or device auto)", exitCode: e.exitCode)
        }
        session.state.device = next.device
        session.state.threads = next.threads
        session.console.note("device: \(Self.describe(session))")
        return .ok
    }

    /// `auto → cpu (2 threads)`.
    static func describe(_ session: isolated ReplSession) -> String {
        let resolved = (try? session.resolvedDevice())?.description ?? "not available"
        let name = session.state.device
        return name == "auto" ? "auto → \(resolved)" : resolved
    }
}
