import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowWorkspace

/// How one command line ended.
public enum CommandStatus: Sendable, Equatable {
    case ok
    /// It failed; the error was printed.
    case failed
    /// Ctrl-C stopped it.
    case cancelled
    /// `quit`: leave with this code.
    case exit(Int32)
}

/// How a script (a session file, `-c`, piped input) ended.
public enum ScriptOutcome: Sendable, Equatable {
    /// Every command ran (some may have failed: see `ReplSession.failures`).
    case finished
    /// A command failed with `bail` on, or the file could not be read.
    case stopped
    case cancelled
    case exit(Int32)
}

/// One REPL session: the state the commands build (dataset, tools, options, device, filter),
/// the last results, the shell settings and the console.
///
/// Commands run on this actor one at a time (`ReplCommand.run` takes it `isolated`).
public actor ReplSession {
    public nonisolated let environment: ReplEnvironment
    /// Where Ctrl-C goes while a command runs.
    public nonisolated let interrupts = ReplInterrupts()
    /// What Tab completion knows, refreshed after every command.
    public nonisolated let hints: CompletionHintsBox

    /// What `save` writes.
    public internal(set) var state: SessionState
    public internal(set) var settings = ShellSettings()
    public internal(set) var console: ReplConsole
    /// The last run's results (or a stored run's, after `results RUN`).
    var results: ResultSet?
    /// What `load` found.
    var dataset: DatasetSummary?
    /// The embeddings `similar` searched last, and what they are of (dataset, limit, model).
    var similarIndex: (key: String, index: SimilarityIndex)?
    /// Lines typed at the prompt (and from the rc file's history), oldest first.
    public internal(set) var history: [String] = []
    /// Commands that failed so far.
    public internal(set) var failures = 0
    /// Session files being replayed, innermost last (for paths relative to them and messages).
    var scripts: [String] = []
    /// The tools enabled in a new session.
    let defaultTools: [String]

    public init(environment: ReplEnvironment) {
        self.environment = environment
        self.console = environment.console
        let registry = environment.registry
        let first = try? registry.entry(named: "sentiment").id
        defaultTools = first.map { [$0] } ?? registry.tools(.analyzer).prefix(1).map(\.id)
        state = SessionState(tools: defaultTools)
        if let device = environment.variables["TF_DEVICE"], !device.isEmpty {
            if (try? Device.parse(device)) != nil {
                state.device = device.lowercased()
            } else {
                environment.console.warning("TF_DEVICE=\(device) is not a device (cpu, gpu, gpu:N, auto); using auto")
            }
        }
        let tools = state.tools.compactMap { id in
            (try? registry.entry(named: id)).map { $0.facts(options: AnalyzerOptions()) }
        }
        hints = CompletionHintsBox(
            Self.hints(registry: registry, tools: tools, results: nil, models: environment.workspace.installedModelNames))
    }

    // MARK: Running commands

    /// Runs one command line: prints its output, or its error as `error: …` plus `hint: …`.
    ///
    /// - Parameters:
    ///   - location: `file.tf:3` for commands from a session file; errors name it.
    ///   - typed: the line came from a person at a terminal (never echoed).
    @discardableResult
    public func execute(_ line: String, location: String? = nil, typed: Bool = false) async -> CommandStatus {
        let trimmed = Self.sanitize(line).trimmingWhitespace()
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return .ok }
        if settings.echo, !typed { console.print("tf> " + trimmed) }
        let clock = ContinuousClock()
        let start = clock.now
        var status = CommandStatus.ok
        do {
            let command = try environment.commands.resolve(ReplArguments.split(trimmed).command)
            let args = try ReplArguments.parse(trimmed, raw: command.descriptor.rawArguments)
            switch try await command.run(args, self) {
            case .ok: status = .ok
            case .exit(let code): status = .exit(code)
            case .printUsage:
                status = .failed
                failures += 1
                console.error(
                    TaskFlowFailure("usage", "usage: \(command.descriptor.usage)", hint: "help \(command.descriptor.name) explains it"),
                    location: location)
            }
            try console.checkOutput()  // results lost to a full disk or a closed pipe fail the command
        } catch is AlreadyReported {
            status = .failed
            failures += 1
        } catch is CommandCancelled {
            status = .cancelled
        } catch is CancellationError {
            console.error(CancellationError(), location: location)
            status = .cancelled
        } catch {
            console.error(error, location: location)
            status = .failed
            failures += 1
        }
        console.flush()
        if settings.timer {
            let d = clock.now - start
            let seconds = d.inSeconds
            console.note(String(format: "time: %.3f s", seconds))
        }
        refreshHints()
        return status
    }

    /// Runs the commands of a session file's text, each through `execute`.
    ///
    /// A failing command stops the script when `bail` is on; Ctrl-C always does.
    public func runScript(_ text: String, name: String) async -> ScriptOutcome {
        for command in SessionScript.commands(in: text) {
            if Task.isCancelled { return .cancelled }
            let location = "\(name):\(command.line)"
            switch await execute(command.text, location: location) {
            case .ok: continue
            case .failed:
                if settings.bail {
                    console.note("stopped at \(location) (bail is on)")
                    return .stopped
                }
            case .cancelled: return .cancelled
            case .exit(let code): return .exit(code)
            }
        }
        return Task.isCancelled ? .cancelled : .finished
    }

    /// Replays a session file (for `source`, `tf run`, the rc file).
    ///
    /// - Throws: `TaskFlowFailure` when the file cannot be read or sources nest too deep.
    public func runFile(_ path: String) async throws -> ScriptOutcome {
        let resolved = resolveInputPath(path)
        guard scripts.count < 16 else {
            throw TaskFlowFailure(
                "source-too-deep", "session files nest more than 16 deep at \(ReplArguments.briefPath(path))",
                hint: "does a file source itself?")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else { throw ReplFailure.notFound(path) }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: resolved) else {
            throw TaskFlowFailure("unreadable", "cannot read \(ReplArguments.briefPath(path))", hint: "is it a readable file?")
        }
        scripts.append(resolved)
        defer { scripts.removeLast() }
        return await runScript(String(decoding: data, as: UTF8.self), name: path)
    }

    /// Adds a line typed at the prompt to `history`.
    public func recordHistory(_ line: String) {
        let trimmed = line.trimmingWhitespace()
        guard !trimmed.isEmpty, history.last != trimmed else { return }
        history.append(trimmed)
        if history.count > 1000 { history.removeFirst(history.count - 1000) }
    }

    /// Seeds `history` with entries from an earlier session.
    public func loadHistory(_ lines: [String]) {
        history = Array(lines.suffix(1000))
    }

    /// Turns `bail` on or off (for `tf run --bail`).
    public func setBail(_ on: Bool) {
        settings.bail = on
    }

    /// Sends results back to standard output and closes an `output FILE`.
    public func closeOutput() {
        console.redirect(to: nil)
        console.flush()
    }

    /// The line with control characters (binary garbage) replaced: tabs become spaces, the
    /// rest is dropped.
    static func sanitize(_ line: String) -> String {
        guard line.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return line }
        var out = String.UnicodeScalarView()
        for s in line.unicodeScalars {
            if s == "\t" { out.append(" ") } else if s.value >= 0x20, s.value != 0x7F { out.append(s) }
        }
        return String(out)
    }

    // MARK: For commands

    /// The loaded dataset, or an error saying to load one.
    func requireDataset() throws -> DatasetSource {
        guard let d = state.dataset else { throw ReplFailure.noDataset }
        return d
    }

    /// The current results, or an error saying what to do first.
    func requireResults() throws -> ResultSet {
        guard let r = results else { throw ReplFailure.noResults(datasetLoaded: state.dataset != nil) }
        return r
    }

    /// The positions of the records the filter lets through (all without a filter).
    func view(_ r: ResultSet) throws -> [Int] {
        guard let filter = state.filter else { return Array(r.records.indices) }
        return try filter.matchingIndices(in: r)
    }

    /// The workspace every command works through.
    nonisolated var workspace: Workspace { environment.workspace }

    /// The enabled tools with their effective options, in pipeline order.
    func pipelineSelections() throws -> [ToolSelection] {
        try workspace.resolve(tools: state.tools, options: state.options)
    }

    /// The tool facts filters and completion resolve against: the results' tools, then the
    /// enabled ones.
    func knownTools() -> [ToolFacts] {
        var tools = results?.tools ?? []
        for id in state.tools where !tools.contains(where: { $0.id == id }) {
            if let e = try? environment.registry.entry(named: id), e.kind == .analyzer {
                tools.append(e.facts(options: AnalyzerOptions()))
            }
        }
        return tools
    }

    /// The columns fields may name: the results' records', else the loaded dataset's.
    func knownColumns() -> [String] {
        if let r = results { return r.columnNames }
        return dataset?.report.columns.map(\.name) ?? []
    }

    /// The device a run would use, or the error saying why it cannot be used.
    func resolvedDevice() throws -> Device {
        try workspace.device(state.device, threads: state.threads)
    }

    /// A path to read: as given (after `~`), else relative to the session file being replayed.
    func resolveInputPath(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") || FileManager.default.fileExists(atPath: expanded) { return expanded }
        if let script = scripts.last {
            let candidate = ((script as NSString).deletingLastPathComponent as NSString).appendingPathComponent(expanded)
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return expanded
    }

    /// A path to write, after `~`.
    func resolveOutputPath(_ path: String) -> String {
        (path as NSString).expandingTildeInPath
    }

    /// How many results to print before truncating: unlimited unless results go to a terminal.
    func maxRows(_ terminalLimit: Int = 40) -> Int? {
        console.out.isTerminal ? terminalLimit : nil
    }

    /// Prints a table in the current output mode.
    func printTable(_ table: ReplTable, maxRows: Int? = nil) {
        let console = self.console
        console.print(table.render(mode: settings.mode, width: console.width, maxRows: maxRows) { console.paint($0, .bold) })
    }

    /// The model names installed under `$TF_HOME/models`.
    nonisolated func installedModels() -> [String] {
        workspace.installedModelNames
    }

    /// Publishes what completion should offer now.
    func refreshHints() {
        hints.set(Self.hints(registry: environment.registry, tools: knownTools(), results: results, models: installedModels()))
    }

    /// What completion offers for these tools and results.
    static func hints(registry: ToolRegistry, tools: [ToolFacts], results: ResultSet?, models: [String] = []) -> CompletionHints {
        var h = CompletionHints(registry: registry, models: models)
        var scoreNames: [String: [String]] = [:]
        var labels: [String: [String]] = [:]
        if let r = results {
            for (t, tool) in r.tools.enumerated() {
                guard let values = r.values[safe: t] else { continue }
                var seen: [String] = []
                for case let v? in values.prefix(5000) {
                    if case .classification(let c) = v {
                        if scoreNames[tool.id] == nil { scoreNames[tool.id] = c.scores.map(\.name) }
                        if !seen.contains(c.label), seen.count < 30 { seen.append(c.label) }
                    }
                }
                labels[tool.task] = seen
                labels[tool.id] = seen
            }
        }
        let columns = results?.columnNames ?? []
        h.fieldNames = FieldReference.names(tools: tools, columns: columns, scoreNames: scoreNames)
        var words: [String] = []
        for name in h.fieldNames {
            if name == "text" || name == "id" {
                words += [name + "~", name + "="]
            } else if let ref = try? FieldReference.resolve(name, tools: tools, columns: columns), ref.isNumeric {
                words += [name + "<", name + ">"]
            } else {
                words.append(name + "=")
                for label in labels[name] ?? [] { words.append(name + "=" + label) }
            }
        }
        h.filterWords = words
        h.resultTasks = results?.tools.map(\.task) ?? []
        return h
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
