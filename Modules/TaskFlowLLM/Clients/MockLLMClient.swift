import Foundation
import Synchronization
import TaskFlowCore
import TaskFlowPluginAPI

/// The `mock` provider: a deterministic language model for tests and offline demos.
///
/// By default it echoes: the reply names the prompt's size and repeats the first line of the
/// last user message. Given a script it returns the script's replies in turn (cycling), and a
/// reply that reads `!error MESSAGE` is thrown as a provider error instead. Token counts are
/// estimates (a token per four UTF-8 bytes).
public final class MockLLMClient: LLMClient, Sendable {
    public let provider = LLMProvider.mock
    public let name: String
    private let replies: [String]
    private let calls = Mutex(0)

    /// The echoing mock.
    public init() {
        name = "mock/echo"
        replies = []
    }

    /// A mock that answers with `replies` in turn.
    public init(replies: [String]) {
        name = "mock/script"
        self.replies = replies
    }

    /// A mock that answers with the replies in a script file: replies separated by lines
    /// holding only `---`.
    public convenience init(scriptAt path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw TaskFlowFailure(
                "mock-script", "cannot read the mock language-model script \(path)",
                hint: "point TF_LLM_MOCK_SCRIPT at a readable text file, or unset it", exitCode: 2)
        }
        var replies: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces) == "---" {
                replies.append(current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
                current = []
            } else {
                current.append(line)
            }
        }
        let last = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if !last.isEmpty || replies.isEmpty { replies.append(last) }
        self.init(replies: replies)
    }

    /// How many requests it has answered.
    public var callCount: Int { calls.withLock { $0 } }

    public func complete(_ request: LanguageModelRequest) async throws -> LanguageModelReply {
        let n = calls.withLock { c in
            c += 1
            return c
        }
        let prompt = request.system + "\n" + request.messages.map(\.text).joined(separator: "\n")
        let text: String
        if replies.isEmpty, let schema = request.responseSchema {
            text = Self.sample(of: schema, root: schema, depth: 0).jsonString
        } else if replies.isEmpty {
            let last = request.messages.last(where: { $0.role == .user })?.text ?? ""
            let firstLine = last.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            let words = prompt.split(whereSeparator: { $0.isWhitespace }).count
            text = "Mock reply to a \(words)-word prompt: \(firstLine.prefix(200))"
        } else {
            text = replies[(n - 1) % replies.count]
        }
        if text.hasPrefix("!error") {
            let message = text.dropFirst("!error".count).trimmingCharacters(in: .whitespaces)
            throw TaskFlowFailure(
                "llm-error", "mock language model: \(message.isEmpty ? "scripted error" : message)",
                hint: "the script at TF_LLM_MOCK_SCRIPT asked for this error")
        }
        return LanguageModelReply(
            text: text, inputTokens: Self.estimateTokens(prompt), outputTokens: Self.estimateTokens(text))
    }

    static func estimateTokens(_ text: String) -> Int { (text.utf8.count + 3) / 4 }

    /// The smallest value a schema allows, as the echoing mock's structured answer: every
    /// declared property, arrays at their minimum length, `"mock"` for strings, minimums for
    /// numbers, the first of an `enum`.
    static func sample(of schema: JSONValue, root: JSONValue, depth: Int) -> JSONValue {
        guard depth < 16 else { return .null }
        if let ref = schema["$ref"]?.stringValue, ref.hasPrefix("#/") {
            var node = root
            for key in ref.dropFirst(2).split(separator: "/") { node = node[String(key)] ?? .null }
            return sample(of: node, root: root, depth: depth + 1)
        }
        if let c = schema["const"] { return c }
        if let first = schema["enum"]?.arrayValue?.first { return first }
        if let first = (schema["anyOf"] ?? schema["oneOf"])?.arrayValue?.first { return sample(of: first, root: root, depth: depth + 1) }
        let type = schema["type"]?.stringValue ?? schema["type"]?.arrayValue?.first?.stringValue ?? "object"
        switch type {
        case "object":
            guard case .object(let props) = schema["properties"] ?? .object([]) else { return .object([]) }
            return .object(props.map { JSONField($0.key, sample(of: $0.value, root: root, depth: depth + 1)) })
        case "array":
            let n = schema["minItems"]?.intValue ?? 0
            let item = schema["items"] ?? .object([])
            return .array((0..<min(n, 8)).map { _ in sample(of: item, root: root, depth: depth + 1) })
        case "string": return .string("mock")
        case "integer": return .int(schema["minimum"]?.intValue ?? 0)
        case "number": return .double(schema["minimum"]?.doubleValue ?? 0)
        case "boolean": return .bool(false)
        default: return .null
        }
    }
}
