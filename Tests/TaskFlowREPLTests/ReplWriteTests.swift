import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

@testable import TaskFlowREPL

private func fileType(_ path: String) throws -> FileAttributeType? {
    try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
}

/// REPL writes go through the safe-write path (D2).
@Suite struct ReplWriteTests {
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
}
