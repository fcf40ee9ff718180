import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI
import TaskFlowWorkspace

@Suite struct FrontEndHintTests {
    @Test(arguments: [
        (FrontEnd.commandLine, Fix(.batchSize, example: "256"), "pass --batch-size 256"),
        (.repl, Fix(.batchSize, example: "256"), "set batch-size 256"),
        (.server, Fix(.batchSize, example: "256"), "send \"batch_size\": 256"),
        (.commandLine, Fix(.device, example: "cpu"), "pass --device cpu"),
        (.repl, Fix(.device, example: "cpu"), "device cpu"),
        (.server, Fix(.device, example: "cpu"), "send \"device\": \"cpu\""),
        (.commandLine, Fix(.toolOption, example: "sentiment.threshold=0.3"), "pass --set sentiment.threshold=0.3"),
        (.repl, Fix(.toolOption, example: "sentiment.threshold=0.3"), "set sentiment.threshold 0.3"),
        (.server, Fix(.toolOption, example: "sentiment.threshold=0.3"), "send \"options\": {\"sentiment.threshold\": 0.3}"),
        (.commandLine, Fix(.textColumn, example: "body"), "pass --text body"),
        (.repl, Fix(.listTools), "tools lists them"),
        (.commandLine, Fix(.database, example: "r.sqlite"), "pass --db r.sqlite"),
        (.repl, Fix(.database, example: "r.sqlite"), "start tf again with TF_DB=r.sqlite"),
    ])
    func oneFixThreePhrasings(frontEnd: FrontEnd, fix: Fix, phrase: String) {
        #expect(frontEnd.phrase(fix) == phrase)
    }

    @Test func theErrorsOwnHintFollowsThePhrasedFix() {
        let e = TaskFlowFailure("x", "x", fix: Fix(.languageModel, example: "mock"), hint: "mock works offline")
        #expect(FrontEnd.commandLine.hint(for: e) == "pass --llm mock; mock works offline")
        #expect(FrontEnd.repl.hint(for: e) == "set llm mock; mock works offline")
        #expect(FrontEnd.commandLine.hint(for: TaskFlowFailure("y", "y", hint: "plain")) == "plain")
    }
}

@Suite struct WorkspaceOptionTests {
    func workspace() throws -> Workspace {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("tf-ws-\(UUID().uuidString)")
        return Workspace.builtins(Workspace.Configuration(environment: ["TF_HOME": home.path], discoverPlugins: false))
    }

    @Test func assignmentsResolveToolNamesAndCheckOptions() throws {
        let w = try workspace()
        #expect(try w.parseAssignments(["sentiment.threshold=0.3"]) == ["sentiment.vader": ["threshold": "0.3"]])
        #expect(try w.parseAssignments(["sentiment.vader.threshold=0.1"]) == ["sentiment.vader": ["threshold": "0.1"]])
        #expect(throws: TaskFlowFailure.self) { try w.parseAssignments(["sentiment.threshold"]) }
        #expect(throws: TaskFlowFailure.self) { try w.parseAssignments(["sentiment.treshold=0.3"]) }
        #expect(throws: TaskFlowFailure.self) { try w.parseAssignments(["sentiment.threshold=high"]) }
        do {
            _ = try w.parseAssignments(["sentiment.treshold=0.3"])
        } catch let e as TaskFlowFailure {
            #expect(e.hint?.contains("did you mean 'threshold'?") == true)
        }
    }

    @Test func optionsReachTheSelection() throws {
        let w = try workspace()
        let s = try w.resolve(tools: ["sentiment"], options: try w.parseAssignments(["sentiment.threshold=0.3"]))
        #expect(s.first?.options.double("threshold") == 0.3)
    }
}
