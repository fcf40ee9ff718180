import Foundation
import Testing

/// `tf analyze --set TOOL.OPTION=VALUE`: the REPL's option names on the command line.
@Suite struct SetOptionTests {
    func labels(_ stdout: String) -> [String] {
        stdout.split(separator: "\n").compactMap { line in
            let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return (o?["sentiment"] as? [String: Any])?["label"] as? String
        }
    }

    @Test func anOptionChangesTheResults() throws {
        let home = try TFProcess.temporaryDirectory()
        let input = home.appendingPathComponent("in.txt")
        try "I love it\nit is fine I guess\nterrible, awful battery\n".write(to: input, atomically: true, encoding: .utf8)
        let plain = try TFProcess.run(["analyze", input.path, "--format", "jsonl"], home: home)
        #expect(plain.status == 0, "\(plain.stderr)")
        let strict = try TFProcess.run(
            ["analyze", input.path, "--format", "jsonl", "--set", "sentiment.threshold=0.99"], home: home)
        #expect(strict.status == 0, "\(strict.stderr)")
        #expect(labels(plain.stdout).filter { $0 == "neutral" }.count < labels(strict.stdout).filter { $0 == "neutral" }.count)
        #expect(labels(strict.stdout).allSatisfy { $0 == "neutral" })
    }

    @Test(arguments: [
        (["--set", "sentiment.treshold=0.3"], "did you mean 'threshold'?"),
        (["--set", "sentiment.threshold=high"], "not a valid value"),
        (["--set", "sentimnt.threshold=0.3"], "did you mean 'sentiment'?"),
        (["--set", "sentiment.threshold"], "is not TOOL.OPTION=VALUE"),
        (["--tools", "sentiment", "--set", "embedding.model=x"], "not among --tools"),
    ])
    func mistakesAreUsageErrors(args: [String], message: String) throws {
        let home = try TFProcess.temporaryDirectory()
        let input = home.appendingPathComponent("in.txt")
        try "hello\n".write(to: input, atomically: true, encoding: .utf8)
        let r = try TFProcess.run(["analyze", input.path] + args, home: home)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("taskflow.sqlite").path))
    }
}
