import TaskFlowPluginAPI

/// Asks a language model for a short prose summary of the run's facts and keeps it only when
/// every number in it is one of the run's figures.
///
/// A reply citing an unsupported number is sent back once, naming the numbers; a second bad
/// reply, an empty one or a model error leaves the narrative out with a note saying why.
struct Narrator: Sendable {
    /// What came of asking.
    struct Outcome: Sendable, Hashable {
        /// The accepted summary, or nil.
        var text: String?
        var calls = 0
        /// Every number a reply cited that the figures don't support, each once.
        var unsupported: [String] = []
        /// Why there is no summary, when a model was asked and there is none.
        var note: String?

        static let notAsked = Outcome()
    }

    var model: any LanguageModel
    var check: FigureCheck
    /// Replies asked for in all: the first and one retry.
    var attempts = 2

    static let system = """
        You brief a busy customer-support lead on an automated analysis of customer comments. \
        Write plain prose: no headings, lists or Markdown. Use only the figures you are given, \
        exactly as given; do not compute, estimate or add any other number.
        """

    /// The first request's prompt: the facts and, at most, the comments to read first.
    static func prompt(facts: [String], quotes: [String]) -> String {
        var text = "Summarise this run in 2 to 4 sentences for the support lead.\n\nFigures:\n"
        text += facts.map { "- \($0)\n" }.joined()
        if !quotes.isEmpty {
            text += "\nComments flagged to read first (id: text):\n" + quotes.map { "- \($0)\n" }.joined()
        }
        return text
    }

    static func retry(_ unsupported: [String]) -> String {
        unsupported.isEmpty
            ? "Your reply was empty. Write the summary again, using only the figures given."
            : "These numbers in your summary are not among the figures given: \(unsupported.joined(separator: ", ")). "
                + "Write the summary again, using only the figures given."
    }

    func narrate(facts: [String], quotes: [String]) async throws -> Outcome {
        var outcome = Outcome()
        var messages = [LanguageModelMessage(role: .user, text: Self.prompt(facts: facts, quotes: quotes))]
        var last: [String] = []
        for _ in 0..<max(attempts, 1) {
            let reply: LanguageModelReply
            outcome.calls += 1
            do {
                reply = try await model.complete(LanguageModelRequest(system: Self.system, messages: messages, maxTokens: 400))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                outcome.note = "no written summary: \(model.name) failed: \(error)"
                return outcome
            }
            let text = reply.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            last = check.unsupported(in: text)
            for n in last where !outcome.unsupported.contains(n) { outcome.unsupported.append(n) }
            if !text.isEmpty, last.isEmpty {
                outcome.text = text
                return outcome
            }
            messages += [LanguageModelMessage(role: .assistant, text: reply.text), LanguageModelMessage(role: .user, text: Self.retry(last))]
        }
        outcome.note = last.isEmpty
            ? "no written summary: \(model.name) replied with nothing"
            : "no written summary: \(model.name) cited numbers the run's figures don't support "
                + "(\(outcome.unsupported.joined(separator: ", "))), also when asked again"
        return outcome
    }
}
