import Foundation

/// Runs the built `tf` binary (the one `swift build` put beside the test bundle).
struct TFProcess {
    static var binary: URL {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // The test bundle may sit inside a .xctest folder.
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("tf")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return exe.deletingLastPathComponent().appendingPathComponent("tf")
    }

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `tf ARGS` to completion with `TF_HOME` in a temporary folder.
    static func run(_ args: [String], home: URL, environment: [String: String] = [:]) throws -> Result {
        let p = try start(args, home: home, environment: environment)
        let out = p.outPipe.fileHandleForReading.readDataToEndOfFile()
        let err = p.errPipe.fileHandleForReading.readDataToEndOfFile()
        p.process.waitUntilExit()
        return Result(
            status: p.process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }

    struct Running {
        var process: Process
        var outPipe: Pipe
        var errPipe: Pipe
    }

    /// A `tf ARGS` process run from the repository with `TF_HOME` at `home`, not yet started.
    static func process(_ args: [String], home: URL, environment: [String: String] = [:]) -> Process {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = repository
        var env = ProcessInfo.processInfo.environment
        env["TF_HOME"] = home.path
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "TF_DB")
        for (k, v) in environment { env[k] = v }
        p.environment = env
        return p
    }

    static func start(_ args: [String], home: URL, environment: [String: String] = [:]) throws -> Running {
        let p = process(args, home: home, environment: environment)
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return Running(process: p, outPipe: out, errPipe: err)
    }

    /// Reads stderr line by line until a line contains `marker`; returns what was read.
    static func waitForStderr(_ running: Running, containing marker: String) -> String {
        var seen = Data()
        let handle = running.errPipe.fileHandleForReading
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
            if String(decoding: seen, as: UTF8.self).contains(marker) { break }
        }
        return String(decoding: seen, as: UTF8.self)
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-it-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
