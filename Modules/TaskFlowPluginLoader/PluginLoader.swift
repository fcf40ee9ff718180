import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds, checks and loads plugin bundles (`.so`) into an `ToolRegistry`.
///
/// A bundle is refused, with a message naming the file, when it cannot be opened, exports no
/// `taskflow_plugin_entry`, was built for another plugin ABI or another Swift toolchain, throws
/// while registering, collides with ids already registered, or is writable by everyone (unless
/// unsafe plugins are allowed). Bundles are never unloaded: the Swift runtime keeps their type
/// metadata, so closing one could crash later casts.
public final class PluginLoader {
    public let registry: ToolRegistry
    public let allowUnsafe: Bool
    public private(set) var loaded: [LoadedPlugin] = []

    public init(registry: ToolRegistry, allowUnsafe: Bool = false) {
        self.registry = registry
        self.allowUnsafe = allowUnsafe
    }

    /// The bundles to load: explicit paths, then `$TF_PLUGIN_PATH` (colon-separated files or
    /// folders), then `$TF_HOME/plugins`. Folders contribute their `*.so` files, sorted.
    public static func discover(
        explicit: [String], home: TaskFlowHome, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [String] {
        var entries = explicit
        if let p = environment["TF_PLUGIN_PATH"] { entries += p.split(separator: ":").map(String.init) }
        entries.append((home.path as NSString).appendingPathComponent("plugins"))
        var out: [String] = []
        for (i, entry) in entries.enumerated() where !entry.isEmpty {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: entry, isDirectory: &isDir)
            if exists && isDir.boolValue && i < explicit.count {
                out.append(entry)  // a folder named as a plugin is refused by `load`, saying what is in it
            } else if exists && isDir.boolValue {
                let files = (try? FileManager.default.contentsOfDirectory(atPath: entry)) ?? []
                out += files.filter { $0.hasSuffix(".so") || $0.hasSuffix(".dylib") }.sorted()
                    .map { (entry as NSString).appendingPathComponent($0) }
            } else if exists || i < explicit.count {
                out.append(entry)  // a missing explicit path is reported by `load`
            }
        }
        var seen = Set<String>()
        return out.filter { seen.insert(($0 as NSString).standardizingPath).inserted }
    }

    /// Loads every path; returns what loaded and what was refused.
    public func loadAll(_ paths: [String]) -> (loaded: [LoadedPlugin], refused: [PluginRefusal]) {
        var ok: [LoadedPlugin] = []
        var refused: [PluginRefusal] = []
        for p in paths {
            do {
                ok.append(try load(p))
            } catch let r as PluginRefusal {
                refused.append(r)
            } catch {
                refused.append(PluginRefusal(path: p, reason: "\(error)", hint: nil))
            }
        }
        return (ok, refused)
    }

    /// The plugin name a file stands for: `libToxicity.so` → `toxicity`.
    public static func pluginName(forPath path: String) -> String {
        var base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        if base.hasPrefix("lib") { base.removeFirst(3) }
        return base.lowercased()
    }

    /// Loads one bundle, or throws a `PluginRefusal` saying why not.
    @discardableResult
    public func load(_ rawPath: String) throws -> LoadedPlugin {
        let clock = ContinuousClock()
        let t0 = clock.now
        let path = (rawPath as NSString).standardizingPath
        func refuse(_ reason: String, _ hint: String? = nil) -> PluginRefusal {
            PluginRefusal(path: path, reason: reason, hint: hint)
        }
        if let already = loaded.first(where: { $0.path == path }) { return already }

        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw refuse("no such file", "check the path; plugins are .so files built against the TaskFlowPluginAPI SDK")
        }
        if isDir.boolValue {
            let bundles = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.hasSuffix(".so") || $0.hasSuffix(".dylib") }.sorted()
            throw refuse(
                "is a folder, not a plugin file" + (bundles.isEmpty ? " (and it holds no .so files)" : ""),
                bundles.isEmpty
                    ? "name a plugin's .so file"
                    : "name one of its bundles (\(bundles.prefix(5).joined(separator: ", "))), or add the folder to TF_PLUGIN_PATH to load them all")
        }
        if !allowUnsafe, let why = Self.unsafety(of: path) {
            throw refuse(why, "fix the permissions (chmod o-w), or pass --allow-unsafe-plugins if you trust it")
        }

        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let message = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            throw refuse(
                "cannot be loaded: \(message)", "is it a plugin built for this machine with the same TaskFlow SDK? rebuild it")
        }
        // From here on the bundle stays loaded, even when refused (see the type's docs).
        guard let symbol = dlsym(handle, "taskflow_plugin_entry") else {
            throw refuse(
                "is not a TaskFlow plugin (it exports no taskflow_plugin_entry)",
                "a plugin exports `@_cdecl(\"taskflow_plugin_entry\")`; see Plugins/README.md")
        }
        typealias Entry = @convention(c) (Int32, UnsafeMutableRawPointer?) -> Int64
        let entry = unsafeBitCast(symbol, to: Entry.self)

        let abi = entry(TaskFlowPluginABI.abiVersionQuery, nil)
        guard abi == Int64(TaskFlowPluginABI.version) else {
            throw refuse(
                "was built for plugin ABI \(abi), this TaskFlow supports ABI \(TaskFlowPluginABI.version)",
                "rebuild the plugin against this TaskFlow's SDK")
        }
        let toolchain = entry(TaskFlowPluginABI.toolchainQuery, nil)
        let host = TaskFlowPluginABI.compilerVersion
        guard toolchain / 100 == host / 100 else {
            throw refuse(
                "was built with Swift \(TaskFlowPluginABI.describe(compilerVersion: toolchain)), this TaskFlow with Swift \(TaskFlowPluginABI.describe(compilerVersion: host))",
                "Swift has no stable ABI here: rebuild the plugin with the same toolchain as TaskFlow")
        }
        let versionCode = entry(TaskFlowPluginABI.pluginVersionQuery, nil)
        let name = Self.pluginName(forPath: path)
        let staging = PluginStagingRegistrar(pluginName: name)
        let rc = withExtendedLifetime(staging) {
            entry(TaskFlowPluginABI.registerQuery, Unmanaged.passUnretained(staging as AnyObject).toOpaque())
        }
        switch rc {
        case 0: break
        case 1:
            throw refuse("threw while registering: \(staging.failure ?? "unknown error")", "report this to the plugin's authors")
        case 2:
            throw refuse(
                "could not use TaskFlow's registrar (it links its own copy of the SDK)",
                "link TaskFlowPluginAPI as the shared library, not statically; see Plugins/README.md")
        default:
            throw refuse("answered the registration with code \(rc)", "rebuild the plugin against this TaskFlow's SDK")
        }
        do {
            try staging.commit(into: registry)
        } catch let e as any TaskFlowError {
            throw refuse("collides with what is already registered: \(e.description)", "rename the plugin file or its ids")
        }
        let provided = staging.provided
        let d = clock.now - t0
        let plugin = LoadedPlugin(
            name: name, version: versionCode > 0 ? TaskFlowPluginABI.describe(compilerVersion: versionCode) : "unversioned",
            path: path, abi: Int32(abi), toolchain: TaskFlowPluginABI.describe(compilerVersion: toolchain),
            analyzers: provided.analyzers, corpusAnalyzers: provided.corpusAnalyzers, commands: provided.commands,
            agents: provided.agents,
            loadMilliseconds: d.inSeconds * 1000)
        loaded.append(plugin)
        return plugin
    }

    /// Why a file is unsafe to load: writable by everyone, or in a folder writable by everyone
    /// (without the sticky bit).
    static func unsafety(of path: String) -> String? {
        var st = stat()
        if stat(path, &st) == 0, st.st_mode & S_IWOTH != 0 {
            return "is writable by everyone, so anyone could replace its code"
        }
        let dir = (path as NSString).deletingLastPathComponent
        if stat(dir.isEmpty ? "." : dir, &st) == 0, st.st_mode & S_IWOTH != 0, st.st_mode & S_ISVTX == 0 {
            return "is in a folder writable by everyone (\(dir)), so anyone could replace it"
        }
        return nil
    }
}
