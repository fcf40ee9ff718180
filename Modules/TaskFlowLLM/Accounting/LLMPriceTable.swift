import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// Dollars per million tokens, per provider and model.
///
/// TaskFlow ships a default table (the providers' published list prices when this version was
/// made; `tf logs --prices` prints it). A file `llm-prices.json` in `$TF_HOME` of the same
/// shape overrides or adds entries: `{"openai": {"my-model": {"input": 0.5, "output": 1.5}}}`.
/// A model matches its own entry, else the longest entry its name starts with
/// (`gpt-4o-mini-2024-07-18` is priced as `gpt-4o-mini`). Local servers and unknown models cost
/// nothing known: their cost is left out rather than guessed.
public struct LLMPriceTable: Sendable, Hashable {
    public struct Price: Sendable, Hashable {
        /// Dollars per million input tokens.
        public var input: Double
        /// Dollars per million output tokens.
        public var output: Double

        public init(input: Double, output: Double) {
            self.input = input
            self.output = output
        }

        /// Dollars for these token counts.
        public func cost(input i: Int, output o: Int) -> Double { (Double(i) * input + Double(o) * output) / 1_000_000 }
    }

    /// provider → model → price.
    public private(set) var entries: [String: [String: Price]]

    public init(entries: [String: [String: Price]]) {
        self.entries = entries
    }

    /// The price of a model, if the table has one.
    public func price(provider: String, model: String) -> Price? {
        guard let models = entries[provider] else { return nil }
        if let p = models[model] { return p }
        return models.filter { model.hasPrefix($0.key) }.max { $0.key.count < $1.key.count }?.value
    }

    /// The shipped table.
    public static let shippedJSON = """
        {
          "anthropic": {
            "claude-haiku-4-5": {"input": 1.00, "output": 5.00},
            "claude-sonnet-4-5": {"input": 3.00, "output": 15.00},
            "claude-opus-4-5": {"input": 5.00, "output": 25.00},
            "claude-opus-4-1": {"input": 15.00, "output": 75.00},
            "claude-sonnet-4": {"input": 3.00, "output": 15.00},
            "claude-3-5-haiku": {"input": 0.80, "output": 4.00}
          },
          "openai": {
            "gpt-4o-mini": {"input": 0.15, "output": 0.60},
            "gpt-4o": {"input": 2.50, "output": 10.00},
            "gpt-4.1": {"input": 2.00, "output": 8.00},
            "gpt-4.1-mini": {"input": 0.40, "output": 1.60},
            "gpt-4.1-nano": {"input": 0.10, "output": 0.40},
            "gpt-5": {"input": 1.25, "output": 10.00},
            "gpt-5-mini": {"input": 0.25, "output": 2.00},
            "gpt-5-nano": {"input": 0.05, "output": 0.40},
            "o4-mini": {"input": 1.10, "output": 4.40}
          },
          "mock": {"echo": {"input": 0, "output": 0}, "script": {"input": 0, "output": 0}}
        }
        """

    /// The shipped table.
    public static var shipped: LLMPriceTable { (try? parse(shippedJSON, source: "the shipped price table")) ?? LLMPriceTable(entries: [:]) }

    /// The shipped table with `$TF_HOME/llm-prices.json` laid over it, when that file exists.
    ///
    /// - Throws: when the file exists but is not a price table (naming the file and the entry).
    public static func load(home: TaskFlowHome) throws -> LLMPriceTable {
        var table = shipped
        let path = (home.path as NSString).appendingPathComponent("llm-prices.json")
        guard FileManager.default.fileExists(atPath: path) else { return table }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw TaskFlowFailure("llm-prices", "cannot read the price table \(path)", hint: "make it readable, or remove it to use the shipped prices", exitCode: 2)
        }
        let user = try parse(text, source: path)
        for (provider, models) in user.entries {
            table.entries[provider, default: [:]].merge(models) { _, new in new }
        }
        return table
    }

    static func parse(_ text: String, source: String) throws -> LLMPriceTable {
        func bad(_ what: String) -> TaskFlowFailure {
            TaskFlowFailure(
                "llm-prices", "\(source) is not a price table: \(what)",
                hint: #"write {"PROVIDER": {"MODEL": {"input": DOLLARS_PER_MILLION, "output": DOLLARS_PER_MILLION}}}"#, exitCode: 2)
        }
        guard let json = try? JSONParser.parse(text), case .object(let providers) = json else { throw bad("it is not a JSON object") }
        var entries: [String: [String: Price]] = [:]
        for p in providers {
            guard case .object(let models) = p.value else { throw bad("\"\(p.key)\" is not an object of models") }
            for m in models {
                guard let i = m.value["input"]?.doubleValue, let o = m.value["output"]?.doubleValue, i >= 0, o >= 0, i.isFinite, o.isFinite
                else { throw bad("\"\(p.key)\".\"\(m.key)\" needs non-negative numbers \"input\" and \"output\"") }
                entries[p.key, default: [:]][m.key] = Price(input: i, output: o)
            }
        }
        return LLMPriceTable(entries: entries)
    }
}

/// A run's spending limit (`--budget DOLLARS`): a call whose estimated cost (its prompt, and
/// its whole `maxTokens` answer) would take the run past the limit is refused before it is sent.
public actor LLMBudget {
    public let limit: Double
    public private(set) var spent = 0.0
    private var reserved = 0.0
    /// Calls refused.
    public private(set) var refusals = 0

    public init(limit: Double) {
        self.limit = limit
    }

    /// Sets aside `estimate` dollars for a call, or refuses it.
    public func reserve(_ estimate: Double, what: String) throws {
        guard spent + reserved + estimate <= limit + 1e-12 else {
            refusals += 1
            throw TaskFlowFailure(
                "llm-budget",
                String(
                    format: "%@ would cost up to $%.4f, and the run has $%.4f of its $%.4f budget left", what, estimate,
                    max(0, limit - spent - reserved), limit),
                hint: "raise --budget, or ask for less (fewer agents, a cheaper model with --llm-model)")
        }
        reserved += estimate
    }

    /// Replaces a reservation with what the call cost.
    public func settle(reserved estimate: Double, cost: Double) {
        reserved = max(0, reserved - estimate)
        spent += cost
    }
}
