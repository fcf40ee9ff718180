import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

@testable import TaskFlowPluginLoader

/// Loads the example plugin bundles the build produced, and bundles made to be refused.
@Suite(.serialized) struct PluginLoaderTests {
    /// The build folder holding the test bundle and the plugin `.so` files.
    static var buildDirectory: URL {
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("libToxicity.so").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-plug-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A C shared library exporting `taskflow_plugin_entry` with the given answers.
    static func cPlugin(named name: String, abi: Int, toolchain: Int, register: Int) throws -> String? {
        guard let cc = ["/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang"].first(where: FileManager.default.isExecutableFile) else {
            return nil
        }
        let dir = try temporaryDirectory()
        let source = dir.appendingPathComponent("p.c").path
        try """
            #include <stdint.h>
            int64_t taskflow_plugin_entry(int32_t q, void *r) {
                if (q == 0) return \(abi);
                if (q == 1) return \(toolchain);
                if (q == 2) return \(register);
                return 0;
            }
            """.write(toFile: source, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("lib\(name).so").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: cc)
        p.arguments = ["-shared", "-fPIC", "-o", out, source]
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? out : nil
    }

    @Test func bothExamplePluginsLoadAndRegisterUnderTheirNamespace() throws {
        let registry = ToolRegistry()
        let loader = PluginLoader(registry: registry)
        let tox = try loader.load(Self.buildDirectory.appendingPathComponent("libToxicity.so").path)
        #expect(tox.name == "toxicity")
        #expect(tox.version == "1.0")
        #expect(tox.analyzers == ["toxicity/toxicity.lexicon"])
        let dup = try loader.load(Self.buildDirectory.appendingPathComponent("libNearDuplicates.so").path)
        #expect(dup.corpusAnalyzers == ["nearduplicates/duplicates.minhash"])
        #expect(dup.commands == ["dupes"])
        // The types crossed the boundary: the registry can resolve and instantiate them.
        let entry = try registry.entry(named: "toxicity")
        #expect(entry.id == "toxicity/toxicity.lexicon")
        #expect(entry.plugin == "toxicity")
        guard case .analyzer(let type) = entry.type else {
            Issue.record("toxicity is not a per-batch analyzer")
            return
        }
        _ = try type.init(options: entry.effectiveOptions(), context: AnalyzerContext(homeDirectory: "/tmp"))
        let dupes = try registry.entry(named: "duplicates")
        #expect(dupes.id == "nearduplicates/duplicates.minhash")
        #expect(dupes.kind == .corpus)
        #expect(registry.commands.all.map(\.name) == ["dupes"])
        // Loading the same file again is a no-op.
        #expect(try loader.load(Self.buildDirectory.appendingPathComponent("libToxicity.so").path).path == tox.path)
    }

    @Test func aSecondBundleWithTheSameIDsIsRefusedAndTheFirstStays() throws {
        let registry = ToolRegistry()
        let loader = PluginLoader(registry: registry)
        try loader.load(Self.buildDirectory.appendingPathComponent("libToxicity.so").path)
        let dir = try Self.temporaryDirectory()
        let copy = dir.appendingPathComponent("libToxicity.so").path
        try FileManager.default.copyItem(atPath: Self.buildDirectory.appendingPathComponent("libToxicity.so").path, toPath: copy)
        do {
            try loader.load(copy)
            Issue.record("loaded a colliding plugin")
        } catch let r as PluginRefusal {
            #expect(r.reason.contains("collides"))
            #expect(r.description.contains(copy))
        }
        #expect(registry.tools.map(\.id) == ["toxicity/toxicity.lexicon"])
    }

    @Test(arguments: [
        ("abi", 99, 60301, 0, "was built for plugin ABI 99, this TaskFlow supports ABI 1"),
        ("toolchain", 1, 50900, 0, "was built with Swift 5.9"),
        ("throws", 1, Int(TaskFlowPluginABI.compilerVersion), 1, "threw while registering"),
        ("foreign", 1, Int(TaskFlowPluginABI.compilerVersion), 2, "could not use TaskFlow's registrar"),
    ])
    func mismatchedBundlesAreRefusedWithBothVersions(name: String, abi: Int, toolchain: Int, register: Int, message: String) throws {
        guard let path = try Self.cPlugin(named: name, abi: abi, toolchain: toolchain, register: register) else {
            Issue.record("no C compiler to build the test bundle")
            return
        }
        let registry = ToolRegistry()
        do {
            try PluginLoader(registry: registry).load(path)
            Issue.record("loaded \(name)")
        } catch let r as PluginRefusal {
            #expect(r.description.contains(message), "\(r.description)")
            #expect(r.description.contains(path))
            #expect(r.hint != nil)
        }
        #expect(registry.tools.isEmpty)
    }

    @Test func garbageAndForeignLibrariesAreRefused() throws {
        let dir = try Self.temporaryDirectory()
        let garbage = dir.appendingPathComponent("libgarbage.so").path
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: garbage))
        let loader = PluginLoader(registry: ToolRegistry())
        #expect(throws: PluginRefusal.self) { try loader.load(garbage) }
        #expect(throws: PluginRefusal.self) { try loader.load(dir.appendingPathComponent("missing.so").path) }
        #expect(throws: PluginRefusal.self) { try loader.load(dir.path) }
        let api = Self.buildDirectory.appendingPathComponent("libTaskFlowPluginAPI.so").path
        do {
            try loader.load(api)
            Issue.record("loaded the SDK as a plugin")
        } catch let r as PluginRefusal {
            #expect(r.reason.contains("is not a TaskFlow plugin"))
        }
    }

    @Test func worldWritableBundlesNeedExplicitPermission() throws {
        let dir = try Self.temporaryDirectory()
        let path = dir.appendingPathComponent("libOpenToxicity.so").path
        try FileManager.default.copyItem(atPath: Self.buildDirectory.appendingPathComponent("libToxicity.so").path, toPath: path)
        chmod(path, 0o666)
        do {
            try PluginLoader(registry: ToolRegistry()).load(path)
            Issue.record("loaded a world-writable plugin")
        } catch let r as PluginRefusal {
            #expect(r.reason.contains("writable by everyone"))
            #expect(r.hint?.contains("--allow-unsafe-plugins") == true)
        }
        let plugin = try PluginLoader(registry: ToolRegistry(), allowUnsafe: true).load(path)
        #expect(plugin.analyzers == ["opentoxicity/toxicity.lexicon"])
    }

    @Test func discoveryReadsPathsEnvironmentAndHome() throws {
        let home = try Self.temporaryDirectory()
        let plugins = home.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: plugins.appendingPathComponent("libB.so").path, contents: Data())
        FileManager.default.createFile(atPath: plugins.appendingPathComponent("libA.so").path, contents: Data())
        FileManager.default.createFile(atPath: plugins.appendingPathComponent("notes.txt").path, contents: Data())
        let extra = try Self.temporaryDirectory()
        FileManager.default.createFile(atPath: extra.appendingPathComponent("libC.so").path, contents: Data())
        let found = PluginLoader.discover(
            explicit: ["/explicit/libX.so"], home: TaskFlowHome(path: home.path), environment: ["TF_PLUGIN_PATH": extra.path])
        #expect(found.map { ($0 as NSString).lastPathComponent } == ["libX.so", "libC.so", "libA.so", "libB.so"])
    }
}
