import Foundation
import Testing
import TaskFlowPluginAPI

@testable import TaskFlowCore

struct EchoAnalyzer: Analyzer {
    static let descriptor = AnalyzerDescriptor(
        id: "sentiment.echo", task: "sentiment", version: "1", summary: "test", backend: "none",
        options: [
            OptionSpec(name: "threshold", summary: "t", defaultValue: .double(0.05)),
            OptionSpec(name: "mode", summary: "m", defaultValue: .string("a"), choices: [.string("a"), .string("b")]),
        ])
    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
    func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        batch.map { .json(.string($0.text)) }
    }
}

struct OtherAnalyzer: Analyzer {
    static let descriptor = AnalyzerDescriptor(id: "emotion.other", task: "emotion", version: "1", summary: "test", backend: "none")
    init(options: AnalyzerOptions, context: AnalyzerContext) throws {}
    func analyze(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] { [] }
}

struct NoteAgent: Agent {
    static let descriptor = AgentDescriptor(
        id: "note", version: "1", summary: "test", languageModel: .none,
        options: [OptionSpec(name: "limit", summary: "l", defaultValue: .int(3))])
    init(options: AnalyzerOptions, context: AgentContext) throws {}
    func run(_ input: AgentInput, context: AgentContext) async throws -> AgentOutput { AgentOutput() }
}

struct LetterCountExtractor: FeatureExtractor {
    static let kind = "letters"
    static let version = "1"
    init(model: String, context: AnalyzerContext) throws {}
    func extract(_ batch: [Record], context: AnalyzerContext) async throws -> [AnalysisValue] {
        batch.map { .json(.int($0.text.count)) }
    }
}

@Suite struct ToolRegistryTests {
    @Test func featureExtractorsAreKeptByKindAndAKindIsTakenOnce() throws {
        let r = ToolRegistry()
        try r.register(featureExtractor: LetterCountExtractor.self)
        #expect(r.featureExtractors.extractor(kind: "letters").map { ObjectIdentifier($0) } == ObjectIdentifier(LetterCountExtractor.self))
        #expect(r.featureExtractors.byKind.keys.sorted() == ["letters"])
        #expect(throws: TaskFlowFailure.self) { try r.register(featureExtractor: LetterCountExtractor.self) }
        // A plugin providing the same kind is refused as a whole, and nothing of it stays.
        let staging = PluginStagingRegistrar(pluginName: "letters")
        try staging.register(EchoAnalyzer.self)
        try staging.register(featureExtractor: LetterCountExtractor.self)
        #expect(staging.providedFeatureExtractors == ["letters"])
        #expect(throws: TaskFlowFailure.self) { try staging.commit(into: r) }
        #expect(r.tools.isEmpty)
        #expect(r.featureExtractors.all.count == 1)
        // Into a registry without one, it commits.
        let fresh = ToolRegistry()
        try staging.commit(into: fresh)
        #expect(fresh.featureExtractors.all.map(\.plugin) == ["letters"])
        #expect(fresh.tools.map(\.id) == ["letters/sentiment.echo"])
    }

    @Test func aRegistrarWithoutTheHookRefusesFeatureExtractorsClearly() {
        final class OldRegistrar: PluginRegistrar {
            func register(_ analyzer: any Analyzer.Type) throws {}
            func register(corpusAnalyzer: any CorpusAnalyzer.Type) throws {}
            func register(command: any PluginCommand.Type) throws {}
        }
        do {
            try OldRegistrar().register(featureExtractor: LetterCountExtractor.self)
            Issue.record("expected a refusal")
        } catch let e as TaskFlowFailure {
            #expect(e.description.contains("cannot load feature extractors (kind 'letters')"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aToolListSplitsIntoAnalyzersAndAgents() throws {
        let r = try registry()
        let staging = PluginStagingRegistrar(pluginName: "notes")
        try staging.register(agent: NoteAgent.self)
        #expect(staging.provided.agents == ["notes/note"])
        try staging.commit(into: r)
        let p = try r.resolve(tools: ["sentiment", "note", "notes/note"])
        #expect(p.map(\.id) == ["sentiment.echo", "notes/note"])
        #expect(p.map(\.kind) == [.analyzer, .agent])
        #expect(try r.resolve(tools: ["note"]).map(\.kind) == [.agent])
        // An agent's id is taken like an analyzer's.
        let again = PluginStagingRegistrar(pluginName: "notes")
        try again.register(agent: NoteAgent.self)
        #expect(throws: TaskFlowFailure.self) { try again.commit(into: r) }
        // Unknown names list the agents too.
        do {
            _ = try r.resolve(tools: ["nope"])
        } catch let e as TaskFlowFailure {
            #expect(e.hint?.contains("agents: notes/note") == true)
        }
        let agent = try r.entry(named: "note")
        let options = try agent.effectiveOptions(overrides: ["limit": "5"])
        #expect(options.int("limit") == 5)
        #expect(throws: TaskFlowFailure.self) { try agent.effectiveOptions(overrides: ["nope": "1"]) }
        // Options given by any name of the tool reach it.
        #expect(try r.resolve(tools: ["note"], options: ["notes/note": ["limit": "7"]]).first?.options.int("limit") == 7)
    }

    func registry() throws -> ToolRegistry {
        let r = ToolRegistry()
        try r.register(EchoAnalyzer.self)
        try r.register(OtherAnalyzer.self)
        return r
    }

    @Test(arguments: ["sentiment", "sentiment.echo", "SENTIMENT", "sentiments"])
    func resolvesByIDOrTask(name: String) throws {
        #expect(try registry().entry(named: name).id == "sentiment.echo")
    }

    @Test func aDuplicateIDIsRefused() throws {
        let r = try registry()
        #expect(throws: TaskFlowFailure.self) { try r.register(EchoAnalyzer.self) }
    }

    @Test func anUnknownToolSuggestsAndListsWhatExists() throws {
        do {
            _ = try registry().entry(named: "sentimnt")
            Issue.record("resolved a typo")
        } catch let e as TaskFlowFailure {
            #expect(e.description == "unknown tool 'sentimnt'")
            #expect(e.hint?.contains("did you mean 'sentiment'?") == true)
            #expect(e.hint?.contains("emotion.other") == true)
        }
    }

    @Test func resolveKeepsOrderAndDropsDuplicates() throws {
        let types = try registry().resolve(tools: ["emotion", " sentiment ", "sentiment.echo", ""])
        #expect(types.map(\.id) == ["emotion.other", "sentiment.echo"])
        #expect(throws: TaskFlowFailure.self) { try registry().resolve(tools: [""]) }
    }

    @Test func effectiveOptionsFillDefaultsAndCheckValues() throws {
        let d = ToolEntry(analyzer: EchoAnalyzer.self)
        let defaults = try d.effectiveOptions()
        #expect(defaults.canonicalJSON == #"{"mode":"a","threshold":0.05}"#)
        let set = try d.effectiveOptions(overrides: ["threshold": "0.2", "mode": "b"])
        #expect(set.double("threshold") == 0.2)
        #expect(throws: TaskFlowFailure.self) { try d.effectiveOptions(overrides: ["nope": "1"]) }
        #expect(throws: TaskFlowFailure.self) { try d.effectiveOptions(overrides: ["threshold": "high"]) }
        #expect(throws: TaskFlowFailure.self) { try d.effectiveOptions(overrides: ["mode": "c"]) }
    }
}

@Suite struct DeviceTests {
    @Test(arguments: [("cpu", Device.cpu(threads: 3)), ("auto", .auto), ("gpu", .gpu(index: 0)), ("GPU:2", .gpu(index: 2))])
    func parses(text: String, device: Device) throws {
        #expect(try Device.parse(text, threads: 3) == device)
    }

    @Test func unknownDevicesAreErrors() {
        #expect(throws: TaskFlowFailure.self) { try Device.parse("tpu") }
        #expect(throws: TaskFlowFailure.self) { try Device.parse("gpu:-1") }
    }

    @Test func aGPUIsNeverASilentFallback() throws {
        #expect(throws: TaskFlowFailure.self) { try Device.gpu(index: 0).resolved() }
        #expect(try Device.auto.resolved(threads: 1) == .cpu(threads: 1))
        // More threads than cores are clamped, so a run records what it really used.
        #expect(try Device.cpu(threads: 1).resolved(threads: 10_000) == .cpu(threads: Device.defaultThreads))
        #expect(try Device.auto.resolved(threads: 0) == .cpu(threads: 1))
    }

    @Test func homeComesFromTheEnvironment() {
        #expect(TaskFlowHome.fromEnvironment(["TF_HOME": "/x"]).path == "/x")
        #expect(TaskFlowHome.fromEnvironment(["HOME": "/h"]).path == "/h/.taskflow")
        #expect(TaskFlowHome(path: "/x").defaultDatabasePath(["TF_DB": "/d.sqlite"]) == "/d.sqlite")
        #expect(TaskFlowHome(path: "/x").defaultDatabasePath([:]) == "/x/taskflow.sqlite")
    }

    @Test(arguments: [("kitten", "sitting", 3), ("lod", "load", 1), ("ab", "ba", 1), ("", "abc", 3)])
    func editDistance(a: String, b: String, d: Int) {
        #expect(Suggestions.distance(Array(a), Array(b)) == d)
    }

    @Test func sha256() {
        #expect(SHA256Digest.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
