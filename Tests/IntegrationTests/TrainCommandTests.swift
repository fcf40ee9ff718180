import Foundation
import Testing

/// `tf train` through the binary: usage mistakes and bad files end with a message and the right code.
@Suite("tf train")
struct TrainCommandTests {
    @Test(arguments: [
        (["train", "x", "--data", "d.csv", "--label", "l", "--head", "deep"], "--head must be linear or mlp, got 'deep'"),
        (["train", "x", "--data", "d.csv"], "--label names the column of labels"),
        (["train", "x", "--data", "d.conll", "--task", "tokens", "--label", "l"], "--task tokens reads tags from the CoNLL file"),
        (["train", "x", "--data", "d.csv", "--label", "l", "--task", "regress"], "--task must be classify or tokens"),
        (["train", "x", "--data", "d.csv", "--label", "l", "--dropout", "2"], "--dropout must be from 0 to 0.9"),
    ])
    func mistakesAreUsageErrors(args: [String], message: String) throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let r = try TFProcess.run(args, home: home)
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func aMalformedCoNLLFileIsNamedWithItsLine() throws {
        let home = try TFProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let file = home.appendingPathComponent("bad.conll")
        try "we\tO\n\u{1B}[2Jgarbage line\n".write(to: file, atomically: true, encoding: .utf8)
        let tiny = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tiny-models/tiny-bert").path
        let r = try TFProcess.run(["train", "x", "--task", "tokens", "--data", file.path, "--embedding", tiny], home: home)
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.conll, line 2 is not TOKEN<TAB>TAG"), "\(r.stderr)")
        #expect(!r.stderr.contains("\u{1B}"))
    }
}
