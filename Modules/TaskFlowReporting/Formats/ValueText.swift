import Foundation
import TaskFlowPluginAPI

/// Analysis values as short text for tables: `positive 0.64`, `3: battery · charger`.
public enum ValueText {
    /// One cell's worth of a value: a label and score, a topic, the first spans or phrases, the
    /// size of an embedding.
    public static func brief(_ value: AnalysisValue) -> String {
        switch value {
        case .classification(let c): return "\(c.label) \(String(format: "%.2f", c.score))"
        case .topic(let t): return "\(t.id): \(t.label)"
        case .spans(let s): return s.map { "\($0.text)/\($0.label)" }.joined(separator: ", ")
        case .keyphrases(let k): return k.prefix(3).map(\.text).joined(separator: ", ")
        case .embedding(let v): return "[\(v.count) floats]"
        case .json(let j): return j.jsonString
        @unknown default: return value.jsonString
        }
    }
}
