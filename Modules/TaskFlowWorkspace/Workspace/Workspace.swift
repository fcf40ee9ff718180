import Foundation
import Synchronization
import TaskFlowAnalyzers
import TaskFlowCache
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowPluginLoader
import TaskFlowStorage

/// TaskFlow's application layer and its one composition root: a home with its results store,
/// content cache, plugins, tool registry and language models, and the runs, outputs, reports
/// and answers every front end (`tf`, `tf>`, `tf serve`, `tf worker`) asks for.
///
/// A front end parses what a person or program typed and asks the workspace; it never wires a
/// store, a cache, a loader or an engine itself.
///
/// ```swift
/// let workspace = try Workspace.open(.init(environment: ProcessInfo.processInfo.environment))
/// let run = try workspace.start(RunRequest(source: DatasetSource(path: "reviews.csv"), tools: ["sentiment"]))
/// let summary = try await run.summary()
/// ```
public final class Workspace: Sendable {
    /// What to open.
    public struct Configuration: Sendable {
        /// The process environment: `TF_HOME`, `TF_DB`, `TF_PLUGIN_PATH`, `TF_LLM`, test hooks.
        public var environment: [String: String]
        /// The results database (`--db`); nil means `$TF_DB`, else `$TF_HOME/taskflow.sqlite`.
        public var database: String?
        /// Plugin bundles named explicitly (`--plugin`): a refusal is an error.
        public var plugins: [String]
        /// Load plugins even from files or folders anyone can write.
        public var allowUnsafePlugins: Bool
        /// Look for plugins in `$TF_PLUGIN_PATH` and `$TF_HOME/plugins` (a refusal is a warning).
        public var discoverPlugins: Bool
        /// Where warnings go (a refused discovered plugin, an unusable cache file).
        public var warn: @Sendable (String) -> Void

        public init(
            environment: [String: String] = ProcessInfo.processInfo.environment, database: String? = nil,
            plugins: [String] = [], allowUnsafePlugins: Bool = false, discoverPlugins: Bool = true,
            warn: @escaping @Sendable (String) -> Void = { _ in }
        ) {
            self.environment = environment
            self.database = database
            self.plugins = plugins
            self.allowUnsafePlugins = allowUnsafePlugins
            self.discoverPlugins = discoverPlugins
            self.warn = warn
        }
    }

    public let configuration: Configuration
    /// `$TF_HOME`: models, plugins, the cache, history and `taskflowrc`.
    public let home: TaskFlowHome
    /// Every tool: the built-ins, then the plugins'.
    public let registry: ToolRegistry
    /// The results database: `--db`, else `$TF_DB`, else `$TF_HOME/taskflow.sqlite`.
    public let databasePath: String

    private struct Opened: @unchecked Sendable {
        // Guarded by the workspace's mutex; the loader is only touched while it is held.
        var loader: PluginLoader
        var store: (any RunStore)?
        var cache: TieredCache?
        /// Plugins loaded after opening (REPL `plugin load`), after the loader's own.
        var later: [LoadedPlugin] = []
    }

    private let opened: Mutex<Opened>

    /// Opens a home: registers the built-in tools and loads plugins (explicit ones must load;
    /// discovered ones that are refused are warned about and skipped). The store and the cache
    /// open on first use.
    ///
    /// - Throws: `PluginRefusal` for an explicit plugin that is refused.
    public static func open(_ configuration: Configuration) throws -> Workspace {
        let workspace = Workspace(configuration)
        try workspace.loadPlugins()
        return workspace
    }

    /// A workspace with the built-in tools only (no plugin is looked for or loaded).
    public static func builtins(_ configuration: Configuration) -> Workspace {
        Workspace(configuration)
    }

    private init(_ configuration: Configuration) {
        self.configuration = configuration
        home = TaskFlowHome.fromEnvironment(configuration.environment)
        databasePath = configuration.database ?? home.defaultDatabasePath(configuration.environment)
        let registry = ToolRegistry()
        // The built-in ids are distinct, so registering them cannot fail.
        try? BuiltinAnalyzers.register(into: registry)
        self.registry = registry
        opened = Mutex(Opened(loader: PluginLoader(registry: registry, allowUnsafe: configuration.allowUnsafePlugins)))
    }

    private func loadPlugins() throws {
        let explicit = configuration.plugins
        let paths = configuration.discoverPlugins
            ? PluginLoader.discover(explicit: explicit, home: home, environment: configuration.environment) : explicit
        let explicitSet = Set(explicit.map { ($0 as NSString).standardizingPath })
        for path in paths {
            do {
                _ = try opened.withLock { try $0.loader.load(path) }
            } catch let refusal as PluginRefusal {
                if explicitSet.contains((path as NSString).standardizingPath) { throw refusal }
                configuration.warn(refusal.description + (refusal.hint.map { "; \($0)" } ?? ""))
            }
        }
    }

    // MARK: Plugins

    /// The plugins loaded so far, in load order.
    public var plugins: [LoadedPlugin] { opened.withLock { $0.loader.loaded + $0.later } }

    /// Loads one more plugin bundle (REPL `plugin load`); its tools join the registry.
    ///
    /// - Returns: the plugin, and whether it was already loaded.
    /// - Throws: `PluginRefusal` naming the file and why.
    public func loadPlugin(_ path: String, allowUnsafe: Bool = false) throws -> (plugin: LoadedPlugin, new: Bool) {
        let name = PluginLoader.pluginName(forPath: path)
        if let already = plugins.first(where: { $0.name == name }) { return (already, false) }
        if !registry.tools(fromPlugin: name).isEmpty || registry.commands.all.contains(where: { $0.plugin == name }) {
            return (LoadedPlugin(name: name, version: "?", path: path, abi: 0, toolchain: "?", analyzers: [],
                corpusAnalyzers: [], commands: [], agents: [], loadMilliseconds: 0), false)
        }
        let loader = PluginLoader(registry: registry, allowUnsafe: allowUnsafe || configuration.allowUnsafePlugins)
        let plugin = try loader.load(path)
        opened.withLock { $0.later.append(plugin) }
        return (plugin, true)
    }

    /// Finds every plugin bundle (`--plugin`, `$TF_PLUGIN_PATH`, `$TF_HOME/plugins`) and tries
    /// each into a registry of its own, for `tf plugins list`.
    public static func surveyPlugins(
        explicit: [String], allowUnsafe: Bool, environment: [String: String]
    ) -> (loaded: [LoadedPlugin], refused: [PluginRefusal]) {
        let home = TaskFlowHome.fromEnvironment(environment)
        let loader = PluginLoader(registry: ToolRegistry(), allowUnsafe: allowUnsafe)
        return loader.loadAll(PluginLoader.discover(explicit: explicit, home: home, environment: environment))
    }

    // MARK: Store and cache

    /// The results store, opened (and its folder created) on first use.
    ///
    /// - Throws: when the database cannot be opened or migrated.
    public func store() throws -> any RunStore {
        try opened.withLock { o in
            if let s = o.store { return s }
            if configuration.database == nil, (configuration.environment["TF_DB"] ?? "").isEmpty { try home.ensureExists() }
            let s = try SQLiteStore(path: databasePath)
            o.store = s
            return s
        }
    }

    /// The content cache every run shares (memory in front of `$TF_HOME/cache.sqlite`), opened
    /// on first use.
    func cache() throws -> TieredCache {
        try opened.withLock { o in
            if let c = o.cache { return c }
            try home.ensureExists()
            let c = TieredCache.standard(home: home, environment: configuration.environment, warn: configuration.warn)
            o.cache = c
            return c
        }
    }

    /// The model names installed under `$TF_HOME/models`, sorted.
    public var installedModelNames: [String] {
        let dir = (home.path as NSString).appendingPathComponent("models")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }
}
