import Foundation
import TaskFlowCore
import TaskFlowLLM
import TaskFlowPluginAPI
import Testing

@Suite struct MockLLMClientTests {
    @Test func echoNamesThePromptAndItsFirstLine() async throws {
        let mock = MockLLMClient()
        let reply = try await mock.complete(LanguageModelRequest(prompt: "Summarise these figures\n351 records"))
        #expect(reply.text == "Mock reply to a 5-word prompt: Summarise these figures")
        #expect(reply.inputTokens > 0 && reply.outputTokens > 0)
        #expect(mock.name == "mock/echo")
        #expect(mock.callCount == 1)
    }

    @Test func scriptedRepliesCycleAndErrorsThrow() async throws {
        let mock = MockLLMClient(replies: ["one", "!error 503 overloaded", "three"])
        #expect(try await mock.complete(LanguageModelRequest(prompt: "a")).text == "one")
        await #expect(throws: TaskFlowFailure.self) { try await mock.complete(LanguageModelRequest(prompt: "b")) }
        #expect(try await mock.complete(LanguageModelRequest(prompt: "c")).text == "three")
        #expect(try await mock.complete(LanguageModelRequest(prompt: "d")).text == "one")
    }

    @Test func scriptFileSplitsOnDashLines() async throws {
        let path = NSTemporaryDirectory() + "mock-script-\(UUID().uuidString).txt"
        try "first reply\nspans two lines\n---\nsecond\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let client = try #require(try LLMProvider.mock.makeClient(environment: ["TF_LLM_MOCK_SCRIPT": path]))
        #expect(try await client.complete(LanguageModelRequest(prompt: "x")).text == "first reply\nspans two lines")
        #expect(try await client.complete(LanguageModelRequest(prompt: "x")).text == "second")
    }

    @Test func unreadableScriptIsAClearError() {
        #expect(throws: TaskFlowFailure.self) { try LLMProvider.mock.makeClient(environment: ["TF_LLM_MOCK_SCRIPT": "/nonexistent/script"]) }
    }

    @Test(arguments: ["none", "NONE"]) func noneMakesNoClient(_ name: String) throws {
        #expect(try LLMProvider.parse(name).makeClient(environment: [:]) == nil)
    }

    @Test func unknownAndUnbuiltProvidersSayWhatToUse() {
        do {
            _ = try LLMProvider.parse("gpt")
            Issue.record("expected an error")
        } catch let e as TaskFlowFailure {
            #expect(e.code == "unknown-llm")
            #expect(e.hint?.contains("mock") == true)
        } catch { Issue.record("unexpected \(error)") }
        do {
            _ = try LLMProvider.openai.makeClient(environment: [:])
            Issue.record("expected an error")
        } catch let e as TaskFlowFailure {
            #expect(e.code == "llm-no-key")
            #expect(e.hint?.contains("OPENAI_API_KEY") == true)
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func meterCountsCallsTokensAndFailures() async throws {
        let meter = MeteredLanguageModel(MockLLMClient(replies: ["fine", "!error down"]))
        _ = try await meter.complete(LanguageModelRequest(prompt: "hello there"))
        _ = try? await meter.complete(LanguageModelRequest(prompt: "again"))
        let u = meter.usage
        #expect(u.calls == 2)
        #expect(u.failures == 1)
        #expect(u.outputTokens == 1)
        #expect(u.inputTokens == 3)
        #expect(meter.name == "mock/script")
    }
}
