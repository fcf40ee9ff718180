import Synchronization
import TaskFlowPluginAPI

/// A language model that answers from a script and remembers what it was asked.
///
/// Each call takes the next step: a reply, or an error to throw. When the script runs out the
/// last step repeats. Tests read `requests` to check the prompts an agent sent.
/// ```swift
/// let model = ScriptedLanguageModel([.reply("thirty"), .fail(TaskFlowFailure("rate", "429"))])
/// ```
public final class ScriptedLanguageModel: LanguageModel, Sendable {
    /// One step of the script.
    public enum Step: Sendable {
        case reply(String)
        case fail(any Error & Sendable)
    }

    public let name: String
    private let steps: [Step]
    private let state = Mutex<(calls: Int, requests: [LanguageModelRequest])>((0, []))

    public init(_ steps: [Step], name: String = "scripted") {
        self.steps = steps.isEmpty ? [.reply("")] : steps
        self.name = name
    }

    /// Replies with these texts, in order.
    public convenience init(replies: [String], name: String = "scripted") {
        self.init(replies.map(Step.reply), name: name)
    }

    /// Every request so far, in order.
    public var requests: [LanguageModelRequest] { state.withLock { $0.requests } }

    /// How many calls were made.
    public var calls: Int { state.withLock { $0.calls } }

    public func complete(_ request: LanguageModelRequest) async throws -> LanguageModelReply {
        let step = state.withLock { s -> Step in
            s.requests.append(request)
            defer { s.calls += 1 }
            return steps[min(s.calls, steps.count - 1)]
        }
        switch step {
        case .reply(let text):
            let input = request.messages.reduce(request.system.split(separator: " ").count) { $0 + $1.text.split(separator: " ").count }
            return LanguageModelReply(text: text, inputTokens: input, outputTokens: text.split(separator: " ").count)
        case .fail(let error):
            throw error
        }
    }
}
