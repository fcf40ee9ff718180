import TaskFlowCore
import TaskFlowPluginAPI

extension AnalyzerOptions {
    /// A whole-number option in `range`, or its default.
    ///
    /// - Throws: `bad-option-value` naming `tool.name`, the range and the default.
    func wholeNumber(_ name: String, of tool: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let raw = double(name) else { return value }
        guard raw == raw.rounded(), let v = Int(exactly: raw), range.contains(v) else {
            throw TaskFlowFailure(
                "bad-option-value",
                "\(tool).\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(self[name].map { "\($0)" } ?? "\(raw)")",
                hint: "the default is \(value)")
        }
        return v
    }
}
