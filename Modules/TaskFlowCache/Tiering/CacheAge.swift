import Foundation
import TaskFlowPluginAPI

/// Ages like `30m`, `12h`, `7d` or `2w`, as used by `cache clear --older-than`.
public enum CacheAge {
    /// Seconds in an age.
    public static func parse(_ text: String) throws -> TimeInterval {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        guard let unit = text.last, let scale = units[unit], let n = Double(text.dropLast()), n >= 0 else {
            throw TaskFlowFailure(
                "bad-age", "cannot read the age '\(text)'", hint: "use a number and a unit: 30m, 12h, 7d or 2w", exitCode: 2)
        }
        return n * scale
    }
}
