import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

@testable import TaskFlowReporting

/// Short and failed writes are errors (D3).
@Suite struct TextOutputFailureTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func aFullDeviceIsAnErrorNamingThePath() throws {
        let out = try TextOutput.file("/dev/full")
        out.write(String(repeating: "x", count: 100_000))  // past the buffer: the write fails now
        #expect(out.failed)
        #expect(throws: OutputError.self) { try out.check() }
        out.write("dropped")
        let error = try #require(throws: OutputError.self) { try out.close() }
        #expect(error.description == "cannot write /dev/full: No space left on device")
        #expect(error.exitCode == 1 && !error.readerWentAway)
        let type = try FileManager.default.attributesOfItem(atPath: "/dev/full")[.type] as? FileAttributeType
        #expect(type == .typeCharacterSpecial)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func aSmallOutputFailsOnClose() throws {
        let out = try TextOutput.file("/dev/full")
        out.write("short\n")
        #expect(!out.failed)
        #expect(throws: OutputError.self) { try out.close() }
    }

    @Test func aFileIsReplacedOnCloseAndNotBefore() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tf-to-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("o.jsonl").path
        try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
        do {
            let dropped = try TextOutput.file(path)
            dropped.write(String(repeating: "new\n", count: 50_000))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        let out = try TextOutput.file(path)
        out.write("new\n")
        try out.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["o.jsonl"])
    }
}
