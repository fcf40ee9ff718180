import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

extension Benchmarks {
    /// What loading plugins adds to start-up: `tf tools` with and without the three example bundles.
    func benchPlugins() throws {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let dir = exe.deletingLastPathComponent()
        let bundles = ["libToxicity.so", "libNearDuplicates.so", "libBriefing.so"].map { dir.appendingPathComponent($0).path }
        for b in bundles where !FileManager.default.fileExists(atPath: b) {
            throw TaskFlowFailure("bench-failed", "plugin bundle \(b) is missing", hint: "build the bundles first: swift build -c release --product \(b.split(separator: "/").last!.dropFirst(3).dropLast(3))")
        }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("tf-bench-plugins-\(getpid())")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        func once(_ args: [String], output: FileHandle? = nil) throws -> Double {
            let p = Process()
            p.executableURL = exe
            p.arguments = args
            var env = ProcessInfo.processInfo.environment
            env["TF_HOME"] = home.path
            env.removeValue(forKey: "TF_PLUGIN_PATH")
            p.environment = env
            p.standardOutput = output ?? FileHandle.nullDevice
            let clock = ContinuousClock()
            let t0 = clock.now
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else {
                throw TaskFlowFailure("bench-failed", "tf \(args.joined(separator: " ")) exited with \(p.terminationStatus)")
            }
            return (clock.now - t0).inSeconds * 1000
        }
        // Interleaved, so that drift in the machine's speed affects both alike.
        let withPlugins = ["tools"] + bundles.flatMap { ["--plugin", $0] }
        var bare: [Double] = []
        var loaded: [Double] = []
        for _ in 0..<25 {
            bare.append(try once(["tools"]))
            loaded.append(try once(withPlugins))
        }
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
        // The loader's own clock: dlopen, checks and registration, per bundle.
        let pipe = Pipe()
        _ = try once(["plugins", "list", "--json"] + bundles.flatMap { ["--plugin", $0] }, output: pipe.fileHandleForWriting)
        try? pipe.fileHandleForWriting.close()
        let listing = try JSONParser.parse(Array(pipe.fileHandleForReading.readDataToEndOfFile()))
        let inLoader = (listing["loaded"]?.arrayValue ?? []).compactMap { $0["loadMilliseconds"]?.doubleValue }
        emit("startup.tools: \(String(format: "%.1f", median(bare))) ms (median of 25)")
        emit("startup.tools.threePlugins: \(String(format: "%.1f", median(loaded))) ms (median of 25, interleaved)")
        emit("plugins.loadCost: \(String(format: "%.1f", median(loaded) - median(bare))) ms for \(bundles.count) bundles (difference of medians)")
        emit("plugins.loadCost.inLoader: \(String(format: "%.2f", inLoader.reduce(0, +))) ms for \(inLoader.count) bundles (loader's clock)")
    }
}
