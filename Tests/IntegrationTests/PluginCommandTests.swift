import Foundation
import Testing

/// Plugin bundles through the built binary: loading, running in pipelines, refusals, and a
/// plugin built outside the repository.
@Suite struct PluginCommandTests {
    static var bundleDirectory: URL { TFProcess.binary.deletingLastPathComponent() }
    static var toxicity: String { bundleDirectory.appendingPathComponent("libToxicity.so").path }
    static var duplicates: String { bundleDirectory.appendingPathComponent("libNearDuplicates.so").path }

    @Test func bothExamplePluginsRunInAPipeline() throws {
        let home = try TFProcess.temporaryDirectory()
        let input = home.appendingPathComponent("in.txt").path
        try [
            "this update is f**king useless", "Love the new speaker!", "The app crashes when I open settings after the update.",
            "the app crashes when i open settings after the update", "Shipping was fine",
        ].joined(separator: "\n").write(toFile: input, atomically: true, encoding: .utf8)
        let out = home.appendingPathComponent("o.jsonl").path
        let report = home.appendingPathComponent("r.md").path
        let r = try TFProcess.run(
            ["analyze", input, "--plugin", Self.toxicity, "--plugin", Self.duplicates, "--tools", "sentiment,toxicity,duplicates",
             "--format", "jsonl", "-o", out, "--report", report], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 5)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        let toxicity = try #require(first["toxicity"] as? [String: Any])
        #expect(toxicity["label"] as? String == "toxic")
        #expect(first["sentiment"] != nil)
        #expect(r.stderr.contains("nearduplicates/duplicates.minhash: {\"clusters\":1"))
        let md = try String(contentsOfFile: report, encoding: .utf8)
        #expect(md.contains("## Near-duplicates"))
        #expect(md.contains("## Toxicity (`toxicity/toxicity.lexicon`)"))
    }

    @Test func pluginsListShowsWhatEachRegistered() throws {
        let home = try TFProcess.temporaryDirectory()
        let r = try TFProcess.run(["plugins", "list", "--plugin", Self.toxicity, "--plugin", Self.duplicates], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("toxicity/toxicity.lexicon"))
        #expect(r.stdout.contains("command dupes"))
    }

    @Test func pluginsInTheHomeFolderAreFoundAndARefusedOneDoesNotStopTheRun() throws {
        let home = try TFProcess.temporaryDirectory()
        let plugins = home.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.toxicity, toPath: plugins.appendingPathComponent("libToxicity.so").path)
        try Data("not a library".utf8).write(to: plugins.appendingPathComponent("libBroken.so"))
        let tools = try TFProcess.run(["tools"], home: home)
        #expect(tools.stdout.contains("toxicity/toxicity.lexicon"))
        #expect(tools.stderr.contains("libBroken.so refused"))
        let r = try TFProcess.run(["analyze", "Playground/one-liners.txt", "--tools", "toxicity", "--format", "jsonl", "-o", "/dev/null"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: plugin"))
        let list = try TFProcess.run(["plugins", "list"], home: home)
        #expect(list.status == 1)
        #expect(list.stdout.contains("toxicity"))
        #expect(list.stderr.contains("libBroken.so refused"))
    }

    @Test(arguments: [
        ("Playground/feedback.csv", "invalid ELF header"),
        ("/nonexistent/libX.so", "no such file"),
    ])
    func anExplicitBadPluginIsAnError(path: String, message: String) throws {
        let home = try TFProcess.temporaryDirectory()
        let r = try TFProcess.run(["analyze", "Playground/one-liners.txt", "--plugin", path], home: home)
        #expect(r.status == 1)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stderr.contains(path))
    }

    @Test func aWorldWritablePluginNeedsAllowUnsafe() throws {
        let home = try TFProcess.temporaryDirectory()
        let path = home.appendingPathComponent("libOpen.so").path
        try FileManager.default.copyItem(atPath: Self.toxicity, toPath: path)
        chmod(path, 0o666)
        let refused = try TFProcess.run(["plugins", "list", "--plugin", path], home: home)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("writable by everyone"))
        let allowed = try TFProcess.run(["plugins", "list", "--plugin", path, "--allow-unsafe-plugins"], home: home)
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }

    /// Builds Plugins/Template in a folder outside the repository against the SDK files of this
    /// build (what Tools/install-sdk installs), then loads it into `tf` and runs its analyzer and agent.
    @Test(.timeLimit(.minutes(10))) func aPluginBuiltOutOfTreeLoads() throws {
        let work = try TFProcess.temporaryDirectory()
        let sdk = work.appendingPathComponent("sdk")
        let lib = sdk.appendingPathComponent("lib")
        let modules = sdk.appendingPathComponent("modules")
        try FileManager.default.createDirectory(at: lib, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: modules, withIntermediateDirectories: true)
        let build = Self.bundleDirectory
        try FileManager.default.copyItem(
            at: build.appendingPathComponent("libTaskFlowPluginAPI.so"), to: lib.appendingPathComponent("libTaskFlowPluginAPI.so"))
        // The textual interface only: what a team outside gets with a release of TaskFlow.
        try FileManager.default.copyItem(
            at: build.appendingPathComponent("Modules/TaskFlowPluginAPI.swiftinterface"),
            to: modules.appendingPathComponent("TaskFlowPluginAPI.swiftinterface"))
        let package = work.appendingPathComponent("hello")
        try FileManager.default.copyItem(at: TFProcess.repository.appendingPathComponent("Plugins/Template"), to: package)

        let swift = Process()
        swift.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        swift.arguments = [
            "swift", "build", "--package-path", package.path, "-Xswiftc", "-I", "-Xswiftc", modules.path, "-Xlinker", "-L\(lib.path)",
        ]
        let errPipe = Pipe()
        swift.standardOutput = errPipe
        swift.standardError = errPipe
        try swift.run()
        let log = String(decoding: errPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        swift.waitUntilExit()
        #expect(swift.terminationStatus == 0, "swift build failed:\n\(log)")
        let bundle = package.appendingPathComponent(".build/debug/libHello.so").path
        #expect(FileManager.default.fileExists(atPath: bundle))

        let home = try TFProcess.temporaryDirectory()
        let out = home.appendingPathComponent("o.jsonl").path
        let report = home.appendingPathComponent("r.md").path
        let r = try TFProcess.run(
            ["analyze", "Playground/one-liners.txt", "--plugin", bundle, "--tools", "length,long-texts", "--llm", "mock",
             "--format", "jsonl", "-o", out, "--report", report], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let first = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.contains("\"length\":{\"label\":\"short\""))
        // Its agent, built against the textual interface too, writes its section with the mock model.
        let md = try String(contentsOfFile: report, encoding: .utf8)
        #expect(md.contains("## Long texts\n\n0 of "), "\(md.prefix(400))")
        #expect(md.contains("is about: Mock reply to a"))
    }
}

/// Plugins loaded from inside the REPL.
@Suite struct REPLPluginTests {
    @Test func pluginLoadAddsAnalyzersAndCommandsToTheSession() throws {
        let home = try TFProcess.temporaryDirectory()
        let script = """
            plugin load \(PluginCommandTests.toxicity)
            plugin load \(PluginCommandTests.duplicates)
            plugin load \(PluginCommandTests.duplicates)
            plugins
            load Playground/one-liners.txt
            use sentiment,toxicity
            run
            top toxicity
            dupes 3
            """
        let r = try TFProcess.run([], home: home, input: script)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("loaded toxicity 1.0: toxicity/toxicity.lexicon"))
        #expect(r.stdout.contains("loaded nearduplicates 1.0: nearduplicates/duplicates.minhash, command dupes"))
        #expect(r.stdout.contains("plugin nearduplicates is already loaded"))
        #expect(r.stdout.contains("command dupes"))
        #expect(r.stdout.contains("clean"))
        #expect(r.stdout.contains("near-duplicates"))
    }
}
