import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

@testable import TaskFlowREPL

private func fileType(_ path: String) throws -> FileAttributeType? {
    try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
}

/// REPL writes: through the safe-write path (D2), and failed writes are errors (D3).
@Suite struct ReplWriteTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func outputToAFullDeviceFailsTheCommandThatWrote() async throws {
        let h = try ReplHarness()
        try await h.setUp([load.replacingOccurrences(of: "$FEEDBACK", with: ReplHarness.feedback), "run", "output /dev/full"])
        let shown = await h.run("show 5")
        #expect(shown.status == .failed)
        #expect(shown.err.contains("cannot write /dev/full: No space left on device"))
        // The sink stays failed: the next command that writes says so again.
        #expect(await h.run("show 5").status == .failed)
        #expect(await h.run("output off").status == .ok)
        #expect(await h.run("show 1").status == .ok)
        #expect(try fileType("/dev/full") == .typeCharacterSpecial)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func saveAndReportToDevFullFailAndLeaveIt() async throws {
        let h = try ReplHarness()
        try await h.setUp([load.replacingOccurrences(of: "$FEEDBACK", with: ReplHarness.feedback), "run"])
        try FileManager.default.createSymbolicLink(atPath: h.path("r.md"), withDestinationPath: "/dev/full")
        for line in ["save /dev/full", "report \(h.path("r.md"))"] {
            let r = await h.run(line)
            #expect(r.status == .failed, "\(line)")
            #expect(r.err.contains("No space left on device"), "\(line): \(r.err)")
            #expect(!r.err.contains("saved"))
            #expect(try fileType("/dev/full") == .typeCharacterSpecial)
        }
        #expect(try fileType(h.path("r.md")) == .typeSymbolicLink)
        #expect(await h.run("save /dev/null").status == .ok)
        #expect(try fileType("/dev/null") == .typeCharacterSpecial)
    }

    @Test func saveWritesThroughASymlink() async throws {
        let h = try ReplHarness()
        try FileManager.default.createDirectory(atPath: h.path("real"), withIntermediateDirectories: true)
        try "old".write(toFile: h.path("real/s.tf"), atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: h.path("s.tf"), withDestinationPath: "real/s.tf")
        try await h.setUp([load.replacingOccurrences(of: "$FEEDBACK", with: ReplHarness.feedback)])
        #expect(await h.run("save \(h.path("s.tf"))").status == .ok)
        #expect(try fileType(h.path("s.tf")) == .typeSymbolicLink)
        #expect(try String(contentsOfFile: h.path("real/s.tf"), encoding: .utf8).contains("load "))
    }

    @Test func anOutputFileIsWrittenWhenOutputIsTurnedOff() async throws {
        let h = try ReplHarness()
        let file = h.path("o.csv")
        try "old\n".write(toFile: file, atomically: false, encoding: .utf8)
        try await h.setUp([
            load.replacingOccurrences(of: "$FEEDBACK", with: ReplHarness.feedback), "run", "mode csv", "output \(file)", "show 3",
        ])
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "old\n")
        try await h.setUp(["output off"])
        let written = try String(contentsOfFile: file, encoding: .utf8)
        #expect(written.hasPrefix("id,"))
        #expect(written.contains("FB-0003,") && !written.contains("FB-0004,"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: h.home.path).filter { $0.hasPrefix(".o.csv") } == [])
    }
}
