import ArgumentParser
import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowReporting
import TaskFlowWorkspace

/// `tf train NAME --data FILE --text COL --label COL`: a classification head on shared
/// embeddings, installed in the model store.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a classification head on sentence embeddings of a labelled dataset; prints `name: value` figures.",
        discussion: """
            Examples:
              tf train tickets --data labelled.csv --text body --label team
              tf train moods --data train.jsonl --text text --label labels --multi-label --dev dev.jsonl
              tf analyze new.csv --tools classify --set classify.head=tickets
              tf train my-ner --task tokens --data train.conll --dev dev.conll --analysis entities

            The texts are embedded like `tf embed` (all-MiniLM-L6-v2 by default) through the
            content cache, so training again on the same texts costs only the head. The head is
            trained with AdamW; the epoch with the best dev macro-F1 is kept (dev: --dev, else a
            seeded tenth of the data). Training is deterministic for a seed. The head goes into
            the model store under NAME (head.safetensors + head.json) and runs as
            `--tools classify --set classify.head=NAME`; its labels appear under NAME, or under
            --analysis TASK.
            """)

    @Argument(help: "The head's name in the model store.")
    var name: String

    @Option(help: "Labelled data: .csv/.tsv, .jsonl or .txt.")
    var data: String

    @Option(name: .customLong("text"), help: "Column (or JSON key) holding the text. Default: text.")
    var textColumn: String?

    @Option(help: "Column (or JSON key) holding the label (labels separated by ',' with --multi-label). Not for --task tokens.")
    var label: String?

    @Option(help: "classify (a label per text; the default) or tokens (an IOB2 tag per word, from a CoNLL file: TOKEN<TAB>TAG lines).")
    var task: String = "classify"

    @Flag(help: "Several labels per text, separated by ','; a sigmoid per label with thresholds chosen on dev.")
    var multiLabel = false

    @Option(help: "Dev data in the same layout, for choosing the epoch. Default: a seeded tenth of --data.")
    var dev: String?

    @Option(help: "Held-out data to measure the chosen head on (prints test.* figures; never used for a choice).")
    var test: String?

    @Option(help: "linear or mlp (one hidden layer, GELU, dropout while training).")
    var head: String = "mlp"

    @Option(help: "Hidden units of an mlp head.")
    var hidden: Int = 256

    @Option(help: "Dropout on an mlp head's hidden layer while training (0 to 0.9).")
    var dropout: Float = 0.1

    @Option(help: "The embedding model (store name or folder).")
    var embedding: String = "all-MiniLM-L6-v2"

    @Option(help: "The task the head's labels appear under when it runs. Default: NAME.")
    var analysis: String?

    @Option(help: "Seed for initial weights, example order, dropout and the dev split.")
    var seed: UInt64 = 42

    @Option(help: "Most epochs (training stops earlier once dev macro-F1 has not improved for 6).")
    var epochs: Int = 60

    @Option(help: "AdamW learning rate. Default: 1e-3 (mlp), 5e-3 (linear).")
    var lr: Float?

    @Option(help: "Examples per AdamW step.")
    var batchSize: Int = 64

    @Option(help: "Train N heads (seeds SEED, SEED+1, …; each picks its epoch on dev) and store one head averaging their logits.")
    var ensemble: Int = 1

    @Flag(help: "Weigh classes by softened inverse frequency, √(n / (classes × count)): rare classes count more.")
    var classWeights = false

    @Flag(help: "Replace an installed head of that name.")
    var force = false

    @Option(help: "cpu, gpu, gpu:N or auto.")
    var device: String = ProcessInfo.processInfo.environment["TF_DEVICE"] ?? "auto"

    @Option(help: "CPU threads. Default: all cores.")
    var threads: Int?

    @Option(help: "Results database. Default: $TF_DB, else $TF_HOME/taskflow.sqlite.")
    var db: String?

    @Flag(help: "Neither read nor write the content cache.")
    var noCache = false

    @Flag(name: .shortAndLong, help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        guard task == "classify" || task == "tokens" else { throw ValidationError("--task must be classify or tokens, got '\(task)'") }
        if task == "classify" && label == nil { throw ValidationError("--label names the column of labels (required with --task classify)") }
        if task == "tokens" && (label != nil || multiLabel || test != nil) {
            throw ValidationError("--task tokens reads tags from the CoNLL file: leave out --label, --multi-label and --test")
        }
        guard TrainingRequest.headKinds.contains(head) else { throw ValidationError("--head must be linear or mlp, got '\(head)'") }
        if !(1...4096).contains(hidden) { throw ValidationError("--hidden must be from 1 to 4096 (try 256)") }
        if !(dropout >= 0 && dropout < 0.9) { throw ValidationError("--dropout must be from 0 to 0.9 (try 0.1)") }
        if epochs < 1 { throw ValidationError("--epochs must be at least 1 (try 60)") }
        if let lr, !(lr > 0 && lr < 1) { throw ValidationError("--lr must be between 0 and 1 (try 0.001)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if !(1...8192).contains(batchSize) { throw ValidationError("--batch-size must be from 1 to 8192 (try 64)") }
        if !(1...16).contains(ensemble) { throw ValidationError("--ensemble must be from 1 to 16 (try 3)") }
    }

    func run() async throws {
        try await runReporting { try await train() }
    }

    private func train() async throws {
        let workspace = try Workspace.open(Workspace.Configuration(database: db, discoverPlugins: false, warn: printWarning))
        var request = TrainingRequest(name: name, data: DatasetSource(path: data, textColumn: textColumn), labelColumn: label ?? "")
        request.dev = dev
        request.test = test
        request.multiLabel = multiLabel
        request.headKind = head
        request.seed = seed
        request.hiddenSize = hidden
        request.dropout = dropout
        request.maxEpochs = epochs
        request.learningRate = lr
        request.classWeights = classWeights
        request.batchSize = batchSize
        request.ensemble = ensemble
        request.embeddingModel = embedding
        request.analysis = analysis
        request.force = force
        request.device = device
        request.threads = threads
        request.cacheMode = noCache ? .off : .on
        let quiet = quiet
        let report: @Sendable (String) -> Void = { line in if !quiet { printProgress(line) } }
        let r = task == "tokens" ? try await workspace.trainTokens(request, progress: report) : try await workspace.train(request, progress: report)
        for l in r.figureLines { printLine(TerminalSafe.neutralise(l)) }
    }
}
