/// What an analyzer is: its id, task, version, options and a one-line summary.
///
/// The id (`sentiment.vader`) is unique; the task (`sentiment`) is the key its output appears
/// under in per-record JSON, and what `--tools sentiment` resolves through. The version enters
/// every cache key, so bump it whenever the analyzer's output can change.
public struct AnalyzerDescriptor: Sendable, Hashable {
    public var id: String
    public var task: String
    public var version: String
    public var summary: String
    /// How it works, in a few words: `lexicon (VADER 3.3.2)`, `model all-MiniLM-L6-v2`.
    public var backend: String
    public var options: [OptionSpec]
    /// Whether the engine caches this analyzer's outputs.
    ///
    /// `false` for analyzers that recompute a record faster than a cache lookup costs (lexical
    /// ones such as VADER, about a microsecond a text); everything model-based caches.
    public var cacheable: Bool

    public init(
        id: String, task: String, version: String, summary: String, backend: String,
        options: [OptionSpec] = [], cacheable: Bool = true
    ) {
        self.cacheable = cacheable
        self.id = id
        self.task = task
        self.version = version
        self.summary = summary
        self.backend = backend
        self.options = options
    }
}

/// One option an analyzer accepts, with its default.
public struct OptionSpec: Sendable, Hashable {
    public var name: String
    public var summary: String
    public var defaultValue: OptionValue
    /// The values allowed, when the option is a choice.
    public var choices: [OptionValue]?

    public init(name: String, summary: String, defaultValue: OptionValue, choices: [OptionValue]? = nil) {
        self.name = name
        self.summary = summary
        self.defaultValue = defaultValue
        self.choices = choices
    }
}

/// An option value: a JSON scalar.
@frozen
public enum OptionValue: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)

    public var description: String {
        switch self {
        case .bool(let b): return String(b)
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s
        }
    }

    /// Its JSON value.
    public var json: JSONValue {
        switch self {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        }
    }

    /// The same kind of value as `self`, parsed from user text; nil when the text doesn't fit.
    public func parsingSameKind(_ text: String) -> OptionValue? {
        switch self {
        case .bool:
            switch text.lowercased() {
            case "true", "on", "yes", "1": return .bool(true)
            case "false", "off", "no", "0": return .bool(false)
            default: return nil
            }
        case .int: return Int(text).map(OptionValue.int)
        case .double: return Double(text).map(OptionValue.double)
        case .string: return .string(text)
        }
    }
}

/// The effective options of one analyzer instance: every declared option, defaults filled in.
public struct AnalyzerOptions: Sendable, Hashable {
    public private(set) var values: [String: OptionValue]

    public init(_ values: [String: OptionValue] = [:]) {
        self.values = values
    }

    public subscript(name: String) -> OptionValue? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// Canonical JSON: keys sorted, compact. Enters the cache key.
    public var canonicalJSON: String {
        JSONValue.object(values.keys.sorted().map { JSONField($0, values[$0]!.json) }).jsonString
    }

    public func bool(_ name: String) -> Bool? {
        if case .bool(let b)? = values[name] { return b }
        return nil
    }

    public func int(_ name: String) -> Int? {
        if case .int(let i)? = values[name] { return i }
        return nil
    }

    public func double(_ name: String) -> Double? {
        switch values[name] {
        case .double(let d)?: return d
        case .int(let i)?: return Double(i)
        default: return nil
        }
    }

    public func string(_ name: String) -> String? {
        if case .string(let s)? = values[name] { return s }
        return nil
    }
}
