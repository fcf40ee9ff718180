import Foundation

extension TFProcess {
    /// Runs `tf ARGS` with `input` piped to its stdin, reading stdout and stderr as they come.
    static func run(_ args: [String], home: URL, input: Data, environment: [String: String] = [:]) throws -> Result {
        let p = process(args, home: home, environment: environment)
        let stdin = Pipe()
        let out = Pipe()
        let err = Pipe()
        p.standardInput = stdin
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let group = DispatchGroup()
        let box = OutputBox()
        DispatchQueue.global().async(group: group) {
            // The process may stop reading early (quit, --bail); a broken pipe is fine.
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        DispatchQueue.global().async(group: group) { box.set(err: err.fileHandleForReading.readDataToEndOfFile()) }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(
            status: p.terminationReason == .uncaughtSignal ? -p.terminationStatus : p.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: box.err, as: UTF8.self))
    }

    static func run(_ args: [String], home: URL, input: String, environment: [String: String] = [:]) throws -> Result {
        try run(args, home: home, input: Data(input.utf8), environment: environment)
    }
}

/// Stderr collected on another thread.
private final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func set(err: Data) {
        lock.lock()
        data = err
        lock.unlock()
    }

    var err: Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
