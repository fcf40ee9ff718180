import Foundation
import Testing

private let hasDevFull = FileManager.default.fileExists(atPath: "/dev/full")

private func isCharacterDevice(_ path: String) throws -> Bool {
    try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType == .typeCharacterSpecial
}

/// Outputs that cannot be written fail the command, naming the path and the cause (D3); a
/// reader that goes away ends the run quietly.
@Suite("Output failures")
struct OutputFailureTests {
    let feedback = "Playground/feedback.csv"

    @Test("tf analyze -o /dev/full exits 1 naming the path and the cause", .enabled(if: hasDevFull))
    func analyzeToAFullDevice() throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let r = try TFProcess.run(["analyze", feedback, "--format", "jsonl", "-o", "/dev/full", "--quiet"], home: home)
        #expect(r.status == 1, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("error: cannot write /dev/full: No space left on device"), "stderr: \(r.stderr)")
        #expect(try isCharacterDevice("/dev/full"))
    }

    @Test("tf analyze with standard output on a full device exits 1", .enabled(if: hasDevFull))
    func analyzeStandardOutputToAFullDevice() throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let p = TFProcess.process(["analyze", feedback, "--quiet"], home: home)
        let err = Pipe()
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 1, "stderr: \(stderr)")
        #expect(stderr.contains("cannot write standard output: No space left on device"), "stderr: \(stderr)")
    }

    @Test("tf analyze | head -1: the run stops quietly with 141 (128 + SIGPIPE)")
    func aReaderThatGoesAway() throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let input = home.appendingPathComponent("big.csv")
        var csv = "id,text\n"
        for i in 0..<20_000 { csv += "\(i),this is a perfectly fine review number \(i) and nothing more to say\n" }
        try csv.write(to: input, atomically: true, encoding: .utf8)
        let running = try TFProcess.start(
            ["analyze", input.path, "--format", "jsonl", "--no-cache", "--db", home.appendingPathComponent("x.sqlite").path], home: home)
        // Like `head -1`: read the first line, then close the pipe.
        let reader = running.outPipe.fileHandleForReading
        var first = Data()
        while !first.contains(UInt8(ascii: "\n")) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            first.append(chunk)
        }
        try reader.close()
        let stderr = String(decoding: running.errPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        running.process.waitUntilExit()
        #expect(String(decoding: first, as: UTF8.self).hasPrefix(#"{"id":"0""#))
        #expect(running.process.terminationReason == .exit, "ended by a signal: \(stderr)")
        #expect(running.process.terminationStatus == 141, "stderr: \(stderr)")
        #expect(!stderr.contains("error"), "stderr: \(stderr)")
        #expect(!stderr.contains("Fatal"), "stderr: \(stderr)")
    }

    @Test("tf embed -o /dev/full exits 1 naming the path", .enabled(if: hasDevFull))
    func embedToAFullDevice() throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let input = home.appendingPathComponent("in.csv")
        try "id,text\na,I love this product!\nb,meh\n".write(to: input, atomically: true, encoding: .utf8)
        let r = try TFProcess.run(
            ["embed", input.path, "--model", TinyModels.path("tiny-bert"), "--threads", "1", "-o", "/dev/full", "--quiet"], home: home)
        #expect(r.status == 1, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("cannot write /dev/full: No space left on device"), "stderr: \(r.stderr)")
        #expect(try isCharacterDevice("/dev/full"))
    }

    @Test("REPL output /dev/full, then show: an error and a non-zero exit", .enabled(if: hasDevFull))
    func replOutputToAFullDevice() throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let r = try TFProcess.run(["--no-rc", "-c", "load \(feedback) --limit 20; run; output /dev/full; show 5"], home: home)
        #expect(r.status == 1, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("cannot write /dev/full: No space left on device"), "stderr: \(r.stderr)")
        let save = try TFProcess.run(["--no-rc", "-c", "load \(feedback) --limit 5; save /dev/full"], home: home)
        #expect(save.status == 1, "stderr: \(save.stderr)")
        #expect(!save.stderr.contains("saved"))
        #expect(try isCharacterDevice("/dev/full"))
    }

    @Test("tf analyze -o through a symlink writes the target and keeps the link")
    func analyzeThroughASymlink() throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let target = home.appendingPathComponent("results.jsonl").path
        let link = home.appendingPathComponent("latest.jsonl").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "results.jsonl")
        let r = try TFProcess.run(["analyze", feedback, "--format", "jsonl", "-o", link, "--quiet"], home: home)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: link)[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect(try String(contentsOfFile: target, encoding: .utf8).split(separator: "\n").count == 351)
    }
}
