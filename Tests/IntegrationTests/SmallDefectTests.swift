import Foundation
import Testing

/// The smaller defects of the hostile-input review, each through the binary.
@Suite struct SmallDefectTests {
    func home() throws -> URL { try TFProcess.temporaryDirectory() }

    @Test(arguments: [
        ["analyze", "Playground/feedback.csv", "--batch-size", "0"],
        ["analyze", "Playground/feedback.csv", "--no-such-flag"],
        ["nosuchcommand"],
        ["analyze", "Playground/feedback.csv", "--no-cache", "--refresh-cache"],
    ])
    func usageErrorsExit2(args: [String]) throws {
        let r = try TFProcess.run(args, home: try home())
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("Usage:") || r.stderr.contains("Error:"), "\(r.stderr)")
    }

    @Test func standardInputIsReadWithAFormat() throws {
        let h = try home()
        let input = "{\"id\":\"a\",\"text\":\"I love it\"}\n{\"id\":\"b\",\"text\":\"awful\"}\n"
        let r = try TFProcess.run(["analyze", "-", "--input-format", "jsonl", "--format", "jsonl"], home: h, input: input)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 2)
        #expect(r.stdout.contains("\"id\":\"b\""))
        // Without a format, the message names the option that exists.
        let bare = try TFProcess.run(["analyze", "-"], home: h, input: input)
        #expect(bare.status != 0)
        #expect(bare.stderr.contains("standard input"), "\(bare.stderr)")
        #expect(bare.stderr.contains("--input-format jsonl"), "\(bare.stderr)")
        #expect(!bare.stderr.contains("(no records)"), "\(bare.stderr)")
    }

    @Test func repeatedHeadersAndIdsAreWarnedAbout() throws {
        let h = try home()
        let csv = h.appendingPathComponent("d.csv")
        try "id,text,Text\n1,good,x\n1,bad,y\n,meh,z\n2,\u{3000}\u{200B},w\n".write(to: csv, atomically: true, encoding: .utf8)
        let r = try TFProcess.run(["analyze", csv.path, "--format", "jsonl", "-o", "/dev/null"], home: h)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("the header repeats \"Text\""), "\(r.stderr)")
        #expect(r.stderr.contains("1 record has an empty id"), "\(r.stderr)")
        #expect(r.stderr.contains("1 record repeats an id"), "\(r.stderr)")
        // Ideographic space and a zero-width space show nothing: an empty text.
        #expect(r.stderr.contains("1 empty text"), "\(r.stderr)")
    }

    @Test func aFolderGivenAsAPluginIsRefused() throws {
        let h = try home()
        let dir = h.appendingPathComponent("plugins-dir")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let r = try TFProcess.run(["tools", "--plugin", dir.path], home: h)
        #expect(r.status != 0)
        #expect(r.stderr.contains("is a folder, not a plugin file"), "\(r.stderr)")
    }

    @Test func threadsAreClampedToTheCoresAndRecordedSo() throws {
        let h = try home()
        let report = h.appendingPathComponent("r.json")
        let r = try TFProcess.run(
            ["analyze", "Playground/feedback.csv", "--threads", "10000", "--quiet", "-o", "/dev/null", "--report", report.path], home: h)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("10000 threads asked for"), "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
        let threads = json?["threads"] as? Int ?? -1
        #expect(threads >= 1 && threads <= ProcessInfo.processInfo.activeProcessorCount)
    }
}
