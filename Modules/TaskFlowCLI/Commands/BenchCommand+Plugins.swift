import Foundation
import TaskFlowPluginAPI

extension BenchCommand {
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
        func best(_ args: [String]) throws -> Double {
            var times: [Double] = []
            for _ in 0..<15 {
                let p = Process()
                p.executableURL = exe
                p.arguments = args
                var env = ProcessInfo.processInfo.environment
                env["TF_HOME"] = home.path
                env.removeValue(forKey: "TF_PLUGIN_PATH")
                p.environment = env
                p.standardOutput = FileHandle.nullDevice
                let clock = ContinuousClock()
                let t0 = clock.now
                try p.run()
                p.waitUntilExit()
                guard p.terminationStatus == 0 else {
                    throw TaskFlowFailure("bench-failed", "tf \(args.joined(separator: " ")) exited with \(p.terminationStatus)")
                }
                times.append(Self.seconds(clock.now - t0) * 1000)
            }
            return times.sorted()[times.count / 2]
        }
        let bare = try best(["tools"])
        let loaded = try best(["tools"] + bundles.flatMap { ["--plugin", $0] })
        print("startup.tools: \(String(format: "%.1f", bare)) ms (median of 15)")
        print("startup.tools.threePlugins: \(String(format: "%.1f", loaded)) ms (median of 15)")
        print("plugins.loadCost: \(String(format: "%.1f", loaded - bare)) ms for 3 bundles")
    }
}
